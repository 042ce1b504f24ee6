"""Keeping sends under a rate: at most `per_process` sends a second from one dispatcher process,
and at most `overall` a second from all dispatchers together.

    pacer = Pacer(per_process=100, overall=100, db=db)
    pacer.wait()        # blocks until this caller may start one send

A send starts at its slot. Slots are handed out one at a time, each at least 1/rate after the
one before and never earlier than now (so idle time is not saved up for a burst):
- in the process, under a lock, so the dispatcher's sending threads share its rate;
- across processes, from a `SharedValue` row (`outbox:pace`) whose `expires_at` is the next
  free slot, moved on in a short transaction (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's
  BEGIN IMMEDIATE admits one writer), so two dispatchers never get the same slot.
0 turns a limit off.
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from ..db import Database
from ..models import SharedValue
from ..sqlutil import insert_or_ignore

PACE_KEY = "outbox:pace"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
STALE_AHEAD = timedelta(minutes=1)


class Pacer:
    def __init__(self, per_process: float = 0, overall: float = 0, db: Database | None = None):
        if overall and db is None:
            raise ValueError("an overall rate needs the database")
        self.per_process = per_process
        self.overall = overall
        self.db = db
        self._lock = threading.Lock()
        self._next = 0.0  # time.monotonic() of this process's next free slot

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            delay = max(0.0, self._next - now)
            if self.overall:
                delay = self._shared_delay(delay)
            if self.per_process:
                self._next = now + delay + 1 / self.per_process
        if delay > 0:
            time.sleep(delay)

    def _shared_delay(self, not_before: float) -> float:
        """Take the next overall slot at least `not_before` seconds from now; its delay."""
        now = datetime.now(timezone.utc)
        earliest = now + timedelta(seconds=not_before)
        with self.db.session() as s:
            free = self._locked_slot(s)
            if free is None:
                insert_or_ignore(s, SharedValue, {"key": PACE_KEY, "value": "", "expires_at": _EPOCH}, ["key"])
                free = self._locked_slot(s)
            if free > now + STALE_AHEAD:
                free = now  # only a clock that jumped back puts the next slot that far ahead
            slot = max(free, earliest)
            s.execute(update(SharedValue).where(SharedValue.key == PACE_KEY)
                      .values(expires_at=slot + timedelta(seconds=1 / self.overall))
                      .execution_options(synchronize_session=False))
        return (slot - now).total_seconds()

    @staticmethod
    def _locked_slot(session) -> datetime | None:
        return session.scalar(select(SharedValue.expires_at).where(SharedValue.key == PACE_KEY).with_for_update())
