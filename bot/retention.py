"""How long villagers' messages are kept (PIPL: no longer than needed): the daily purge job.

`inbound_messages` holds each message's full text (up to ~20k characters) and the reply, for
deduplicating WeChat's redeliveries (minutes) and for looking into a complaint (weeks). Rows
older than INBOUND_RETENTION_DAYS (180) are deleted by the scheduler every night. Records of
services (needs, errands, bookings, their history) are not touched: they follow their own
rules and are kept as records of the service given.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import InboundMessage

BATCH = 5000  # rows per DELETE: a first run over years of messages does not hold one huge lock


def purge_inbound(session: Session, now: datetime) -> int:
    """Delete inbound messages received before the retention period; the number deleted."""
    cutoff = now - timedelta(days=int(current_app.config["INBOUND_RETENTION_DAYS"]))
    deleted = 0
    while True:
        ids = list(session.scalars(select(InboundMessage.id).where(InboundMessage.received_at < cutoff)
                                   .order_by(InboundMessage.id).limit(BATCH)))
        if not ids:
            return deleted
        session.execute(delete(InboundMessage).where(InboundMessage.id.in_(ids)))
        deleted += len(ids)
