"""bench/scale/clock.py: a job made due while no scheduler runs fires at the scheduler's start.

The scale test relies on it to start the monthly push mid-run (and the next hourly run after a
scheduler killed during the push) without freezing time or adding a hook to the app.
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from bench.scale.clock import make_job_due
from bot.models import SharedValue
from scheduler.jobs import Job, every
from scheduler.runner import SchedulerProcess
from tests.kit.scheduler import record_run

# APScheduler fires on the real clock.
pytestmark = pytest.mark.real_clock

HOURLY = [Job("tick", record_run, every(hours=1), "records a run")]


@pytest.fixture(autouse=True)
def _fresh_job_store(db):
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
    yield


def test_a_job_made_due_runs_once_when_the_scheduler_starts(app, db):
    app.config["SCHEDULER_JOBS"] = "tests.test_scale_clock:HOURLY"
    make_job_due(app, "tick", datetime.now(timezone.utc) + timedelta(seconds=1))
    process = SchedulerProcess(app, lease_seconds=2.0)
    stop = threading.Event()
    thread = threading.Thread(target=process.run, args=(stop,), daemon=True)
    thread.start()
    time.sleep(3.0)  # an hourly job: without the stored time it would not run for an hour
    stop.set()
    thread.join(timeout=10)
    with db.session() as s:
        runs = list(s.scalars(select(SharedValue.value).where(SharedValue.key.like("run:%"))))
    assert len(runs) == 1
