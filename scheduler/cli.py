"""`flask scheduler run` (the one scheduler process) and `flask scheduler jobs` (what it runs, when).

`make run` starts `flask --app wsgi scheduler run` beside the web workers; in production run it
as its own service, once. A second copy started by mistake stands by (see scheduler/runner.py).
"""
from __future__ import annotations

import signal
import threading
from zoneinfo import ZoneInfo

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app
from flask.cli import with_appcontext

from bot import leases

from .runner import LEASE_NAME, SchedulerProcess, job_store, load_jobs, start_store


@click.group("scheduler")
def scheduler_group() -> None:
    """The scheduler process (timed jobs that enqueue pushes)."""


@scheduler_group.command("run")
@with_appcontext
def run_command() -> None:
    """Run the jobs table until Ctrl-C / SIGTERM (stands by while another scheduler leads)."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    SchedulerProcess(current_app._get_current_object()).run(stop)


@scheduler_group.command("jobs")
@with_appcontext
def jobs_command() -> None:
    """List job ids, triggers and next run times (from the persistent job store)."""
    tz = ZoneInfo(current_app.config["TZ_NAME"])
    store = job_store(current_app)
    start_store(store, BlockingScheduler(timezone=tz))
    stored = {job.id: job for job in store.get_all_jobs()}
    for job in load_jobs(current_app.config["SCHEDULER_JOBS"]):
        if job.is_loop:
            when = "continuous"
        elif job.id in stored and stored[job.id].next_run_time:
            when = stored[job.id].next_run_time.astimezone(tz).isoformat(timespec="seconds")
        else:
            when = "not scheduled yet (set when the scheduler starts)"
        click.echo(f"{job.id:<22} {str(job.trigger):<28} next: {when}")
        if job.description:
            click.echo(f"{'':<22} {job.description}")
    holder = leases.holder_of(current_app.extensions["db"], LEASE_NAME)
    click.echo(f"leader: {holder or 'none running'}")


commands = [scheduler_group]
