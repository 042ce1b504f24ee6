"""Refuse to start with a known or short SECRET_KEY outside dev and tests (issue 12, finding 11).

SECRET_KEY signs the admin page's session cookie: with `CHANGE-ME` copied from
deploy/pianqu.env.example anyone could forge a cadre's session. The check runs at app start
unless TESTING is set or the WeChat API is a local fake (`make run`, the benches and the tests
talk to one on loopback; production talks to api.weixin.qq.com).
"""
from __future__ import annotations

from typing import Mapping
from urllib.parse import urlsplit

MIN_LENGTH = 32
MIN_DISTINCT = 12
# Values shipped in this repository (config defaults, examples, benches) and the usual placeholders.
KNOWN = {"dev-secret-key-change-me", "change-me", "changeme", "change_me", "secret", "secret-key",
         "secretkey", "bench-secret", "dev", "development", "password", "default", "test", "testing"}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def weakness(secret: str | None) -> str | None:
    """Why `secret` must not sign cookies in production; None when it is fine."""
    value = (secret or "").strip()
    lowered = value.lower()
    if not value:
        return "is empty"
    if lowered in KNOWN or "change-me" in lowered or "changeme" in lowered:
        return "is a placeholder or a value shipped with the code"
    if len(value) < MIN_LENGTH:
        return f"is shorter than {MIN_LENGTH} characters"
    if len(set(value)) < MIN_DISTINCT:
        return "is not random (too few different characters)"
    return None


def _is_local_fake(api_base: str | None) -> bool:
    return (urlsplit(api_base or "").hostname or "") in _LOOPBACK


def check_secret_key(config: Mapping) -> None:
    """Raise RuntimeError when a production start has a weak SECRET_KEY."""
    if config.get("TESTING") or _is_local_fake(config.get("WECHAT_API_BASE")):
        return
    reason = weakness(config.get("SECRET_KEY"))
    if reason:
        raise RuntimeError(f"SECRET_KEY {reason}: set a long random value, e.g. "
                           "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
