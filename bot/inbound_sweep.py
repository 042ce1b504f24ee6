"""The scheduler's sweep of orphaned inbound messages: finish what a dead handler left.

A row stays `handling` when its worker died after the claim and no redelivery took it over
(WeChat got `success`, or gave up). Every minute the sweep takes such rows (older than
INBOUND_ORPHAN_SWEEP_SECONDS, and nobody holds their lock: see `inbound._orphaned`), runs the
handler again from the stored message and pushes the answer (`reply:<id>`, as a deferred reply).
A row older than INBOUND_ORPHAN_GIVE_UP_HOURS is marked `failed` instead: an answer that late
to a step of a conversation would make no sense. Each row runs in its own savepoint, so one
failing handler marks only its own row `failed`.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .inbound import _orphaned, store_reply
from .messages import Incoming
from .models import InboundMessage
from .wechat.parsing import parse_message

log = logging.getLogger(__name__)

BATCH = 50


def _xml_fields(fields: dict) -> str:
    parts = []
    for name, value in fields.items():
        inner = _xml_fields(value) if isinstance(value, dict) else escape(str(value))
        parts.append(f"<{name}>{inner}</{name}>")
    return "".join(parts)


def incoming_of(row: InboundMessage) -> Incoming:
    """The message again, from what its row kept (`inbound.content_of`), through the parser."""
    kind, openid, rest = row.dedupe_key.split(":", 2)
    fields: dict = {"ToUserName": "pianqu", "FromUserName": row.openid, "MsgType": row.msg_type}
    if kind == "evt":
        created = rest.split(":", 1)[0]
    else:
        created = str(int(row.received_at.timestamp()))
        if not rest.startswith("t"):
            fields["MsgId"] = rest
    fields["CreateTime"] = created
    if row.msg_type == "text":
        fields["Content"] = row.content
    else:
        try:
            extra = json.loads(row.content or "{}")
        except ValueError:
            extra = {}
        fields.update(extra if isinstance(extra, dict) else {})
    return parse_message(f"<xml>{_xml_fields(fields)}</xml>")


def sweep_orphans(session: Session, now: datetime) -> int:
    """Handle `handling` rows whose handler is gone; the number of messages answered."""
    from .conversation import handle_incoming  # the handlers import much; only the sweep needs them
    from .reply_runner import reply_parts

    config = current_app.config
    bound = now - timedelta(seconds=config.get("INBOUND_ORPHAN_SWEEP_SECONDS", 60))
    give_up = now - timedelta(hours=config.get("INBOUND_ORPHAN_GIVE_UP_HOURS", 24))
    stale = session.execute(update(InboundMessage)
                            .where(InboundMessage.status == "handling", InboundMessage.received_at < give_up)
                            .values(status="failed"))
    if stale.rowcount:
        log.warning("inbound sweep: %d messages left handling for over a day marked failed", stale.rowcount)
    rows = list(session.scalars(select(InboundMessage)
                                .where(InboundMessage.status == "handling", InboundMessage.received_at < bound)
                                .order_by(InboundMessage.id).limit(BATCH)))
    answered = 0
    for row in rows:
        if not _orphaned(session, row, now):  # its handler still runs (it holds the row)
            continue
        try:
            with session.begin_nested():
                parts = reply_parts(handle_incoming(session, incoming_of(row), now))
                store_reply(session, row.id, row.openid, parts, deferred=True)
            answered += 1
        except Exception:
            log.exception("inbound sweep: handling inbound %s failed again", row.id)
            session.execute(update(InboundMessage).where(InboundMessage.id == row.id).values(status="failed"))
    return answered
