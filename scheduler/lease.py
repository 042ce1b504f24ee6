"""The scheduler's lease: only the process holding it runs jobs; a second one waits.

APScheduler 3 cannot share a job store between processes (each fires every job), so one
process holds a database lease (bot/leases.py) and renews it every third of its lifetime from
a background thread. If a renewal fails, the holder stops its scheduler at once; a waiting
process takes the lease when it has expired.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot import leases
from bot.db import Database

log = logging.getLogger(__name__)
LEASE_KEY = "scheduler:lease"


class SchedulerLease:
    def __init__(self, db: Database, ttl: float, key: str = LEASE_KEY):
        self.db, self.ttl, self.key = db, ttl, key
        self.owner = leases.new_owner_id()
        self._renewed_at = 0.0  # monotonic time of the last successful acquire/renew
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> bool:
        started = time.monotonic()
        try:
            ok = leases.acquire(self.db, self.key, self.owner, self.ttl)
        except SQLAlchemyError:
            log.exception("could not reach the database for the scheduler lease")
            return False
        if ok:
            self._renewed_at = started
        return ok

    @property
    def held(self) -> bool:
        """True while our last renewal is recent enough that nobody else can hold the lease."""
        return self._renewed_at > 0 and time.monotonic() - self._renewed_at < self.ttl

    def holder(self) -> str | None:
        return leases.holder(self.db, self.key)

    def keep(self, on_lost: Callable[[], None]) -> None:
        """Renew in the background until stop(); call on_lost() once if a renewal fails."""
        self._stop.clear()

        def renew_loop() -> None:
            while not self._stop.wait(self.ttl / 3):
                if not self.acquire():
                    log.error("scheduler lost its lease; stopping its jobs")
                    self._renewed_at = 0.0
                    on_lost()
                    return

        self._thread = threading.Thread(target=renew_loop, name="scheduler-lease", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def release(self) -> None:
        self._renewed_at = 0.0
        try:
            leases.release(self.db, self.key, self.owner)
        except SQLAlchemyError:
            log.warning("could not release the scheduler lease; it will expire on its own")
