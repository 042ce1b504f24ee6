"""The scheduler process: one leader runs the jobs table; any other copy waits for its lease.

`flask scheduler run` → `SchedulerProcess(app).run(stop)`:
1. Stand by until the database lease `scheduler:leader` (bot/leases.py) is ours; a second
   scheduler started by mistake stays idle until the first stops renewing, then takes over.
2. As leader: an APScheduler 3 `BlockingScheduler` (timezone TZ_NAME) with a persistent
   `SQLAlchemyJobStore` on the app's database, `misfire_grace_time=None` and `coalesce=True`,
   so a run that fell due while no scheduler was up runs once at start, never zero or N times.
   Loop jobs get a thread each. A renewer thread renews the lease every quarter of its life and
   stops everything when the lease is lost (the database unreachable for a whole lease).
3. Each job runs in an app context and its own transaction: `f(session, now)`.

APScheduler computes and stores a job's next run time before the job runs, so a run killed half
way is not repeated; jobs only enqueue under business keys, and the next run catches up.
"""
from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time
import uuid
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy.exc import DBAPIError

from bot import clock, leases, metrics

from .jobs import Job, check_ids

log = logging.getLogger("scheduler")

LEASE_NAME = metrics.SCHEDULER_LEASE  # /metrics reports who holds it
JOB_DEFAULTS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}

# APScheduler's persistent store keeps a job's function as an importable reference, so every
# stored job calls the module-level `run_job(job_id)`, which finds this process's runner here.
_current: "SchedulerProcess | None" = None


def load_jobs(path: str) -> list[Job]:
    """The jobs table named by the setting SCHEDULER_JOBS ("scheduler.jobs:JOBS"; tests name their own).

    The setting is the one textual reference left: a table of Job rows, each holding its function."""
    module_name, _, name = path.partition(":")
    return check_ids(list(getattr(importlib.import_module(module_name), name)))


def run_job(job_id: str) -> None:
    if _current is None:
        raise RuntimeError("run_job called outside a running scheduler process")
    _current.run_job(job_id)


class SharedEngineJobStore(SQLAlchemyJobStore):
    """APScheduler's store on the app's engine, which it must not dispose of when it stops."""

    def shutdown(self) -> None:
        pass


def job_store(app: Flask) -> SQLAlchemyJobStore:
    return SharedEngineJobStore(engine=app.extensions["db"].engine)


def start_store(store: SQLAlchemyJobStore, scheduler, alias: str = "default") -> None:
    """`store.start` creates APScheduler's table if missing; two processes doing it at once
    collide on PostgreSQL (CREATE TABLE is not idempotent under a race): the loser tries again."""
    try:
        store.start(scheduler, alias)
    except DBAPIError:
        time.sleep(0.5)
        store.start(scheduler, alias)


class SchedulerProcess:
    def __init__(self, app: Flask, jobs: list[Job] | None = None, lease_seconds: float | None = None):
        self.app = app
        self.db = app.extensions["db"]
        self.jobs = {job.id: job for job in (jobs if jobs is not None else load_jobs(app.config["SCHEDULER_JOBS"]))}
        self.tz = ZoneInfo(app.config["TZ_NAME"])
        self.lease_seconds = float(lease_seconds or app.config["SCHEDULER_LEASE_SECONDS"])
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.runs = 0  # jobs run by this process (for logs and tests)

    # --- standing by and leading -------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        """Block until `stop` is set: wait for the lease, lead while it holds, repeat."""
        global _current
        _current = self
        announced = None
        poll = max(0.2, self.lease_seconds / 4)
        while not stop.is_set():
            try:
                acquired = leases.try_acquire(self.db, LEASE_NAME, self.holder, self.lease_seconds)
            except Exception:
                log.exception("scheduler: cannot reach the database for the lease")
                stop.wait(poll)
                continue
            if acquired:
                log.info("scheduler %s: leading (%d jobs)", self.holder, len(self.jobs))
                try:
                    self._lead(stop)
                except Exception:
                    log.exception("scheduler %s: failed while leading; standing by", self.holder)
                    stop.wait(poll)
                announced = None
                continue
            holder = leases.holder_of(self.db, LEASE_NAME)
            if holder != announced:
                log.info("scheduler %s: standing by, %s holds the lease", self.holder, holder)
                announced = holder
            stop.wait(poll)
        log.info("scheduler %s: stopped", self.holder)

    def _lead(self, stop: threading.Event) -> None:
        scheduler = BlockingScheduler(timezone=self.tz, job_defaults=JOB_DEFAULTS,
                                      executors={"default": ThreadPoolExecutor(4)})
        store = job_store(self.app)
        self.sync_jobs(scheduler, store)
        scheduler.add_jobstore(store, "default")
        done = threading.Event()
        loops_stop = threading.Event()
        renewer = threading.Thread(target=self._renew, args=(scheduler, stop, done), name="scheduler-lease",
                                   daemon=True)
        loop_threads = [threading.Thread(target=self._run_loop, args=(job, loops_stop), name=f"loop-{job.id}",
                                         daemon=True) for job in self.jobs.values() if job.is_loop]
        renewer.start()
        for thread in loop_threads:
            thread.start()
        try:
            if not stop.is_set():
                scheduler.start()  # blocks until the renewer calls shutdown()
        finally:
            done.set()
            loops_stop.set()
            for thread in loop_threads:
                thread.join(timeout=30)
            renewer.join(timeout=5)
            try:
                leases.release(self.db, LEASE_NAME, self.holder)
            except Exception:
                log.warning("scheduler: could not release the lease; it expires on its own")

    def _renew(self, scheduler: BlockingScheduler, stop: threading.Event, done: threading.Event) -> None:
        interval = max(0.2, self.lease_seconds / 4)
        valid_until = time.monotonic() + self.lease_seconds
        lost = False
        while not done.is_set():
            if stop.wait(interval) or lost:
                _shutdown(scheduler)
                if done.wait(interval):
                    return
                continue
            try:
                if leases.try_acquire(self.db, LEASE_NAME, self.holder, self.lease_seconds):
                    valid_until = time.monotonic() + self.lease_seconds
                else:
                    log.error("scheduler %s: lost the lease to another process; standing down", self.holder)
                    lost = True
            except Exception:
                log.exception("scheduler: could not renew the lease")
                if time.monotonic() + interval >= valid_until:
                    log.error("scheduler %s: lease about to expire; standing down", self.holder)
                    lost = True

    # --- jobs ------------------------------------------------------------------------------
    def sync_jobs(self, scheduler: BlockingScheduler, store: SQLAlchemyJobStore) -> None:
        """Make the store match the table; an unchanged job keeps its stored next run time.

        `add_job(replace_existing=True)` alone would compute a fresh next run time and so lose
        a run that fell due while the scheduler was down.
        """
        start_store(store, scheduler)
        stored = {job.id: job for job in store.get_all_jobs()}
        for job_id in stored.keys() - {j.id for j in self.jobs.values() if not j.is_loop}:
            log.info("scheduler: removing job %s (no longer in the table)", job_id)
            store.remove_job(job_id)
        for job in self.jobs.values():
            if job.is_loop:
                continue
            trigger = job.trigger.build(self.tz)
            options = dict(func=run_job, trigger=trigger, args=[job.id], id=job.id, name=job.id,
                           replace_existing=True, jobstore="default", **JOB_DEFAULTS)
            old = stored.get(job.id)
            if old is not None and old.next_run_time is not None and _same_trigger(old.trigger, trigger):
                options["next_run_time"] = old.next_run_time
            scheduler.add_job(**options)

    def run_job(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        if job is None:
            log.warning("scheduler: job %s is not in the table; skipped", job_id)
            return
        func = job.func
        started = time.monotonic()
        with self.app.app_context():
            now = clock.now()
            try:
                with self.db.session() as session:
                    result = func(session, now)
            except Exception:
                self._record_run(job_id, ok=False)
                raise
            self._record_run(job_id, ok=True)
        self.runs += 1
        log.info("scheduler: %s done in %.2f s%s", job_id, time.monotonic() - started,
                 f" ({result})" if result is not None else "")

    def _record_run(self, job_id: str, ok: bool) -> None:
        """The job's last run, for /metrics; never fails the job."""
        try:
            metrics.record_job_run(self.db, job_id, ok)
        except Exception:
            log.warning("scheduler: could not record the last run of %s", job_id)

    def _run_loop(self, job: Job, stop: threading.Event) -> None:
        func = job.func
        while not stop.is_set():
            try:
                with self.app.app_context():
                    func(stop)
            except Exception:
                log.exception("scheduler: loop %s failed; restarting it in 5 s", job.id)
                stop.wait(5)


def _same_trigger(old, new) -> bool:
    return (type(old), str(old), str(getattr(old, "timezone", ""))) == \
        (type(new), str(new), str(getattr(new, "timezone", "")))


def _shutdown(scheduler: BlockingScheduler) -> None:
    try:
        scheduler.shutdown(wait=False)
    except SchedulerNotRunningError:
        pass  # not started yet, or already stopped
