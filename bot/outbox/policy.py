"""What to do after a failed send: which WeChat errors are worth retrying, and when.

Transient (retried with capped exponential backoff and jitter, up to a maximum of attempts):
timeouts and connection errors, HTTP 5xx, -1 system busy, 45009 API limit, and a token error
(40001/42001/40014) that persisted after the client's one refresh. Everything else WeChat
answers is permanent — the row is dead at once with the code and message; 40164 (IP not
whitelisted) especially must never loop.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Mapping

import requests
from wechatpy.exceptions import WeChatClientException

from ..wechat.token_store import TokenUnavailable

TRANSIENT_CODES = frozenset({-1, 45009, 40001, 40014, 42001})
# Outside the customer-service window (45015) or over its quota (45047): try a template.
WINDOW_CODES = frozenset({45015, 45047})


@dataclass(frozen=True)
class Failure:
    """One failed call, classified."""

    code: int | str  # WeChat errcode, "http-503", "timeout", "network", ...
    message: str
    transient: bool

    @property
    def reason(self) -> str:
        return f"{self.code}: {self.message}"


def classify(exc: BaseException) -> Failure:
    """Turn what the client raised into a Failure."""
    if isinstance(exc, WeChatClientException):
        if exc.errcode is None:  # an HTTP error status, no WeChat JSON
            status = getattr(exc.response, "status_code", None)
            return Failure(f"http-{status}", "HTTP error from the WeChat API", transient=True)
        code = int(exc.errcode)
        return Failure(code, str(exc.errmsg or ""), transient=code in TRANSIENT_CODES)
    if isinstance(exc, requests.Timeout):
        return Failure("timeout", str(exc) or "request timed out", transient=True)
    if isinstance(exc, requests.ConnectionError):
        return Failure("network", str(exc) or "connection failed", transient=True)
    if isinstance(exc, TokenUnavailable):
        return Failure("token", str(exc), transient=True)
    if isinstance(exc, requests.RequestException):
        return Failure("http", str(exc), transient=True)
    return Failure(type(exc).__name__, str(exc), transient=False)


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Delay before retry number `attempt` (1, 2, …): "equal jitter" on base·2^(attempt-1), capped.

    The delay lies in [d/2, d] with d = min(cap, base·2^(attempt-1)): it grows, it is bounded,
    and workers that failed together do not retry together.
    """
    ceiling = min(cap, base * (2 ** max(0, attempt - 1)))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


@dataclass(frozen=True)
class OutboxSettings:
    template_ids: Mapping[str, str] = field(default_factory=dict)
    batch_size: int = 20
    lease_seconds: float = 60.0
    max_attempts: int = 8
    backoff_base: float = 10.0
    backoff_cap: float = 1800.0
    poll_seconds: float = 1.0
    # Longest one row's send can take (token fetch, custom send, template fallback, one
    # refresh-and-retry): a claim is renewed before a send when less than this is left.
    send_budget: float = 22.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "OutboxSettings":
        timeout = float(config.get("WECHAT_TIMEOUT_SECONDS", 5.0))
        lease = float(config.get("OUTBOX_LEASE_SECONDS", 60.0))
        return cls(
            template_ids=dict(config.get("TEMPLATE_IDS") or {}),
            batch_size=int(config.get("OUTBOX_BATCH_SIZE", 20)),
            lease_seconds=lease,
            max_attempts=int(config.get("OUTBOX_MAX_ATTEMPTS", 8)),
            backoff_base=float(config.get("OUTBOX_BACKOFF_BASE_SECONDS", 10.0)),
            backoff_cap=float(config.get("OUTBOX_BACKOFF_CAP_SECONDS", 1800.0)),
            poll_seconds=float(config.get("OUTBOX_POLL_SECONDS", 1.0)),
            send_budget=min(4 * timeout + 2.0, lease * 0.8),
        )
