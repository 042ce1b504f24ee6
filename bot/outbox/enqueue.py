"""Writing a push into the outbox: one row per business event, insert-or-ignore on its key."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import OutboxMessage
from ..sql import insert_or_ignore


def enqueue(session: Session, business_key: str, openid: str, kind: str, text: str,
            template_data: dict | None = None, url: str | None = None) -> bool:
    """Queue `text` for `openid`; False (and nothing written) when the key is already queued.

    Runs in the caller's transaction and never raises a unique violation, so a handler or job
    can enqueue the same business event twice (a retry, a second scheduler run) safely.
    `template_data` is the template message's data ({"thing1": {"value": ...}, ...}) used when
    the user is outside the 48-hour window; `url` is where the template message links.
    """
    payload: dict = {"text": text}
    if template_data is not None:
        payload["template"] = template_data
    if url:
        payload["url"] = url
    return insert_or_ignore(session, OutboxMessage, {
        "business_key": business_key, "openid": openid, "kind": kind, "payload": payload,
    }, ["business_key"])
