"""The scheduler in a scripted world: which jobs of the jobs table fall due while the clock moves.

The one scheduler process runs every job of `scheduler/jobs.py` on its trigger (in TZ_NAME).
Here the clock only moves by `wait` steps, so each move asks every job's trigger when it fell
due in the interval. A job on a calendar (cron: the 09:00 and 15:00 whistle rounds, the 18:00
reminder of tomorrow's tasks) runs at every time it fell due, as the live scheduler would have
run it: what it does depends on the day. A sweep on an interval (every few minutes) runs once,
at its last due time: it catches up on everything due by then, so its runs in between would
change nothing but the minute. All in the order they fell due. Interval jobs count from the
start of the conversation, when the preparation ran them all.
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


def due_times(job: Job, tz: ZoneInfo, origin: datetime, after: datetime, until: datetime) -> list[datetime]:
    """The times in (after, until] that `job` fell due: all of them for a calendar job, the last
    one for an interval sweep (see the module's docstring)."""
    trigger = _trigger(job, tz, origin)
    fire = trigger.get_next_fire_time(None, (after + _SECOND).astimezone(tz))
    times = []
    while fire is not None and fire <= until:
        times.append(fire)
        fire = trigger.get_next_fire_time(fire, fire + _SECOND)
    return times[-1:] if job.trigger.kind == "interval" else times


def last_due(job: Job, tz: ZoneInfo, origin: datetime, after: datetime, until: datetime) -> datetime | None:
    """The last time in (after, until] that `job` fell due, or None."""
    times = due_times(job, tz, origin, after, until)
    return times[-1] if times else None


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
    """Run the jobs due in (after, until] at their due times (see `due_times`); leave the clock at `until`."""
    tz = ZoneInfo(app.config["TZ_NAME"])
    due = [(at, job) for job in scheduled_jobs(app) for at in due_times(job, tz, origin, after, until)]
    ran = []
    try:
        for at, job in sorted(due, key=lambda pair: pair[0]):
            moved.set(at)
            run_job(app, job)
            ran.append(job.id)
    finally:
        moved.set(until)
    return ran
