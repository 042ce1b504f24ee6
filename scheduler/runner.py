"""The scheduler process: APScheduler 3's BlockingScheduler over the jobs table, one at a time.

    run(app, jobs=JOBS, stop=threading.Event())   # `flask scheduler run`

- It first takes the database lease (lease.py); a second process waits, idle, until the
  first one's lease expires.
- Jobs live in APScheduler's SQLAlchemyJobStore on DATABASE_URL (table SCHEDULER_JOBS_TABLE),
  with misfire_grace_time=None and coalesce=True: a run that fell due while the process was
  down happens once when it comes back (APScheduler's default grace of 1 s would drop it).
- Each job is stored as `scheduler.runner:run_job(<job id>)`, so the stored reference stays
  valid whatever the table says; run_job looks the id up, opens an app context and, for most
  jobs, one transaction.
"""
from __future__ import annotations

import importlib
import logging
import pickle
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import Column, Float, LargeBinary, MetaData, Table, Unicode, delete, inspect, select

from .jobs import JOBS, JobSpec
from .lease import SchedulerLease

log = logging.getLogger(__name__)
TRIGGERS = {"interval": IntervalTrigger, "cron": CronTrigger, "date": DateTrigger}
STORES = {"database": "default", "memory": "memory"}
JOB_DEFAULTS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}


class _Running:
    """What run_job needs: the app and jobs of the scheduler running in this process."""

    app: Flask | None = None
    jobs: dict[str, JobSpec] = {}
    lease: SchedulerLease | None = None


def resolve(path: str) -> Callable[..., Any]:
    """"module:function" or "module.function" → the function."""
    module, _, name = path.partition(":") if ":" in path else path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def run_job(job_id: str) -> None:
    """What APScheduler calls: one job, in an app context (and a transaction)."""
    app, spec, lease = _Running.app, _Running.jobs.get(job_id), _Running.lease
    if app is None or spec is None:
        log.warning("job %s is not in this scheduler's table; skipped", job_id)
        return
    if lease is not None and not lease.held:
        log.warning("job %s skipped: this scheduler no longer holds the lease", job_id)
        return
    function = resolve(spec.func)
    now = datetime.now(timezone.utc)
    with app.app_context():
        if spec.in_transaction:
            with app.extensions["db"].session() as session:
                function(session, now)
        else:
            function(now)


def make_trigger(spec: JobSpec, tz: ZoneInfo):
    args = dict(spec.trigger)
    kind = args.pop("trigger")
    return TRIGGERS[kind](timezone=tz, **args)


def jobs_table(name: str) -> Table:
    """APScheduler's job table, as SQLAlchemyJobStore defines it (to read it without starting one)."""
    return Table(name, MetaData(), Column("id", Unicode(191), primary_key=True),
                 Column("next_run_time", Float(25), index=True), Column("job_state", LargeBinary, nullable=False))


def stored_jobs(engine, table_name: str) -> dict[str, dict]:
    """{job id: APScheduler's job state} from the database store, or {} before its first run."""
    if not inspect(engine).has_table(table_name):
        return {}
    table = jobs_table(table_name)
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.id, table.c.job_state)).all()
    states = {}
    for row in rows:
        try:
            states[row.id] = pickle.loads(row.job_state)
        except Exception:  # noqa: BLE001 - an unreadable row is replaced below
            log.warning("stored job %s could not be read; it will be replaced", row.id)
    return states


def build_scheduler(app: Flask, jobs: Iterable[JobSpec], scheduler_cls: type[BaseScheduler] = BlockingScheduler):
    """A scheduler with every job of the table added (not started)."""
    tz = ZoneInfo(app.config["TZ_NAME"])
    engine = app.extensions["db"].engine
    table_name = app.config["SCHEDULER_JOBS_TABLE"]
    jobs = list(jobs)
    stored = stored_jobs(engine, table_name)
    orphans = [job_id for job_id in stored if job_id not in {j.id for j in jobs}]
    if orphans:
        with engine.begin() as conn:
            conn.execute(delete(jobs_table(table_name)).where(jobs_table(table_name).c.id.in_(orphans)))
        log.info("removed stored jobs no longer in the table: %s", ", ".join(orphans))
    scheduler = scheduler_cls(
        timezone=tz, job_defaults=JOB_DEFAULTS, executors={"default": ThreadPoolExecutor(4)},
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=table_name),
                   "memory": MemoryJobStore()})
    for spec in jobs:
        trigger = make_trigger(spec, tz)
        options: dict[str, Any] = {}
        previous = stored.get(spec.id) if spec.store == "database" else None
        # replace_existing would recompute the next run from now and lose a run that fell due
        # while we were down: keep the stored next run time when the trigger is unchanged.
        if previous is not None and str(previous.get("trigger")) == str(trigger):
            options["next_run_time"] = previous.get("next_run_time")
        scheduler.add_job("scheduler.runner:run_job", trigger=trigger, args=[spec.id], id=spec.id,
                          name=spec.id, jobstore=STORES[spec.store], replace_existing=True, **options)
    return scheduler


def _shutdown_when(scheduler: BaseScheduler, *events: threading.Event) -> None:
    """Stop `scheduler` once any of `events` is set (from a helper thread)."""
    while not any(e.is_set() for e in events):
        events[0].wait(0.2)
    for _ in range(200):  # it may not have started yet
        try:
            scheduler.shutdown(wait=False)
            return
        except SchedulerNotRunningError:
            time.sleep(0.05)


def run(app: Flask, jobs: Iterable[JobSpec] = JOBS, stop: threading.Event | None = None,
        on_state: Callable[[str], None] = lambda state: None) -> None:
    """Wait for the lease, run the jobs until `stop` is set; if the lease is lost, wait again."""
    stop = stop or threading.Event()
    jobs = list(jobs)
    # APScheduler logs every run at INFO: a line every 2 s for the outbox job.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    lease = SchedulerLease(app.extensions["db"], float(app.config["SCHEDULER_LEASE_SECONDS"]))
    _Running.app, _Running.jobs, _Running.lease = app, {j.id: j for j in jobs}, lease
    waiting_logged = False
    while not stop.is_set():
        if not lease.acquire():
            if not waiting_logged:
                log.info("another scheduler holds the lease (%s); waiting", lease.holder())
                on_state("waiting")
                waiting_logged = True
            stop.wait(lease.ttl / 3)
            continue
        waiting_logged = False
        log.info("scheduler %s holds the lease; starting %d jobs", lease.owner, len(jobs))
        scheduler = build_scheduler(app, jobs)
        lost = threading.Event()
        lease.keep(on_lost=lost.set)
        threading.Thread(target=_shutdown_when, args=(scheduler, stop, lost), daemon=True).start()
        on_state("running")
        try:
            scheduler.start()  # blocks until shutdown: stop, or the lease lost
        finally:
            lease.stop()
            lost.set()  # ends the helper thread if stop was never set
    lease.release()
    on_state("stopped")
