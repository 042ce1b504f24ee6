"""Keeping sends under a rate: at most `per_process` sends a second from one dispatcher process,
and at most `overall` a second from all dispatchers together.

    pacer = Pacer(per_process=100, overall=100, db=db)
    pacer.wait()        # blocks until this caller may start one send

A send starts at its slot. Slots are handed out one at a time, each at least 1/rate after the
one before and never earlier than now (so idle time is not saved up for a burst):
- in the process, under a lock, so the dispatcher's sending threads share its rate;
- across processes, from a `SharedValue` row (`outbox:pace`) whose `expires_at` is the next
  free slot, moved on in a short transaction (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's
  BEGIN IMMEDIATE admits one writer), so two dispatchers never get the same slot. A process
  takes the next RESERVE_AHEAD seconds of slots per transaction (10 at 100 a second), not one:
  a trip to the database per send, made under the lock, was the sending threads' bottleneck.
  A reserved slot that has passed unused (the threads were busy) is dropped, not used late, so
  the overall rate holds.
0 turns a limit off.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from .. import clock
from ..db import Database
from ..models import SharedValue
from ..sqlutil import insert_or_ignore

PACE_KEY = "outbox:pace"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
STALE_AHEAD = timedelta(minutes=1)
RESERVE_AHEAD = 0.1  # seconds of overall slots taken per trip to the database


class Pacer:
    def __init__(self, per_process: float = 0, overall: float = 0, db: Database | None = None):
        if overall and db is None:
            raise ValueError("an overall rate needs the database")
        self.per_process = per_process
        self.overall = overall
        self.db = db
        self._lock = threading.Lock()
        self._next = 0.0  # time.monotonic() of this process's next free slot
        self._block = max(1, round(overall * RESERVE_AHEAD)) if overall else 0
        self._reserved: deque[float] = deque()  # overall slots taken, as time.monotonic()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            if self.overall:
                start = self._overall_slot(start, now)
            if self.per_process:
                self._next = start + 1 / self.per_process
        if start > now:
            time.sleep(start - now)

    def _overall_slot(self, not_before: float, now: float) -> float:
        """The first reserved slot not before `not_before` (and not passed by more than one
        interval); reserves the next block when none is left."""
        late = 1 / self.overall
        while self._reserved and (self._reserved[0] < not_before - late / 2 or self._reserved[0] < now - late):
            self._reserved.popleft()
        if not self._reserved:
            self._reserved.extend(self._reserve(not_before - now, now))
        return max(self._reserved.popleft(), not_before)

    def _reserve(self, not_before: float, now_monotonic: float) -> list[float]:
        """Take the next `_block` overall slots at least `not_before` seconds from now."""
        now = clock.now()
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
                      .values(expires_at=slot + timedelta(seconds=self._block / self.overall))
                      .execution_options(synchronize_session=False))
        first = now_monotonic + (slot - now).total_seconds()
        return [first + i / self.overall for i in range(self._block)]

    @staticmethod
    def _locked_slot(session) -> datetime | None:
        return session.scalar(select(SharedValue.expires_at).where(SharedValue.key == PACE_KEY).with_for_update())
