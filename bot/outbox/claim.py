"""Claiming outbox rows with a lease, so that several dispatchers never send the same row.

A claim is one statement in its own short transaction:

    UPDATE outbox SET status='sending', lease_until=:lease, attempts=attempts+1
    WHERE id IN (SELECT id FROM outbox WHERE <due> ORDER BY next_attempt_at, id LIMIT :n
                 FOR UPDATE SKIP LOCKED)            -- PostgreSQL; SQLite: under BEGIN IMMEDIATE
    RETURNING id, business_key, openid, kind, payload, attempts

Due rows are pending ones whose time has come, and "sending" ones whose lease ran out (their
worker was killed). The lease value itself identifies the claim: later updates of the row
match on it, so a worker whose lease was taken over changes nothing.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from ..db import Database
from ..models import OutboxMessage

T = OutboxMessage.__table__


@dataclass
class Claimed:
    id: int
    business_key: str
    openid: str
    kind: str
    payload: dict
    attempts: int
    lease_until: datetime


def _lease_value(now: datetime, seconds: float) -> datetime:
    # A few random microseconds make two workers' lease values differ even within one tick.
    return now + timedelta(seconds=seconds, microseconds=random.randrange(1, 999))


def claim_due(db: Database, limit: int, lease_seconds: float, now: datetime) -> list[Claimed]:
    lease = _lease_value(now, lease_seconds)
    due = or_(and_(T.c.status == "pending", T.c.next_attempt_at <= now),
              and_(T.c.status == "sending", T.c.lease_until < now))
    # with_for_update(skip_locked=True) renders FOR UPDATE SKIP LOCKED on PostgreSQL and is
    # dropped on SQLite, where BEGIN IMMEDIATE already makes the statement the only writer.
    ids = (select(T.c.id).where(due).order_by(T.c.next_attempt_at, T.c.id).limit(limit)
           .with_for_update(skip_locked=True))
    statement = (update(T).where(T.c.id.in_(ids.scalar_subquery()))
                 .values(status="sending", lease_until=lease, attempts=T.c.attempts + 1)
                 .returning(T.c.id, T.c.business_key, T.c.openid, T.c.kind, T.c.payload, T.c.attempts))
    with db.session() as s:
        rows = s.execute(statement).all()
    claimed = [Claimed(r.id, r.business_key, r.openid, r.kind, r.payload or {}, r.attempts, lease)
               for r in rows]
    claimed.sort(key=lambda c: c.id)
    return claimed


def renew(db: Database, rows: list[Claimed], lease_seconds: float, now: datetime) -> list[Claimed]:
    """Extend the lease of rows still ours; returns those (others were taken over)."""
    if not rows:
        return []
    old = rows[0].lease_until
    lease = _lease_value(now, lease_seconds)
    with db.session() as s:
        kept = set(s.scalars(
            update(T).where(T.c.id.in_([r.id for r in rows]), T.c.status == "sending", T.c.lease_until == old)
            .values(lease_until=lease).returning(T.c.id)).all())
    still = [r for r in rows if r.id in kept]
    for r in still:
        r.lease_until = lease
    return still


def release(db: Database, rows: list[Claimed]) -> None:
    """Give unsent claimed rows back (a worker stopping early): pending again, attempt not counted."""
    if not rows:
        return
    with db.session() as s:
        s.execute(update(T).where(T.c.id.in_([r.id for r in rows]), T.c.status == "sending",
                                  T.c.lease_until == rows[0].lease_until)
                  .values(status="pending", lease_until=None, attempts=T.c.attempts - 1))
