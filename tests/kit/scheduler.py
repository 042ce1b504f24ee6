"""Jobs tables for the scheduler tests: a job that records each run (with the process id)."""
from __future__ import annotations

import os
import uuid

from scheduler.jobs import Job, every
from bot.models import SharedValue


def record_run(session, now) -> None:
    session.add(SharedValue(key=f"run:{uuid.uuid4().hex}", value=str(os.getpid()), expires_at=now))


# Every second: for the lease test (two real scheduler processes).
EVERY_SECOND = [Job("tick", record_run, every(seconds=1), "records a run")]
