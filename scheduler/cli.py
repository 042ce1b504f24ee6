"""`flask scheduler run` (the one scheduler process) and `flask scheduler jobs` (what runs when)."""
from __future__ import annotations

import signal
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, select

from .jobs import JOBS
from .runner import jobs_table, make_trigger, resolve, run


@click.group("scheduler")
def scheduler_group() -> None:
    """The scheduler process (timed jobs: pushes, reminders, themes, clean-up)."""


def _job_table(path: str | None):
    return resolve(path) if path else JOBS


@scheduler_group.command("run")
@click.option("--jobs", "jobs_path", default=None, hidden=True,
              help="module:NAME of another job table (tests).")
@with_appcontext
def run_command(jobs_path: str | None) -> None:
    """Run the scheduled jobs (a second process waits idle until this one stops)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    app = current_app._get_current_object()
    run(app, _job_table(jobs_path), stop,
        on_state=lambda state: click.echo(f"scheduler {state}", err=True))


@scheduler_group.command("jobs")
@click.option("--jobs", "jobs_path", default=None, hidden=True)
@with_appcontext
def jobs_command(jobs_path: str | None) -> None:
    """List the jobs with their next run time."""
    tz = ZoneInfo(current_app.config["TZ_NAME"])
    engine = current_app.extensions["db"].engine
    table_name = current_app.config["SCHEDULER_JOBS_TABLE"]
    next_runs: dict[str, float | None] = {}
    if inspect(engine).has_table(table_name):
        table = jobs_table(table_name)
        with engine.connect() as conn:
            next_runs = dict(conn.execute(select(table.c.id, table.c.next_run_time)).all())
    for spec in _job_table(jobs_path):
        trigger = make_trigger(spec, tz)
        if spec.store == "memory":
            when = "while the scheduler runs"
        elif spec.id in next_runs and next_runs[spec.id] is not None:
            when = datetime.fromtimestamp(next_runs[spec.id], tz).strftime("%Y-%m-%d %H:%M:%S %Z")
        else:
            when = "not scheduled yet (first `flask scheduler run`)"
        click.echo(f"{spec.id:<18} {str(trigger):<28} next: {when}")
        if spec.description:
            click.echo(f"{'':<18} {spec.description}")


commands = [scheduler_group]
