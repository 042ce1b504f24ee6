"""Signed, expiring links to a push's detail page: `<PUBLIC_BASE_URL>m/<token>`.

The token carries the outbox row's id and the link's expiry, signed (itsdangerous) with
SECRET_KEY; expiry is read against bot/clock.py, so tests can move past it. A guessed or
altered token, or an expired one, reads as None.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable, Mapping

from itsdangerous import BadSignature, URLSafeSerializer

from .. import clock

SALT = "push-page"
DEFAULT_DAYS = 30


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def make_token(secret: str, row_id: int, days: float = DEFAULT_DAYS) -> str:
    expires = int((clock.now() + timedelta(days=days)).timestamp())
    return _serializer(secret).dumps([int(row_id), expires])


def read_token(secret: str, token: str) -> int | None:
    """The outbox row id the token names, or None (forged, altered, expired)."""
    try:
        row_id, expires = _serializer(secret).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(row_id, int) or not isinstance(expires, int) or clock.now().timestamp() > expires:
        return None
    return row_id


def link_for(config: Mapping[str, Any], message: Any) -> str | None:
    base = str(config.get("PUBLIC_BASE_URL") or "")
    if not base:
        return None
    days = float(config.get("PUSH_LINK_DAYS") or DEFAULT_DAYS)
    return base.rstrip("/") + "/m/" + make_token(str(config["SECRET_KEY"]), message.id, days)


def make_linker(config: Mapping[str, Any]) -> Callable[[Any], str | None] | None:
    """The outbox's `linker` (links for template messages), or None without PUBLIC_BASE_URL."""
    if not config.get("PUBLIC_BASE_URL"):
        return None
    frozen = {k: config.get(k) for k in ("PUBLIC_BASE_URL", "PUSH_LINK_DAYS", "SECRET_KEY")}
    return lambda message: link_for(frozen, message)
