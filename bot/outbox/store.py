"""Outbox rows in the database: claim due rows under a lease, then record what happened.

Claiming takes rows with single statements, so two dispatchers never take the same row:

    UPDATE outbox SET status='sending', lease_until=:until, attempts=attempts+1
    WHERE id IN (SELECT id FROM outbox WHERE <walk> ORDER BY next_attempt_at, id
                 LIMIT :n FOR UPDATE SKIP LOCKED)
    RETURNING …

On PostgreSQL `FOR UPDATE SKIP LOCKED` lets concurrent dispatchers take different rows without
waiting; SQLAlchemy drops it on SQLite, where BEGIN IMMEDIATE (bot/db.py) admits one writer at
a time, which makes each UPDATE (and the claim's transaction) atomic there. Due rows are taken
person-to-person first, broadcasts (BROADCAST_KINDS) after, each oldest first, one such
statement per walk (`_walks`) in one transaction. A row is due when it is pending and its
`next_attempt_at` has come, or when it is `sending` and its lease has run out (its dispatcher
died), so a killed worker's rows are sent by another after `lease_until`.

Claiming increments `attempts`; every later update checks `status='sending' AND attempts=<the
value claimed>`, a fencing token: a dispatcher whose lease ran out and whose row was claimed
again can no longer change it. Each update is its own short transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from ..db import Database
from ..models import OutboxMessage, User
from ..models.outbox import BROADCAST_KINDS, PENDING_BROADCAST, PENDING_DIRECT


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    business_key: str
    openid: str
    kind: str
    payload: dict
    attempts: int  # including this one; the fencing token for later updates
    last_error: str | None


@dataclass(frozen=True)
class Recipient:
    subscribed: bool
    last_interaction_at: datetime | None


def _walks(now: datetime) -> list:
    """The claim's walks, in the order rows are taken; each reads along an index and stops at
    its LIMIT, however many rows are pending (a single ORDER BY over "due" sorted them all):
    1. due person-to-person rows (ix_outbox_pending_direct, a partial index of just those);
    2. rows whose lease ran out, their dispatcher dead (ix_outbox_due: few rows are `sending`);
    3. due broadcasts (ix_outbox_pending_broadcast).
    """
    pending_direct = (select(OutboxMessage.id)
                      .where(text(PENDING_DIRECT), OutboxMessage.next_attempt_at <= now)
                      .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id))
    lease_ran_out = (select(OutboxMessage.id)
                     .where(OutboxMessage.status == "sending", OutboxMessage.lease_until <= now)
                     .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id))
    pending_broadcast = (select(OutboxMessage.id)
                         .where(text(PENDING_BROADCAST), OutboxMessage.next_attempt_at <= now)
                         .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id))
    return [pending_direct, lease_ran_out, pending_broadcast]


def claim(db: Database, limit: int, lease_seconds: float, now: datetime
          ) -> tuple[list[ClaimedMessage], dict[str, Recipient]]:
    """Take up to `limit` due rows for `lease_seconds`; also read their recipients.

    One transaction, one `UPDATE … WHERE id IN (<walk> LIMIT k FOR UPDATE SKIP LOCKED)` per
    walk until `limit` rows are taken.
    """
    claimed: list[ClaimedMessage] = []
    with db.session() as s:
        for walk in _walks(now):
            if len(claimed) >= limit:
                break
            due_ids = walk.limit(limit - len(claimed)).with_for_update(skip_locked=True)
            statement = (
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(due_ids.scalar_subquery()))
                .values(status="sending", lease_until=now + timedelta(seconds=lease_seconds),
                        attempts=OutboxMessage.attempts + 1)
                .returning(OutboxMessage.id, OutboxMessage.business_key, OutboxMessage.openid,
                           OutboxMessage.kind, OutboxMessage.payload, OutboxMessage.attempts,
                           OutboxMessage.last_error)
                .execution_options(synchronize_session=False))
            claimed.extend(ClaimedMessage(*row) for row in s.execute(statement).all())
        claimed.sort(key=lambda m: (m.kind in BROADCAST_KINDS, m.id))
        openids = {m.openid for m in claimed}
        recipients = {}
        if openids:
            for openid, subscribed, last in s.execute(
                    select(User.openid, User.subscribed, User.last_interaction_at)
                    .where(User.openid.in_(openids))):
                recipients[openid] = Recipient(bool(subscribed), last)
    return claimed, recipients


def _fenced(message: ClaimedMessage):
    return update(OutboxMessage).where(
        OutboxMessage.id == message.id, OutboxMessage.status == "sending",
        OutboxMessage.attempts == message.attempts).execution_options(synchronize_session=False)


def mark_sent(db: Database, message: ClaimedMessage, channel: str, msgid: str | None,
              now: datetime) -> bool:
    """False when the claim was lost (another dispatcher re-claimed the row: a possible resend)."""
    with db.session() as s:
        result = s.execute(_fenced(message).values(
            status="sent", channel=channel, wechat_msgid=msgid, sent_at=now, lease_until=None))
        return result.rowcount == 1


def mark_retry(db: Database, message: ClaimedMessage, error: str, next_attempt_at: datetime) -> bool:
    with db.session() as s:
        result = s.execute(_fenced(message).values(
            status="pending", next_attempt_at=next_attempt_at, lease_until=None, last_error=error[:1000]))
        return result.rowcount == 1


def wait_for_quota(db: Database, message: ClaimedMessage, reason: str, next_attempt_at: datetime) -> bool:
    """Pending again at `next_attempt_at`, and the attempt handed back: a used-up daily quota is
    no failure of this push, so waiting for it never brings the row nearer to dead."""
    with db.session() as s:
        result = s.execute(_fenced(message).values(
            status="pending", next_attempt_at=next_attempt_at, lease_until=None, last_error=reason[:1000],
            attempts=OutboxMessage.attempts - 1))
        return result.rowcount == 1


def mark_dead(db: Database, message: ClaimedMessage, reason: str, channel: str | None = None) -> bool:
    with db.session() as s:
        result = s.execute(_fenced(message).values(
            status="dead", lease_until=None, last_error=reason[:1000], channel=channel))
        return result.rowcount == 1


def release(db: Database, messages: list[ClaimedMessage]) -> int:
    """Hand back claimed rows not attempted (not enough lease left): due again at once."""
    released = 0
    with db.session() as s:
        for message in messages:
            result = s.execute(_fenced(message).values(
                status="pending", lease_until=None, attempts=OutboxMessage.attempts - 1))
            released += result.rowcount or 0
    return released


def requeue(session: Session, ids: list[int] | None, now: datetime, all_dead: bool = False) -> int:
    """Make dead (or stuck pending) rows due now with a fresh attempt count, in the caller's
    transaction (the admin page writes its audit entry in the same one)."""
    statement = update(OutboxMessage).where(OutboxMessage.status.in_(("dead", "pending")))
    if all_dead:
        statement = statement.where(OutboxMessage.status == "dead")
    else:
        statement = statement.where(OutboxMessage.id.in_(ids or []))
    result = session.execute(statement.values(status="pending", attempts=0, next_attempt_at=now,
                                              lease_until=None).execution_options(synchronize_session=False))
    return result.rowcount or 0


def retry_by_hand(db: Database, ids: list[int] | None, now: datetime, all_dead: bool = False) -> int:
    """`flask outbox retry`: `requeue` in a transaction of its own."""
    with db.session() as s:
        return requeue(s, ids, now, all_dead)


def list_messages(db: Database, status: str | None = None, limit: int = 50) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    with db.session() as s:
        return list(s.scalars(query))


def counts_by_status(db: Database) -> dict[str, int]:
    with db.session() as s:
        return dict(s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def record_template_delivery(session: Session, msgid: str, status: str) -> bool:
    """TEMPLATESENDJOBFINISH (`MsgID`, `Status` e.g. "success", "failed:user block"): note it
    on the row sent with that msgid. Runs in the caller's (the webhook's) transaction."""
    result = session.execute(update(OutboxMessage).where(OutboxMessage.wechat_msgid == str(msgid))
                             .values(delivery_status=status[:40]).execution_options(synchronize_session=False))
    return (result.rowcount or 0) > 0
