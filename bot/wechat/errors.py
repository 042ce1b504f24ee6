"""What a failed WeChat call means for a retry: transient (try later) or permanent (give up).

Codes from WECHAT.md and WeChat's global error-code table. Unknown codes count as permanent:
a message we do not understand is better visibly dead (with its code) than retried forever.
"""
from __future__ import annotations

# Access token invalid / expired: one refresh and one retry inside the client, then transient.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
# Worth another try later: system busy, API rate limit.
TRANSIENT_CODES = frozenset({-1, 45009, 45011}) | TOKEN_ERRORS
# The API's daily call quota is used up: nothing gets through until it resets at midnight
# Beijing time, so retrying sooner only spends calls (see the outbox's quota gate).
DAILY_QUOTA_CODES = frozenset({45009})
# Outside the 48-hour customer-service window (45015) or over its per-user quota (45047):
# a template message may still reach the user.
CS_WINDOW_CODES = frozenset({45015, 45047})
# Never loop on these: unsubscribed, bad openid, bad template, bad argument, no permission,
# server IP not whitelisted, user refused.
PERMANENT_CODES = frozenset({43004, 40003, 40037, 47001, 47003, 48001, 40164, 43101, 40013, 40125})

HTTP_TRANSIENT_STATUSES = frozenset({408, 425, 429}) | frozenset(range(500, 600))


class WeChatApiError(Exception):
    """A call to the WeChat API that did not succeed.

    `code` is WeChat's errcode, or None for transport failures (timeout, connection error,
    HTTP status); `transient` says whether a later retry may succeed.
    """

    def __init__(self, code: int | None, message: str, transient: bool, http_status: int | None = None):
        super().__init__(f"{code if code is not None else 'http'}: {message}")
        self.code = code
        self.message = message
        self.transient = transient
        self.http_status = http_status

    @property
    def outside_cs_window(self) -> bool:
        return self.code in CS_WINDOW_CODES

    @property
    def daily_quota_reached(self) -> bool:
        return self.code in DAILY_QUOTA_CODES

    def describe(self) -> str:
        if self.code is not None:
            return f"errcode {self.code}: {self.message}"
        if self.http_status is not None:
            return f"HTTP {self.http_status}: {self.message}"
        return self.message


def from_errcode(code: int, message: str) -> WeChatApiError:
    return WeChatApiError(code, message, transient=code in TRANSIENT_CODES)


def from_http_status(status: int, message: str = "") -> WeChatApiError:
    return WeChatApiError(None, message or "bad HTTP status", transient=status in HTTP_TRANSIENT_STATUSES,
                           http_status=status)


def from_transport(exc: Exception) -> WeChatApiError:
    """Timeouts and connection errors. A read timeout may hide a delivered message (see outbox)."""
    return WeChatApiError(None, f"{type(exc).__name__}: {exc}"[:300], transient=True)
