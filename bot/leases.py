"""Database leases in `shared_values`: one holder at a time, until it stops renewing.

    if acquire(db, "scheduler", owner="host:pid:uuid", ttl=15): ...   # also renews
    release(db, "scheduler", owner)

A lease is a row (key, value=owner, expires_at). Taking it is one conditional UPDATE: it
succeeds when the row is free, expired, or already ours — the same on SQLite and PostgreSQL,
and it never holds a transaction open while the holder works.
"""
from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select, update

from .db import Database
from .models import SharedValue
from .sql import insert_or_ignore

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def new_owner_id() -> str:
    """A name for this holder that no other process will have."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(db: Database, key: str, owner: str, ttl: float, now: datetime | None = None) -> bool:
    """Take or renew the lease `key` for `ttl` seconds; False when someone else holds it."""
    now = now or datetime.now(timezone.utc)
    with db.session() as s:
        insert_or_ignore(s, SharedValue, {"key": key, "value": "", "expires_at": _EPOCH}, ["key"])
        result = s.execute(
            update(SharedValue)
            .where(SharedValue.key == key,
                   or_(SharedValue.value == owner, SharedValue.expires_at <= now))
            .values(value=owner, expires_at=now + timedelta(seconds=ttl))
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def release(db: Database, key: str, owner: str) -> None:
    """Give the lease up now (only if we still hold it)."""
    with db.session() as s:
        s.execute(update(SharedValue)
                  .where(SharedValue.key == key, SharedValue.value == owner)
                  .values(value="", expires_at=_EPOCH)
                  .execution_options(synchronize_session=False))


def holder(db: Database, key: str, now: datetime | None = None) -> str | None:
    """Who holds `key` now, or None."""
    now = now or datetime.now(timezone.utc)
    with db.session() as s:
        row = s.execute(select(SharedValue.value, SharedValue.expires_at)
                        .where(SharedValue.key == key)).one_or_none()
    if row is None or not row.value or row.expires_at <= now:
        return None
    return row.value
