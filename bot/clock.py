"""The one clock of the app: real time in production, a set time in tests and `flask converse`.

Every "now" the app uses (models' defaults, handlers, the outbox, scheduler jobs, the admin
page) comes from `clock.now()`, so a test or a scripted conversation can fix the time, move it
on, and have the whole app agree:

    with clock.frozen(datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)) as moved:
        ...                       # clock.now() is 2026-12-07 01:00 UTC
        moved.advance(minutes=13)  # and now 01:13

`clock.now()` is always timezone-aware UTC; local time is `clock.local_now(tz_name)`; epoch
seconds (WeChat's timestamps, token expiry) are `clock.timestamp()`.
Monotonic durations (timeouts, budgets, leases measured in-process) keep using
`time.monotonic()`: they measure elapsed time, not the date.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

DEFAULT_TZ_NAME = "Asia/Shanghai"


class _SetTime:
    """A clock that stands still until moved (shared by every thread while set)."""

    def __init__(self, at: datetime):
        self._at = _aware_utc(at)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        with self._lock:
            self._at += delta if delta is not None else timedelta(**units)
            return self._at

    def set(self, at: datetime) -> None:
        with self._lock:
            self._at = _aware_utc(at)


_set_time: _SetTime | None = None


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    current = _set_time
    return current.now() if current is not None else datetime.now(timezone.utc)


def timestamp() -> float:
    """Seconds since the epoch, like `time.time()`, from the same clock."""
    return now().timestamp()


def local_now(tz_name: str = DEFAULT_TZ_NAME) -> datetime:
    return now().astimezone(ZoneInfo(tz_name))


@contextmanager
def frozen(at: datetime) -> Iterator[_SetTime]:
    """Fix the clock at `at` (aware, or naive UTC) inside the block; restore it afterwards."""
    global _set_time
    before, _set_time = _set_time, _SetTime(at)
    try:
        yield _set_time
    finally:
        _set_time = before


def _aware_utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
