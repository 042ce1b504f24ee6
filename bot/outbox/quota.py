"""WeChat's daily API quotas as a dispatcher sees them: which API is used up, and until when.

A 45009 answer means the account has spent the day's calls of that API. Customer-service
messages ("custom") and template messages ("template") are counted separately, and both come
back at midnight Beijing time. Until then a call only spends time and gets 45009 again, so:

    gate = QuotaGate()
    until = gate.close("template", now)        # after a 45009 from the template API
    gate.closed_until("template", now)          # -> until, or None once it has passed

A push that meets a closed quota waits for the reset without counting as a failed attempt
(dispatcher.py): a monthly theme to a large county can use up the day's template quota, and
those pushes must go out the next day, not end up dead after a few retries. One gate per
dispatcher process: another process learns of the quota from its own first 45009.
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

# China keeps no daylight saving time, so a fixed offset is exact (and needs no tz database).
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
APIS = ("custom", "template")


def next_quota_reset(now: datetime) -> datetime:
    """The next midnight in Beijing after `now` (aware), in UTC."""
    local = now.astimezone(BEIJING)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(timezone.utc)


class QuotaGate:
    """The APIs whose daily quota is used up, each until its reset. Thread-safe."""

    def __init__(self) -> None:
        self._closed_until: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def close(self, api: str, now: datetime) -> datetime:
        until = next_quota_reset(now)
        with self._lock:
            self._closed_until[api] = until
        return until

    def closed_until(self, api: str, now: datetime) -> datetime | None:
        with self._lock:
            until = self._closed_until.get(api)
            if until is not None and now >= until:
                del self._closed_until[api]
                return None
            return until


# Every waiting row's last_error starts so (the admin page counts them by it).
WAITING_REASON_PREFIX = "daily quota of "


def waiting_reason(api: str, until: datetime) -> str:
    local = until.astimezone(BEIJING)
    return f"{WAITING_REASON_PREFIX}{api} messages used up (45009); waiting until {local:%Y-%m-%d %H:%M} Beijing time"
