"""The scale test's clock: make a scheduler job due at a chosen moment.

The scheduler keeps each job's next run time in APScheduler's persistent job store and, at
start, keeps a stored time whose trigger is unchanged (scheduler/runner.py `sync_jobs`); a run
that fell due while no scheduler was up runs once at start (`misfire_grace_time=None`). So
writing the job's next run time into the store while the scheduler is down is exactly what
"the monthly push fell due" looks like to it, without freezing time or touching the app.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.job import Job as StoredJob
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduler.runner import JOB_DEFAULTS, job_store, load_jobs, run_job, start_store


def make_job_due(app: Flask, job_id: str, when: datetime) -> None:
    """Store `when` as the next run time of `job_id` (call only while no scheduler runs)."""
    tz = ZoneInfo(app.config["TZ_NAME"])
    scheduler = BlockingScheduler(timezone=tz, job_defaults=JOB_DEFAULTS)
    store = job_store(app)
    start_store(store, scheduler)
    spec = {job.id: job for job in load_jobs(app.config["SCHEDULER_JOBS"])}[job_id]
    job = StoredJob(scheduler, id=job_id, name=job_id, func=run_job, args=[job_id], kwargs={},
                    trigger=spec.trigger.build(tz), executor="default", next_run_time=when.astimezone(tz),
                    **JOB_DEFAULTS)
    try:
        store.update_job(job)
    except JobLookupError:
        store.add_job(job)
