"""A job for scheduler tests: each run writes a `probe:<pid>:…` row, so tests count runs per process.

`JOBS` (for `flask scheduler run --jobs tests.scheduler_probe:JOBS` in child processes) is one
probe job every PROBE_INTERVAL seconds (memory store).
"""
from __future__ import annotations

import os
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import SharedValue
from scheduler.jobs import JobSpec


def record(session: Session, now: datetime) -> None:
    session.add(SharedValue(key=f"probe:{os.getpid()}:{uuid.uuid4().hex[:8]}", value=now.isoformat()))


def runs(db, pid: int | None = None) -> list[str]:
    """Keys of the probe rows written (by process `pid`, or by any)."""
    prefix = f"probe:{pid}:" if pid else "probe:"
    with db.session() as s:
        return list(s.scalars(select(SharedValue.key).where(SharedValue.key.startswith(prefix))))


JOBS = (JobSpec("probe", "tests.scheduler_probe:record",
                {"trigger": "interval", "seconds": float(os.environ.get("PROBE_INTERVAL", "0.5"))},
                store="memory"),)
