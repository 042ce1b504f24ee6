"""The scheduler's side of the figures: its leader lease's name and each job's last run.

A job's last run is a SharedValue row `scheduler:last-run:<job id>` holding
`<unix time> ok|failed`, written by the scheduler after each run in its own short transaction.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from .. import clock
from ..db import Database
from ..models import SharedValue
from ..sqlutil import insert_or_ignore

SCHEDULER_LEASE = "scheduler:leader"
LAST_RUN_PREFIX = "scheduler:last-run:"


def record_job_run(db: Database, job_id: str, ok: bool, now: datetime | None = None) -> None:
    value = f"{(now or clock.now()).timestamp():.0f} {'ok' if ok else 'failed'}"
    key = LAST_RUN_PREFIX + job_id[:150]
    with db.session() as s:
        insert_or_ignore(s, SharedValue, {"key": key, "value": value, "expires_at": None}, ["key"])
        s.execute(update(SharedValue).where(SharedValue.key == key).values(value=value)
                  .execution_options(synchronize_session=False))


def parse_last_run(value: str) -> tuple[float, bool] | None:
    at, _, result = (value or "").partition(" ")
    try:
        return float(at), result == "ok"
    except ValueError:
        return None
