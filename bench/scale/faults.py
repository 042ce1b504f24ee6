"""The faults of a scale run, on a timeline, each recorded as a window of wall-clock time.

- `web-worker-killed`: a gunicorn worker SIGKILLed in the middle of a request (the master starts
  another), SCALE_WORKER_KILLS times (3) one after the other;
- `database-down`: PostgreSQL stopped (`pg_ctl stop -m fast`) for a few seconds, then started;
- `wechat-api-faults`: the fake WeChat API fails 30% of send calls (-1, 45011, HTTP 503) and
  answers every send 0.5 s late, for a period;
- `scheduler-killed-*`: the scheduler SIGKILLed in the middle of the monthly push, once while
  the theme job enqueues and once while the dispatcher sends, and started again each time.

The push kills watch the outbox, not the clock: they strike when the push is really under way.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from flask import Flask
from sqlalchemy import func, select

from bot.models import OutboxMessage

from .clock import make_job_due
from .cluster import Cluster

log = logging.getLogger("scale.faults")
THEME_JOB = "theme-monthly"


@dataclass
class Window:
    name: str
    start: float
    end: float | None = None
    note: str = ""
    # Webhook errors inside [start, end + grace] are expected; outside they fail the run.
    affects_webhook: bool = False


@dataclass
class Plan:
    duration: float
    worker_kill_at: float
    push_at: float
    api_faults_at: float
    api_faults_for: float
    database_down_at: float
    database_down_for: float = 5.0
    restart_after: float = 3.0
    kill_delivery_at_fraction: float = 0.3
    worker_kills: int = 3
    # How long a new web worker takes to answer quickly (it loads the app and builds the router):
    # run.py sets it to what the workers took at start on this machine, at least 15 s.
    worker_boot_seconds: float = 15.0

    @classmethod
    def for_duration(cls, duration: float) -> "Plan":
        return cls(duration=duration, worker_kill_at=0.10 * duration, push_at=0.15 * duration,
                   api_faults_at=0.45 * duration, api_faults_for=0.2 * duration,
                   database_down_at=0.75 * duration)


@dataclass
class Timeline:
    windows: list[Window] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self, name: str, note: str = "", affects_webhook: bool = False) -> Window:
        window = Window(name, time.time(), note=note, affects_webhook=affects_webhook)
        with self.lock:
            self.windows.append(window)
        log.warning("fault: %s %s", name, note)
        return window

    def close(self, window: Window, note: str = "") -> None:
        window.end = time.time()
        if note:
            window.note = f"{window.note}; {note}" if window.note else note

    def say(self, note: str) -> None:
        with self.lock:
            self.notes.append(f"{time.strftime('%H:%M:%S')} {note}")
        log.warning("%s", note)


class Saboteur:
    """Runs the plan against a cluster from `started` (epoch seconds) on; threads, one per fault."""

    def __init__(self, cluster: Cluster, app: Flask, fake, plan: Plan, started: float):
        self.cluster, self.app, self.fake, self.plan, self.started = cluster, app, fake, plan, started
        self.timeline = Timeline()
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        for target in (self._kill_worker, self._api_faults, self._database_down, self._push_kills):
            thread = threading.Thread(target=self._guarded, args=(target,), name=target.__name__, daemon=True)
            thread.start()
            self.threads.append(thread)

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _guarded(self, target: Callable[[], None]) -> None:
        try:
            target()
        except Exception as exc:  # a fault that could not be injected is reported, not hidden
            log.exception("fault thread %s failed", target.__name__)
            self.timeline.say(f"{target.__name__} failed: {exc!r}")

    def _wait_until(self, offset: float) -> bool:
        return not self.stop.wait(max(0.0, self.started + offset - time.time()))

    # --- the faults ------------------------------------------------------------------------
    def _kill_worker(self) -> None:
        """`worker_kills` times, one after the other: SIGKILL a worker in the middle of a request,
        so its client's connection is cut and the message is delivered again within
        SCALE_FAST_REDELIVERY (0.5 s), while its row may still be `handling` (issue 12, finding 1)."""
        if not self._wait_until(self.plan.worker_kill_at):
            return
        for n in range(1, self.plan.worker_kills + 1):
            if self.stop.is_set():
                return
            window = self.timeline.open("web-worker-killed", f"kill {n} of {self.plan.worker_kills}",
                                        affects_webhook=True)
            pid, serving = self.cluster.kill_one_web_worker(busy_within=10.0)
            deadline = time.time() + 60  # until the master has started a replacement
            while time.time() < deadline and not self.cluster.worker_replaced(pid):
                time.sleep(0.2)
            replaced = time.time() - window.start
            # The new worker loads the app and its router before it answers quickly: part of the fault.
            self.stop.wait(self.plan.worker_boot_seconds)
            self.timeline.close(window, f"SIGKILL pid {pid} "
                                        f"{'in the middle of a request' if serving else '(no request in flight)'}; "
                                        f"replaced after {replaced:.1f} s, "
                                        f"+{self.plan.worker_boot_seconds:.0f} s for it to boot")

    def _api_faults(self) -> None:
        if not self._wait_until(self.plan.api_faults_at):
            return
        window = self.timeline.open("wechat-api-faults", "30% of sends fail (-1, 45011, HTTP 503), +0.5 s each")
        for endpoint in ("custom", "template"):
            # Transient failures only: 45009 is a used-up daily quota, which holds pushes until
            # midnight Beijing time (bot/outbox/quota.py); that has its own tests.
            self._fault({"endpoint": endpoint, "errcode": [-1, 45011], "status": 503, "rate": 0.3,
                         "latency": 0.5})
        self.stop.wait(self.plan.api_faults_for)
        for endpoint in ("custom", "template"):
            self._fault({"endpoint": endpoint, "clear": True})
        self.timeline.close(window)

    def _fault(self, body: dict) -> None:
        self.fake.http.post(f"{self.fake.base}/_fake/faults", json=body, timeout=10).raise_for_status()

    def _database_down(self) -> None:
        if not self._wait_until(self.plan.database_down_at):
            return
        waited = time.time()
        while self._theme_rows()[1] == 0 and time.time() - waited < 120 and not self.stop.wait(1):
            pass  # an outage inside the theme job's transaction would only make the job run again later
        if time.time() - waited > 1:
            self.timeline.say(f"database outage put off {time.time() - waited:.0f} s until the theme job committed")
        window = self.timeline.open("database-down", affects_webhook=True)
        self.cluster.stop_database("fast")
        time.sleep(self.plan.database_down_for)
        self.cluster.start_database()
        self.timeline.close(window, f"pg_ctl stop -m fast, {self.plan.database_down_for:.0f} s, start")

    def _theme_rows(self) -> tuple[int, int]:
        """(sent, all) theme rows; (-1, -1) while the database cannot be read."""
        try:
            with self.app.extensions["db"].session() as s:
                rows = dict(s.execute(select(OutboxMessage.status, func.count())
                                      .where(OutboxMessage.kind == "theme").group_by(OutboxMessage.status)).all())
        except Exception:
            return -1, -1
        return rows.get("sent", 0), sum(rows.values())

    def _restart_scheduler(self, window: Window, make_due: bool) -> None:
        time.sleep(self.plan.restart_after)
        if make_due:
            # The killed run is not repeated by APScheduler (its next run time was stored before
            # it ran); the job's next hourly run on the 1st–3rd makes it up. Here that hour comes now.
            make_job_due(self.app, THEME_JOB, datetime.now(timezone.utc))
        self.cluster.start_scheduler()
        self.timeline.close(window, "started again" + (" (the next hourly run due at once)" if make_due else ""))

    def _push_kills(self) -> None:
        """Kill the scheduler while the theme job enqueues, then while the push is being sent."""
        if not self._wait_until(self.plan.push_at + 4):
            return
        sent, total = self._theme_rows()
        if total == 0:  # the job is still inside its one transaction: nothing committed yet
            window = self.timeline.open("scheduler-killed-enqueue", "SIGKILL while the theme job enqueued")
            self.cluster.kill_scheduler()
            self._restart_scheduler(window, make_due=True)
        else:
            self.timeline.say(f"theme job had already committed {total} rows 4 s after it fell due: "
                              "no kill during the enqueue")
        while not self.stop.is_set():
            sent, total = self._theme_rows()
            if total > 0 and sent >= self.plan.kill_delivery_at_fraction * total:
                window = self.timeline.open("scheduler-killed-delivery",
                                            f"SIGKILL with {sent} of {total} theme pushes sent")
                self.cluster.kill_scheduler()
                self._restart_scheduler(window, make_due=False)
                return
            self.stop.wait(0.5)
