"""Inbound rows: claim a message once (dedupe), keep its reply for WeChat's retries, defer it.

    claim = claim_inbound(session, incoming, now)   # insert-or-ignore on the dedupe key
    store_reply(session, claim.inbound_id, parts, openid, deferred=False)

A row moves handling → replied | deferred (the answer went to the outbox as `reply:<id>`)
| failed (the handler's transaction failed; the next retry may take it again). Followups of a
long answer are outbox rows `reply:<id>:<n>`. `content` keeps what the message carried:
the text of a text message, else a small JSON of its fields (media id, location, event key).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .insert_ignore import insert_or_ignore
from .messages import Incoming
from .models import InboundMessage
from .outbox import enqueue
from .wechat.parsing import dedupe_key

# Envelope fields already in the row's own columns.
_ENVELOPE = {"ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "Encrypt"}


@dataclass(frozen=True)
class Claim:
    inbound_id: int
    is_new: bool  # this delivery handles the message; otherwise it is a retry
    status: str
    reply: str | None


def content_of(incoming: Incoming) -> str:
    if incoming.kind == "text":
        return incoming.text
    fields = {k: v for k, v in incoming.raw.items() if k not in _ENVELOPE and v not in (None, "")}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def claim_inbound(session: Session, incoming: Incoming, now: datetime) -> Claim:
    """Insert the message's row unless a delivery of it exists; say which one handles it."""
    key = dedupe_key(incoming)
    msg_type = str(incoming.raw.get("MsgType") or incoming.kind).strip()  # as parsed, not as padded
    new_id = insert_or_ignore(session, InboundMessage, {
        "dedupe_key": key, "openid": incoming.openid, "msg_type": msg_type[:30],
        "content": content_of(incoming), "reply": None, "status": "handling", "received_at": now,
    })
    if new_id is not None:
        return Claim(new_id, True, "handling", None)
    row = session.scalars(select(InboundMessage).where(InboundMessage.dedupe_key == key)
                          .execution_options(populate_existing=True)).one()
    if row.status == "failed":
        retaken = session.execute(update(InboundMessage)
                                  .where(InboundMessage.id == row.id, InboundMessage.status == "failed")
                                  .values(status="handling"))
        if retaken.rowcount == 1:
            return Claim(row.id, True, "handling", None)
    return Claim(row.id, False, row.status, row.reply)


def read_state(session: Session, inbound_id: int) -> tuple[str, str | None]:
    row = session.get(InboundMessage, inbound_id, populate_existing=True)
    return (row.status, row.reply) if row is not None else ("failed", None)


def store_reply(session: Session, inbound_id: int, openid: str, parts: list[str], deferred: bool) -> None:
    """Keep the passive reply for retries; enqueue what goes out as customer-service messages.

    Deferred (the passive answer was already `success`): the first part goes to the outbox
    too, before the followups so that it is sent first.
    """
    row = session.get(InboundMessage, inbound_id)
    row.reply = parts[0] if parts else ""
    row.status = "deferred" if deferred else "replied"
    if deferred and row.reply:
        enqueue(session, f"reply:{inbound_id}", openid, "reply", row.reply)
    for n, part in enumerate(parts[1:], 1):
        enqueue(session, f"reply:{inbound_id}:{n}", openid, "reply", part)


def defer_stored_reply(session: Session, inbound_id: int, openid: str) -> None:
    """The reply was stored as passive, but its request had already answered `success`."""
    row = session.get(InboundMessage, inbound_id)
    row.status = "deferred"
    if row.reply:
        enqueue(session, f"reply:{inbound_id}", openid, "reply", row.reply)


def mark_failed(session: Session, inbound_id: int) -> None:
    session.execute(update(InboundMessage).where(InboundMessage.id == inbound_id,
                                                 InboundMessage.status == "handling")
                    .values(status="failed"))
