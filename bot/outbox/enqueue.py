"""Putting a push into the outbox: one row per business event, insert-or-ignore on its key.

    enqueue(session, business_key="task:12:offer:<openid>", openid=..., kind="task",
            text="...", template_data={...}, url=None)

Runs in the caller's transaction, so the push is stored if and only if the business change that
caused it commits. Enqueueing the same business key again (a retried job, a second scheduler
run, two workers at once) writes nothing and never raises a unique violation: the statement is
`INSERT … ON CONFLICT (business_key) DO NOTHING` on both databases.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import OutboxMessage, utcnow
from ..sqlutil import insert_or_ignore


def enqueue(session: Session, business_key: str, openid: str, kind: str, text: str,
            template_data: dict | None = None, url: str | None = None) -> bool:
    """Store a push; True when a new row was written, False when the key was already there."""
    payload: dict = {"text": text}
    if template_data is not None:
        payload["template"] = template_data
    if url:
        payload["url"] = url
    now = utcnow()
    return insert_or_ignore(session, OutboxMessage, {
        "business_key": business_key, "openid": openid, "kind": kind, "payload": payload,
        "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now,
    }, ["business_key"])
