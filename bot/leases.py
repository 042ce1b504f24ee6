"""Named leases in the database (SharedValue rows): one holder at a time, expiring on its own.

Used where exactly one process should act (the scheduler, the access-token refresher) and
Redis may not exist. A lease is taken or renewed by one conditional UPDATE:

    UPDATE shared_values SET value = :holder, expires_at = :until
    WHERE key = :name AND (value = :holder OR expires_at IS NULL OR expires_at <= :now)

Concurrent takers serialise on the row (PostgreSQL re-checks the WHERE after the first commit;
SQLite's BEGIN IMMEDIATE admits one writer), so exactly one gets rowcount 1. A holder that dies
simply stops renewing; the lease is free again at `expires_at`.
Each call runs in its own short transaction: never hold a lease row lock across slow work.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update

from . import clock
from .db import Database
from .models import SharedValue
from .sqlutil import insert_or_ignore

_FREE = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _now() -> datetime:
    return clock.now()


def try_acquire(db: Database, name: str, holder: str, ttl_seconds: float,
                now: datetime | None = None) -> bool:
    """Take (or renew, when `holder` already has it) the lease `name` for `ttl_seconds`."""
    now = now or _now()
    with db.session() as s:
        insert_or_ignore(s, SharedValue, {"key": name, "value": "", "expires_at": _FREE}, ["key"])
        result = s.execute(
            update(SharedValue)
            .where(SharedValue.key == name,
                   (SharedValue.value == holder) | (SharedValue.expires_at.is_(None))
                   | (SharedValue.expires_at <= now))
            .values(value=holder, expires_at=now + timedelta(seconds=ttl_seconds))
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def release(db: Database, name: str, holder: str) -> bool:
    """Give the lease back at once, if `holder` still has it."""
    with db.session() as s:
        result = s.execute(
            update(SharedValue).where(SharedValue.key == name, SharedValue.value == holder)
            .values(value="", expires_at=_FREE).execution_options(synchronize_session=False))
        return result.rowcount == 1


def holder_of(db: Database, name: str, now: datetime | None = None) -> str | None:
    """Who holds `name` now (None when free or expired)."""
    now = now or _now()
    with db.session() as s:
        row = s.scalars(select(SharedValue).where(SharedValue.key == name)).one_or_none()
        if row is None or not row.value or row.expires_at is None or row.expires_at <= now:
            return None
        return row.value


def forget(db: Database, name: str) -> None:
    with db.session() as s:
        s.execute(delete(SharedValue).where(SharedValue.key == name))
