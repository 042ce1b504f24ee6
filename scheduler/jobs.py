"""The jobs the scheduler process runs: one row per job, stable id, function, trigger.

A job function has the form `f(session, now) -> int | None`: it runs inside an app context and
its own transaction (committed when it returns) and only *enqueues* — outbox rows under a
business key, so a repeated or late run changes nothing. A loop (`loop()`) is a function
`f(stop: threading.Event)` that runs on its own thread for as long as this process leads.

To add a job, add a row:

    Job("theme-monthly", themes.monthly_theme_push, cron(day="1-3", minute=0),
        "the month's theme of every group to its members and the villagers of its areas"),

The row holds the function itself, so a misspelt or moved one fails when this module is
imported. APScheduler's persistent store needs a textual reference: it stores
`scheduler.runner:run_job` with the job's id, and the runner finds the row by that id. So keep
ids stable (a renamed job loses its pending run) and unique (checked below, at import).
Triggers are read in TZ_NAME (Asia/Shanghai).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, Callable

from bot import dialog, inbound_sweep, needs, retention, themes
from bot.outbox import dispatcher
from bot.safety import alerts

from . import tasks


@dataclass(frozen=True)
class Trigger:
    kind: str  # interval | cron | loop
    fields: dict[str, Any] = field(default_factory=dict)

    def build(self, tz: tzinfo) -> Any:
        """The APScheduler 3 trigger (loops have none: they are not scheduled)."""
        if self.kind == "interval":
            from apscheduler.triggers.interval import IntervalTrigger

            return IntervalTrigger(timezone=tz, **self.fields)
        if self.kind == "cron":
            from apscheduler.triggers.cron import CronTrigger

            return CronTrigger(timezone=tz, **self.fields)
        raise ValueError(f"a {self.kind} job has no APScheduler trigger")

    def __str__(self) -> str:
        if self.kind == "loop":
            return "loop (always on while this process leads)"
        return f"{self.kind}(" + ", ".join(f"{k}={v}" for k, v in self.fields.items()) + ")"


def every(**interval: float) -> Trigger:
    """`every(seconds=30)`, `every(minutes=5)`, `every(hours=1)`."""
    return Trigger("interval", dict(interval))


def cron(**fields: Any) -> Trigger:
    """`cron(day=1, hour=8)`, `cron(day_of_week="mon", hour=9, minute=30)`."""
    return Trigger("cron", dict(fields))


def loop() -> Trigger:
    return Trigger("loop")


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[..., Any]  # f(session, now), or f(stop) for a loop
    trigger: Trigger
    description: str = ""

    def __post_init__(self) -> None:
        if not callable(self.func):
            raise TypeError(f"job {self.id}: {self.func!r} is not a function")

    @property
    def is_loop(self) -> bool:
        return self.trigger.kind == "loop"


JOBS: list[Job] = [
    Job("outbox-dispatch", dispatcher.run_app_dispatcher, loop(),
        "send due pushes (customer-service text or template), retry, mark dead"),
    # Danger to life: ask the villager again 10 minutes after an alert; nobody answered → township.
    Job("safety-follow-up", alerts.follow_up_due, every(minutes=1),
        "safety alerts: ask the villager again after 10 minutes; unanswered → the township's staff"),
    Job("inbound-orphans", inbound_sweep.sweep_orphans, every(minutes=1),
        "messages whose handler died (worker killed) and no redelivery finished: handle, push the answer"),
    Job("inbound-retention", retention.purge_inbound, cron(hour=3, minute=20),
        "delete villagers' message texts older than INBOUND_RETENTION_DAYS (PIPL: kept only as needed)"),
    Job("dialog-expiry", dialog.purge_expired_dialogs, every(minutes=5),
        "forget conversations idle past DIALOG_IDLE_SECONDS"),
    # 18:00 the evening before a task; a run lost while no scheduler was up runs once at start.
    Job("volunteer-reminders", tasks.volunteer_reminders, cron(hour=18, minute=0),
        "remind each confirmed volunteer of tomorrow's tasks (once per sign-up)"),
    Job("errand-escalation", tasks.escalate_errands, every(minutes=5),
        "errands not accepted in time: next party member, then the area secretary"),
    Job("human-escalation", tasks.escalate_relay, every(minutes=15),
        "messages for a person unanswered through one working day: the township, then the county"),
    Job("mediation-reminders", tasks.mediation_reminders, every(minutes=30),
        "day-before reminders of mediation appointments"),
    Job("mediation-slots", tasks.mediation_slots, cron(hour=2, minute=10),
        "appointment slots for the next two weeks"),
    # The township groups "blow the whistle at regular times"; urgent needs are alerted at once.
    Job("need-whistle", needs.whistle_round, cron(hour="9,15", minute=0),
        "collected needs → representatives of the matching groups serving their areas (吹哨)"),
    Job("need-escalation", needs.escalate_unclaimed, every(minutes=30),
        "whistles nobody claimed in NEED_CLAIM_HOURS: the group leader, then the area secretary"),
    # Due from 09:00 on the 1st; hourly on the first three days so that a run lost to a crash
    # or a restart is made up (each person gets each group's theme once a month regardless).
    Job("theme-monthly", themes.monthly_theme_push, cron(day="1-3", minute=0),
        "the month's theme of every group to its members and the villagers of its areas"),
    # A theme published on the admin page after the 1st 09:00 goes out on the next run; a run
    # with every published theme of the month pushed already is one small query.
    Job("theme-late", themes.push_due_themes, every(minutes=15),
        "themes of this month published late (or not pushed yet) to their members and villagers"),
    Job("area-tags", tasks.area_tags, cron(minute=40),
        "WeChat user tags in step with areas: tag newcomers, move those who moved (50 a call)"),
]


def check_ids(jobs: list[Job]) -> list[Job]:
    """The table as given; two rows with one id fail (the job store keys runs on the id)."""
    twice = [job_id for job_id, n in Counter(job.id for job in jobs).items() if n > 1]
    if twice:
        raise ValueError(f"job ids used twice: {', '.join(twice)}")
    return jobs


check_ids(JOBS)
