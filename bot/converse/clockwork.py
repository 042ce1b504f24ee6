"""The scheduler in a scripted world: which jobs of the jobs table fall due while the clock moves.

The one scheduler process runs every job of `scheduler/jobs.py` on its trigger (in TZ_NAME).
Here the clock only moves by `wait` steps, so each move asks every job's trigger whether it
fell due in the interval; a job that did runs once (APScheduler's coalescing), at its last due
time, in the order the jobs fell due. Interval jobs count from the start of the conversation,
when the preparation ran them all.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from bot import clock
from scheduler.jobs import Job
from scheduler.runner import load_jobs

_SECOND = timedelta(seconds=1)


def scheduled_jobs(app: Flask) -> list[Job]:
    return [job for job in load_jobs(app.config["SCHEDULER_JOBS"]) if not job.is_loop]


def _trigger(job: Job, tz: ZoneInfo, origin: datetime):
    if job.trigger.kind == "interval":
        return IntervalTrigger(timezone=tz, start_date=origin.astimezone(tz), **job.trigger.fields)
    return job.trigger.build(tz)


def last_due(job: Job, tz: ZoneInfo, origin: datetime, after: datetime, until: datetime) -> datetime | None:
    """The last time in (after, until] that `job` fell due, or None."""
    trigger = _trigger(job, tz, origin)
    fire = trigger.get_next_fire_time(None, (after + _SECOND).astimezone(tz))
    last = None
    while fire is not None and fire <= until:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + _SECOND)
    return last


def run_job(app: Flask, job: Job) -> object:
    """One run of `job` at the clock's time, in its own transaction (as scheduler/runner.py does)."""
    func = job.func
    with app.app_context():
        with app.extensions["db"].session() as session:
            return func(session, clock.now())


def run_all(app: Flask) -> None:
    """The preparation: every job once at the clock's time (what the scheduler did by now)."""
    for job in scheduled_jobs(app):
        run_job(app, job)


def run_due(app: Flask, moved, origin: datetime, after: datetime, until: datetime) -> list[str]:
    """Run every job due in (after, until] once, at its last due time; leave the clock at `until`."""
    tz = ZoneInfo(app.config["TZ_NAME"])
    due = []
    for job in scheduled_jobs(app):
        at = last_due(job, tz, origin, after, until)
        if at is not None:
            due.append((at, job))
    ran = []
    try:
        for at, job in sorted(due, key=lambda pair: pair[0]):
            moved.set(at)
            run_job(app, job)
            ran.append(job.id)
    finally:
        moved.set(until)
    return ran
