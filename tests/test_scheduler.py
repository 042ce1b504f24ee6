"""The scheduler process: a second one stands by; a run missed while down happens once on restart."""
from __future__ import annotations

import signal
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from bot.models import SharedValue
from scheduler.jobs import JOBS, Job, every
from scheduler.runner import LEASE_NAME, SchedulerProcess, job_store, start_store
from tests.kit.scheduler import record_run
from tests.kit.processes import flask_process, subprocess_env

# APScheduler fires on the real clock and leases run out in real time.
pytestmark = pytest.mark.real_clock


@pytest.fixture(autouse=True)
def clean_job_store(db):
    """APScheduler's own table is not one of our models: empty it for each test."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
    yield


def _runs(db) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(SharedValue.value).where(SharedValue.key.like("run:%"))))


def _start(app, jobs, lease_seconds=2.0):
    process = SchedulerProcess(app, jobs=jobs, lease_seconds=lease_seconds)
    stop = threading.Event()
    thread = threading.Thread(target=process.run, args=(stop,), daemon=True)
    thread.start()
    return process, stop, thread


def _stored_next_run(app, job_id: str) -> datetime | None:
    from apscheduler.schedulers.blocking import BlockingScheduler

    store = job_store(app)
    start_store(store, BlockingScheduler())
    job = store.lookup_job(job_id)
    return job.next_run_time if job else None


@pytest.mark.slow
def test_a_run_missed_while_down_happens_once_on_restart(app, db):
    jobs = [Job("tick", record_run, every(seconds=3))]
    _, stop, thread = _start(app, jobs)
    deadline = time.monotonic() + 10
    while _stored_next_run(app, "tick") is None and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()  # down before the first run
    thread.join(timeout=10)
    first_due = _stored_next_run(app, "tick")
    assert first_due is not None and _runs(db) == []
    # Stay down across two due times.
    while datetime.now(timezone.utc) < first_due + timedelta(seconds=3.3):
        time.sleep(0.05)
    assert _runs(db) == []
    process, stop, thread = _start(app, jobs)
    time.sleep(1.2)  # the next regular run is 2.7 s away
    stop.set()
    thread.join(timeout=10)
    assert len(_runs(db)) == 1  # once: not dropped (misfire) and not twice (coalesced)
    assert _stored_next_run(app, "tick") > datetime.now(timezone.utc) - timedelta(seconds=1)


def test_an_unchanged_job_keeps_its_stored_next_run_and_a_changed_one_is_rescheduled(app, db):
    jobs = [Job("tick", record_run, every(hours=1)),
            Job("old", record_run, every(hours=2))]
    # Each start is waited for until the store shows it (a loaded CI machine once took longer than
    # the fixed half second this used to wait, and the first run had stored nothing yet).
    for attempt in range(2):
        _, stop, thread = _start(app, jobs if attempt == 0 else jobs[:1])
        if attempt == 0:
            first = _wait_stored(app, "tick", lambda at: at is not None)
        else:
            _wait_stored(app, "old", lambda at: at is None)
        stop.set()
        thread.join(timeout=10)
    assert first is not None
    assert _stored_next_run(app, "tick") == first
    assert _stored_next_run(app, "old") is None  # removed from the table, removed from the store
    changed = [Job("tick", record_run, every(minutes=1))]
    _, stop, thread = _start(app, changed)
    _wait_stored(app, "tick", lambda at: at is not None and at < first - timedelta(minutes=30))
    stop.set()
    thread.join(timeout=10)
    assert _stored_next_run(app, "tick") < first - timedelta(minutes=30)


def _wait_stored(app, job_id: str, done, timeout: float = 15.0):
    """The job's stored next run once `done` accepts it (or when `timeout` runs out)."""
    end = time.monotonic() + timeout
    while True:
        at = _stored_next_run(app, job_id)
        if done(at) or time.monotonic() > end:
            return at
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.processes
def test_a_second_scheduler_stays_idle_until_the_first_is_gone(migrated, db, fake_wechat, tmp_path):
    env = subprocess_env(migrated, fake_wechat.base_url, SCHEDULER_JOBS="tests.kit.scheduler:EVERY_SECOND",
                         SCHEDULER_LEASE_SECONDS="2")
    first = flask_process(env, "scheduler", "run", log_path=tmp_path / "first.log")
    second = None
    try:
        deadline = time.monotonic() + 20
        while not _runs(db) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _runs(db), (tmp_path / "first.log").read_text()
        second = flask_process(env, "scheduler", "run", log_path=tmp_path / "second.log")
        # A busy machine may take seconds to start the second process: wait for it to stand by,
        # then give it longer than a lease to (wrongly) take over.
        deadline = time.monotonic() + 30
        while "standing by" not in (tmp_path / "second.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)
        runs = _runs(db)
        assert set(runs) == {str(first.pid)}, "the second scheduler ran jobs while the first led"
        assert "standing by" in (tmp_path / "second.log").read_text()

        first.send_signal(signal.SIGKILL)  # no goodbye: its lease runs out on its own
        first.wait(timeout=10)
        deadline = time.monotonic() + 15
        while str(second.pid) not in _runs(db) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert str(second.pid) in _runs(db), (tmp_path / "second.log").read_text()
        # Runs only ever come from one process at a time: none of the first's after its death.
        assert _runs(db).count(str(first.pid)) == runs.count(str(first.pid))
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=15)
    # A clean stop gives the lease back at once.
    with db.session() as s:
        lease = s.get(SharedValue, LEASE_NAME)
        assert lease is not None and lease.value == ""


def test_scheduler_jobs_lists_ids_and_next_runs(app, runner):
    out = runner.invoke(args=["scheduler", "jobs"]).output
    for job in JOBS:
        assert job.id in out
    assert "dialog-expiry" in out and "leader: none running" in out


def test_the_jobs_table_points_at_real_functions():
    ids = [job.id for job in JOBS]
    assert len(ids) == len(set(ids))
    for job in JOBS:
        assert callable(job.func)
