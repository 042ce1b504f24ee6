"""Inbound rows: claim a message once (dedupe), keep its reply for WeChat's retries, defer it.

    claim = claim_inbound(session, incoming, now)   # insert-or-ignore on the dedupe key
    store_reply(session, claim.inbound_id, parts, openid, deferred=False)

A row moves handling → replied | deferred (the answer went to the outbox as `reply:<id>`)
| failed (the handler's transaction failed; the next retry may take it again); replied →
redelivered when a redelivery answers with the stored reply (then a first delivery that gave
up meanwhile does not push it too).
A handler holds its row locked (`lock_for_handling`) while it runs, so a redelivery can tell a
live handler from a dead one: a row still `handling` that nobody holds (its worker was killed,
or the database went away before `failed` could be written) is taken again by the retry
instead of being answered `success` with nothing behind it. Followups of a
long answer are outbox rows `reply:<id>:<n>`. `content` keeps what the message carried:
the text of a text message, else a small JSON of its fields (media id, location, event key).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .kept_sql import KeptSql
from .sqlutil import insert_or_ignore_id
from .messages import Incoming
from .models import InboundMessage
from .outbox import enqueue
from .wechat.parsing import dedupe_key

# Envelope fields already in the row's own columns.
_ENVELOPE = {"ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "Encrypt"}
# A handler locks its row within moments of the claim; a `handling` row older than this that
# nobody holds has lost its handler.
ORPHAN_AFTER = timedelta(seconds=2)


@dataclass(frozen=True)
class Claim:
    inbound_id: int
    is_new: bool  # this delivery handles the message; otherwise it is a retry
    status: str
    reply: str | None
    # When this delivery claimed the row (its `received_at`): the handler's fencing token.
    claimed_at: datetime | None = None


def content_of(incoming: Incoming) -> str:
    if incoming.kind == "text":
        return incoming.text
    fields = {k: v for k, v in incoming.raw.items() if k not in _ENVELOPE and v not in (None, "")}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def _claim_values(incoming: Incoming, now: datetime) -> dict:
    msg_type = str(incoming.raw.get("MsgType") or incoming.kind).strip()  # as parsed, not as padded
    return {"dedupe_key": dedupe_key(incoming), "openid": incoming.openid, "msg_type": msg_type[:30],
            "content": content_of(incoming), "reply": None, "status": "handling", "received_at": now}


def claim_inbound(session: Session, incoming: Incoming, now: datetime) -> Claim:
    """Insert the message's row unless a delivery of it exists; say which one handles it."""
    values = _claim_values(incoming, now)
    new_id = insert_or_ignore_id(session, InboundMessage, values)
    if new_id is not None:
        return Claim(new_id, True, "handling", None, now)
    return _existing_claim(session, values["dedupe_key"], now)


# The same INSERT … ON CONFLICT DO NOTHING RETURNING id, run on the DBAPI cursor (bot/kept_sql.py).
_CLAIM = KeptSql(lambda insert: insert(InboundMessage.__table__).on_conflict_do_nothing()
                 .returning(*InboundMessage.__table__.primary_key.columns),
                 ("dedupe_key", "openid", "msg_type", "content", "reply", "status", "received_at"))


def claim_on_connection(connection: Connection, incoming: Incoming, now: datetime) -> Claim:
    """`claim_inbound` in the webhook's claim transaction on `connection` (begun by the caller):
    the same statements, the new row's without SQLAlchemy's per-statement path."""
    values = _claim_values(incoming, now)
    row = _CLAIM.first(connection, values)
    if row is not None:
        return Claim(row[0], True, "handling", None, now)
    with Session(bind=connection) as session:  # a redelivery: joins the caller's transaction
        return _existing_claim(session, values["dedupe_key"], now)


def _existing_claim(session: Session, key: str, now: datetime) -> Claim:
    row = session.scalars(select(InboundMessage).where(InboundMessage.dedupe_key == key)
                          .execution_options(populate_existing=True)).one()
    return retake_orphan(session, row, now)


def retake_orphan(session: Session, row: InboundMessage, now: datetime) -> Claim:
    """Take a `failed` row, or a `handling` one whose handler is gone, for this delivery."""
    if row.status == "failed" or (row.status == "handling" and _orphaned(session, row, now)):
        retaken = session.execute(update(InboundMessage)
                                  .where(InboundMessage.id == row.id, InboundMessage.status == row.status,
                                         InboundMessage.received_at == row.received_at)
                                  .values(status="handling", received_at=now))
        if retaken.rowcount == 1:
            return Claim(row.id, True, "handling", None, now)
    return Claim(row.id, False, row.status, row.reply)


def recheck_claim(session: Session, inbound_id: int, now: datetime) -> Claim:
    """A redelivery waiting on a `handling` row looks again: is its handler still alive?"""
    row = session.get(InboundMessage, inbound_id, populate_existing=True)
    if row is None:
        return Claim(inbound_id, False, "failed", None)
    if row.status != "handling":
        return Claim(row.id, False, row.status, row.reply)
    return retake_orphan(session, row, now)


def _orphaned(session: Session, row: InboundMessage, now: datetime) -> bool:
    """A `handling` row whose handler is gone: old enough, and nobody holds its lock.

    On SQLite every write transaction holds the database's write lock (BEGIN IMMEDIATE), so no
    handler is running while we look; on PostgreSQL a live handler's lock makes SKIP LOCKED
    return nothing."""
    received = row.received_at if row.received_at.tzinfo else row.received_at.replace(tzinfo=now.tzinfo)
    if now - received < ORPHAN_AFTER:
        return False
    free = session.scalar(select(InboundMessage.id).where(InboundMessage.id == row.id)
                          .with_for_update(skip_locked=True))
    return free is not None


_INBOUND = InboundMessage.__table__
# Kept statements (built once: see bot/sqlutil.prepared) for the two that run on every message.
_LOCK_CLAIM = (select(_INBOUND.c.id)
               .where(_INBOUND.c.id == bindparam("inbound_id"), _INBOUND.c.status == "handling",
                      _INBOUND.c.received_at == bindparam("claimed_at"))
               .with_for_update())
_LOCK_ANY = (select(_INBOUND.c.id)
             .where(_INBOUND.c.id == bindparam("inbound_id"), _INBOUND.c.status == "handling")
             .with_for_update())
_STORE_REPLY = (update(_INBOUND).where(_INBOUND.c.id == bindparam("inbound_id"))
                .values(reply=bindparam("new_reply"), status=bindparam("new_status"),
                        action=bindparam("new_action"), guide=bindparam("new_guide")))
# The same, only while the claim is still this delivery's (status and fencing token).
_STORE_FENCED_REPLY = _STORE_REPLY.where(_INBOUND.c.status == "handling",
                                         _INBOUND.c.received_at == bindparam("claimed_at"))
# Both run on the DBAPI cursor (bot/kept_sql.py): every handled message stores its reply.
_REPLY_KEYS = ("inbound_id", "new_reply", "new_status", "new_action", "new_guide")
_KEPT_STORE_REPLY = KeptSql(lambda _insert: _STORE_REPLY, _REPLY_KEYS)
_KEPT_STORE_FENCED_REPLY = KeptSql(lambda _insert: _STORE_FENCED_REPLY, _REPLY_KEYS + ("claimed_at",))


def lock_for_handling(session: Session, inbound_id: int, claimed_at: datetime | None = None) -> bool:
    """Hold the row for the handler's transaction, so redeliveries see the handler is alive.

    False when the claim is no longer ours: a redelivery took the row over (it looked orphaned
    while this handler was starved of CPU); the redelivery handles the message, this one must not.
    """
    if claimed_at is None:
        return session.execute(_LOCK_ANY, {"inbound_id": inbound_id}).first() is not None
    return session.execute(_LOCK_CLAIM, {"inbound_id": inbound_id, "claimed_at": claimed_at}).first() is not None


def read_state(session: Session, inbound_id: int) -> tuple[str, str | None]:
    row = session.get(InboundMessage, inbound_id, populate_existing=True)
    return (row.status, row.reply) if row is not None else ("failed", None)


def store_reply(session: Session, inbound_id: int, openid: str, parts: list[str], deferred: bool,
                action: str | None = None, guide: str | None = None,
                claimed_at: datetime | None = None) -> bool:
    """Keep the passive reply for retries, with the action taken; enqueue what goes out as
    customer-service messages. With `claimed_at`, only while the claim is still ours: False
    (nothing written) when a redelivery took the row over; the caller must roll back.

    Deferred (the passive answer was already `success`): the first part goes to the outbox
    too, before the followups so that it is sent first.
    """
    reply = parts[0] if parts else ""
    # One UPDATE by id, no read first: the caller holds the row (`lock_for_handling`), or
    # fences the UPDATE with its claim.
    values = {"inbound_id": inbound_id, "new_reply": reply, "new_status": "deferred" if deferred else "replied",
              "new_action": action, "new_guide": guide}
    if claimed_at is None:
        _KEPT_STORE_REPLY.run_in(session, values)
    elif _KEPT_STORE_FENCED_REPLY.rowcount_in(session, {**values, "claimed_at": claimed_at}) != 1:
        return False
    if deferred and reply:
        enqueue(session, f"reply:{inbound_id}", openid, "reply", reply)
    for n, part in enumerate(parts[1:], 1):
        enqueue(session, f"reply:{inbound_id}:{n}", openid, "reply", part)
    return True


def defer_stored_reply(session: Session, inbound_id: int, openid: str) -> bool:
    """The reply was stored as passive, but its request had already answered `success`: push it,
    unless a redelivery has meanwhile answered with it (`take_stored_reply`). True when pushed."""
    row = session.execute(update(InboundMessage)
                          .where(InboundMessage.id == inbound_id, InboundMessage.status == "replied")
                          .values(status="deferred").returning(InboundMessage.reply)).first()
    if row is None:
        return False
    if row.reply:
        enqueue(session, f"reply:{inbound_id}", openid, "reply", row.reply)
    return True


def take_stored_reply(session: Session, inbound_id: int) -> str | None:
    """A redelivery answers with the stored passive reply: mark the row `redelivered`, so that a
    first delivery that gave up meanwhile does not push the same answer again. None when the
    reply goes by push instead (the row was deferred first)."""
    row = session.execute(update(InboundMessage)
                          .where(InboundMessage.id == inbound_id,
                                 InboundMessage.status.in_(("replied", "redelivered")))
                          .values(status="redelivered").returning(InboundMessage.reply)).first()
    return None if row is None else (row.reply or "")


def mark_failed(session: Session, inbound_id: int, claimed_at: datetime | None = None) -> None:
    statement = update(InboundMessage).where(InboundMessage.id == inbound_id, InboundMessage.status == "handling")
    if claimed_at is not None:  # not a claim a redelivery has taken over since
        statement = statement.where(InboundMessage.received_at == claimed_at)
    session.execute(statement.values(status="failed"))
