"""Noticing a new urgent push (a danger alert to staff) between the dispatcher's idle polls.

    watch = UrgentWatch(db, settings.urgent_poll_seconds)
    if watch.wait(stop, seconds=1.0):   # True as soon as an urgent row is due; no claim made
        ...claim now

An idle dispatcher claims again only every OUTBOX_IDLE_SECONDS (1 s), so a danger alert waited
for that poll (p50 1.0–1.2 s from message to WeChat). The watch asks more often
(OUTBOX_URGENT_POLL_SECONDS, 0.05 s) one cheap question: is a fresh urgent row due? Enqueue
dates an urgent row URGENT_HEAD_START (a day) before it was written, so fresh urgent rows are
exactly the pending rows due between a day plus LOOKBACK ago and a day ago: a short range of
ix_outbox_due, however long the backlog of ordinary rows. It only wakes the loop; the claim,
its lease, the fenced updates, retries and pacing are the ordinary ones, so nothing is sent
twice or out of turn. An urgent row waiting for a retry has a later due time: the ordinary
poll takes it.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import bindparam, select

from .. import clock
from ..db import Database
from ..models import OutboxMessage
from ..models.outbox import URGENT_KINDS
from .enqueue import URGENT_HEAD_START

log = logging.getLogger(__name__)

# Urgent rows written this long ago or less wake the loop; older ones are the ordinary poll's.
LOOKBACK = timedelta(minutes=10)


# Built once: asked 20 times a second by an idle dispatcher, on a Core connection (no ORM
# session): ~0.1 ms of CPU a time on SQLite, ~0.2 ms on PostgreSQL (0.3 and 0.95 ms through a session).
_FRESH_URGENT = (select(OutboxMessage.id)
                 .where(OutboxMessage.status == "pending",
                        OutboxMessage.next_attempt_at <= bindparam("newest"),
                        OutboxMessage.next_attempt_at > bindparam("oldest"),
                        OutboxMessage.kind.in_(URGENT_KINDS))
                 .limit(1))


def fresh_urgent_due(db: Database, now: datetime) -> bool:
    """Is an urgent row written in the last LOOKBACK still pending?"""
    newest = now - URGENT_HEAD_START
    with db.engine.connect() as connection:
        return connection.execute(_FRESH_URGENT, {"newest": newest, "oldest": newest - LOOKBACK}).first() is not None


class UrgentWatch:
    """Waits like `stop.wait(seconds)`, but returns True early when a fresh urgent row is due."""

    def __init__(self, db: Database, poll_seconds: float, now: Callable[[], datetime] = clock.now) -> None:
        self.db, self.poll_seconds, self.now = db, poll_seconds, now
        self.woke = False

    def due(self) -> bool:
        if self.poll_seconds <= 0:
            return False
        try:
            return fresh_urgent_due(self.db, self.now())
        except Exception:  # the database away: the loop's own claim notices and waits it out
            log.debug("outbox: urgent poll failed", exc_info=True)
            return False

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Until `seconds` pass or `stop` is set (False), or an urgent row is due (True)."""
        if self.poll_seconds <= 0:
            stop.wait(max(0.0, seconds))
            return False
        deadline = time.monotonic() + seconds
        if self.woke:  # the claim after the last wake found nothing: no tight loop on that row
            stop.wait(min(self.poll_seconds, max(0.0, seconds)))
        self.woke = False
        while not stop.is_set():
            if self.due():
                self.woke = True
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            stop.wait(min(self.poll_seconds, left))
        return False
