"""The jobs the scheduler process runs: one row per job, stable id, function path, trigger.

A job function has the form `f(session, now) -> int | None`: it runs inside an app context and
its own transaction (committed when it returns) and only *enqueues* — outbox rows under a
business key, so a repeated or late run changes nothing. A loop (`loop()`) is a function
`f(stop: threading.Event)` that runs on its own thread for as long as this process leads.

To add a job, add a row:

    Job("theme-monthly", "bot.themes:monthly_theme_push", cron(day="1-3", minute=0),
        "the month's theme of every group to its members and the villagers of its areas"),

Keep ids stable: the persistent job store keys the next run time on them (a renamed job loses
its pending run). Triggers are read in TZ_NAME (Asia/Shanghai).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any


@dataclass(frozen=True)
class Trigger:
    kind: str  # interval | cron | loop
    fields: dict[str, Any] = field(default_factory=dict)

    def build(self, tz: tzinfo):
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
    func: str  # "package.module:function"
    trigger: Trigger
    description: str = ""

    @property
    def is_loop(self) -> bool:
        return self.trigger.kind == "loop"


JOBS: list[Job] = [
    Job("outbox-dispatch", "bot.outbox.dispatcher:run_app_dispatcher", loop(),
        "send due pushes (customer-service text or template), retry, mark dead"),
    Job("dialog-expiry", "bot.dialog:purge_expired_dialogs", every(minutes=5),
        "forget conversations idle past DIALOG_IDLE_SECONDS"),
    Job("volunteer-reminders", "bot.volunteers:reminders_due", every(minutes=15),
        "remind confirmed volunteers of tasks starting within a day"),
    Job("errand-escalation", "scheduler.tasks:escalate_errands", every(minutes=5),
        "errands not accepted in time: next party member, then the area secretary"),
    Job("human-escalation", "scheduler.tasks:escalate_relay", every(minutes=15),
        "messages for a person unanswered through one working day: the township, then the county"),
    Job("mediation-reminders", "scheduler.tasks:mediation_reminders", every(minutes=30),
        "day-before reminders of mediation appointments"),
    Job("mediation-slots", "scheduler.tasks:mediation_slots", cron(hour=2, minute=10),
        "appointment slots for the next two weeks"),
    # The township groups "blow the whistle at regular times"; urgent needs are alerted at once.
    Job("need-whistle", "bot.needs:whistle_round", cron(hour="9,15", minute=0),
        "collected needs → representatives of the matching groups serving their areas (吹哨)"),
    Job("need-escalation", "bot.needs:escalate_unclaimed", every(minutes=30),
        "whistles nobody claimed in NEED_CLAIM_HOURS: the group leader, then the area secretary"),
    # Due from 09:00 on the 1st; hourly on the first three days so that a run lost to a crash
    # or a restart is made up (each person gets each group's theme once a month regardless).
    Job("theme-monthly", "bot.themes:monthly_theme_push", cron(day="1-3", minute=0),
        "the month's theme of every group to its members and the villagers of its areas"),
    # A theme published on the admin page after the 1st 09:00 goes out on the next run; a run
    # with every published theme of the month pushed already is one small query.
    Job("theme-late", "bot.themes:push_due_themes", every(minutes=15),
        "themes of this month published late (or not pushed yet) to their members and villagers"),
]
