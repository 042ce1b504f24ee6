"""The outbox: every push is a row with a unique business key (placeholder: enqueue only).

    enqueue(session, business_key="errand:12:offer:<openid>", openid=..., kind="errand",
            text="...", template_data={...})

Insert-or-ignore on the business key: enqueueing the same business event twice gives one row.
Returns True when a new row was written.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import OutboxMessage


def enqueue(session: Session, business_key: str, openid: str, kind: str, text: str,
            template_data: dict | None = None, url: str | None = None) -> bool:
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.business_key == business_key)):
        return False
    payload = {"text": text}
    if template_data is not None:
        payload["template"] = template_data
    if url:
        payload["url"] = url
    session.add(OutboxMessage(business_key=business_key, openid=openid, kind=kind, payload=payload))
    session.flush()
    return True
