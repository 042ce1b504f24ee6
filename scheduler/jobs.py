"""The scheduler's jobs, as a table: a stable id, the function, when it runs.

To add a job, add a row. The function is "module:function" (or "module.function") and is
called inside an app context:
- in_transaction=True (most jobs): `fn(session, now)` in one transaction that commits when
  it returns — jobs only enqueue outbox rows with business keys, so a rerun changes nothing;
- in_transaction=False: `fn(now)`, for work that opens its own short transactions.
`trigger` is APScheduler's: {"trigger": "interval", "minutes": 5}, {"trigger": "cron",
"day": 1, "hour": 8} (in TZ_NAME), {"trigger": "date", "run_date": ...}.
`store="database"` keeps the next run time across restarts, so a run missed while the process
was down happens (once) when it comes back; `store="memory"` is for frequent polling jobs
where a missed run does not matter.
Ids are stable: the database job store is keyed on them; renaming one orphans the old row
(the runner removes rows whose id is no longer in the table).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: str
    trigger: dict = field(default_factory=dict)
    in_transaction: bool = True
    store: str = "database"  # "database" | "memory"
    description: str = ""


JOBS: tuple[JobSpec, ...] = (
    JobSpec("outbox-dispatch", "bot.outbox.dispatch:dispatch_job", {"trigger": "interval", "seconds": 2},
            in_transaction=False, store="memory",
            description="send due pushes (about 1.5 s of sending every 2 s)"),
    JobSpec("dialog-expiry", "bot.dialog:purge_expired_dialogs", {"trigger": "interval", "minutes": 5},
            description="forget conversations idle for longer than DIALOG_IDLE_SECONDS"),
)
