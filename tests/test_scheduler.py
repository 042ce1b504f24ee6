"""The scheduler process: jobs from the table, a run missed while down happens once, one process at a time."""
from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.models import DialogState
from scheduler import runner
from scheduler.jobs import JOBS, JobSpec
from tests.outbound_kit import child_env, start_flask, stop_all, wait_for
from tests.scheduler_probe import runs


@pytest.fixture
def app_config(app_config):
    table = "apscheduler_jobs_" + uuid.uuid4().hex[:8]
    return {**app_config, "SCHEDULER_JOBS_TABLE": table, "SCHEDULER_LEASE_SECONDS": 2.0}


@pytest.fixture(autouse=True)
def drop_jobs_table(app):
    yield
    table = app.config["SCHEDULER_JOBS_TABLE"]
    with app.extensions["db"].engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))


class Running:
    """`runner.run` in a thread, as `flask scheduler run` runs it in the main thread."""

    def __init__(self, app, jobs):
        self.stop = threading.Event()
        self.states: list[str] = []
        self.thread = threading.Thread(target=runner.run, args=(app, jobs, self.stop, self.states.append),
                                       daemon=True)
        self.thread.start()

    def halt(self) -> None:
        self.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive()


def test_the_jobs_table_is_well_formed(app):
    assert len({job.id for job in JOBS}) == len(JOBS)
    for job in JOBS:
        assert callable(runner.resolve(job.func))
        runner.make_trigger(job, runner.ZoneInfo(app.config["TZ_NAME"]))
        assert job.store in runner.STORES


def test_jobs_run_in_an_app_context_and_a_transaction(app, db):
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    with db.session() as s:
        s.add(DialogState(openid="idle", flow="booking", step="kind", slots={}, expires_at=past))
    fast = [dataclasses.replace(job, trigger={"trigger": "interval", "seconds": 0.3})
            for job in JOBS if job.id == "dialog-expiry"]
    probe = JobSpec("probe", "tests.scheduler_probe:record", {"trigger": "interval", "seconds": 0.3}, store="memory")
    scheduler = Running(app, fast + [probe])
    try:
        wait_for(lambda: runs(db), timeout=10, what="a probe run")
        wait_for(lambda: not _dialog_exists(db, "idle"), timeout=10, what="dialog expiry")
    finally:
        scheduler.halt()
    assert scheduler.states == ["running", "stopped"]


def _dialog_exists(db, openid: str) -> bool:
    with db.session() as s:
        return s.get(DialogState, openid) is not None


@pytest.mark.parametrize("defaults, expected_runs", [
    (None, 1),  # ours: misfire_grace_time=None, coalesce=True
    ({"misfire_grace_time": 1, "coalesce": False, "max_instances": 1}, 0),  # APScheduler's: dropped
], ids=["ours", "apscheduler-defaults"])
def test_a_run_missed_while_down_happens_once_on_restart(app, db, monkeypatch, defaults, expected_runs):
    if defaults:
        monkeypatch.setattr(runner, "JOB_DEFAULTS", defaults)
    due = datetime.now(timezone.utc) + timedelta(seconds=1.5)
    hourly = [JobSpec("probe", "tests.scheduler_probe:record", {"trigger": "interval", "hours": 1, "start_date": due})]
    first = Running(app, hourly)
    wait_for(lambda: "probe" in _stored(app, db), timeout=10, what="the job stored")
    first.halt()  # down before the job fell due
    assert runs(db) == []
    time.sleep(max(0.0, (due - datetime.now(timezone.utc)).total_seconds()) + 2.0)

    second = Running(app, hourly)  # back up after the due time
    try:
        wait_for(lambda: _stored(app, db)["probe"]["next_run_time"] > due, timeout=10, what="the missed run handled")
        if expected_runs:
            wait_for(lambda: runs(db), timeout=10, what="the missed run")
        time.sleep(1.5)  # time for a second run, if there were one
        assert len(runs(db)) == expected_runs
        assert _stored(app, db)["probe"]["next_run_time"] > datetime.now(timezone.utc) + timedelta(minutes=50)
    finally:
        second.halt()


def test_the_jobs_command_lists_ids_and_next_runs(app, runner, db):
    stored_first = runner.invoke(args=["scheduler", "jobs"]).output
    assert "dialog-expiry" in stored_first and "not scheduled yet" in stored_first
    scheduler = Running(app, JOBS)
    wait_for(lambda: "dialog-expiry" in _stored(app, db), timeout=10, what="jobs stored")
    scheduler.halt()
    output = runner.invoke(args=["scheduler", "jobs"]).output
    assert "outbox-dispatch" in output and "interval[0:05:00]" in output
    assert "not scheduled yet" not in output


def _stored(app, db) -> dict:
    return runner.stored_jobs(db.engine, app.config["SCHEDULER_JOBS_TABLE"])


@pytest.mark.slow
def test_a_second_scheduler_stays_idle_until_the_first_is_gone(app, db, tmp_path):
    env = child_env(dict(app.config), SCHEDULER_LEASE_SECONDS=2, SCHEDULER_JOBS_TABLE=app.config["SCHEDULER_JOBS_TABLE"],
                    PROBE_INTERVAL=0.3)
    args = ["scheduler", "run", "--jobs", "tests.scheduler_probe:JOBS"]
    first = start_flask(args, env, tmp_path / "first.log")
    processes = [first]
    try:
        wait_for(lambda: runs(db, first.pid), timeout=20, what="the first scheduler's runs")
        second = start_flask(args, env, tmp_path / "second.log")
        processes.append(second)
        wait_for(lambda: "scheduler waiting" in (tmp_path / "second.log").read_text(), timeout=20,
                 what="the second scheduler waiting")
        time.sleep(2.5)  # longer than a lease: the first keeps renewing it
        assert runs(db, second.pid) == []
        assert len(runs(db, first.pid)) >= 5

        os.kill(first.pid, signal.SIGKILL)
        first.wait(5)
        killed_at = time.monotonic()
        wait_for(lambda: runs(db, second.pid), timeout=15, what="the second scheduler taking over")
        took_over = time.monotonic() - killed_at
        assert took_over < 10  # the lease (2 s) + a poll (2/3 s) + starting, with room for a busy machine
        second.send_signal(signal.SIGTERM)
        assert second.wait(10) == 0
        assert "scheduler stopped" in (tmp_path / "second.log").read_text()
    finally:
        stop_all(processes)
