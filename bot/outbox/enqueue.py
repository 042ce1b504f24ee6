"""Putting a push into the outbox: one row per business event, insert-or-ignore on its key.

    enqueue(session, business_key="task:12:offer:<openid>", openid=..., kind="task",
            text="...", template_data={...}, url=None)
    enqueue_many(session, [Push(key, openid, kind, text, template_data, url), ...])

Runs in the caller's transaction, so the push is stored if and only if the business change that
caused it commits. Enqueueing the same business key again (a retried job, a second scheduler
run, two workers at once) writes nothing and never raises a unique violation: the statement is
`INSERT … ON CONFLICT (business_key) DO NOTHING` on both databases. `enqueue_many` writes a
chunk of rows per such statement (the monthly themes: 10 pushes per subscriber), leaving out
the keys it finds already there.
"""
from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import OutboxMessage, utcnow
from ..sqlutil import insert_many_or_ignore

# Rows per statement: 8 bound values each, well under SQLite's 32,766 and PostgreSQL's 65,535.
CHUNK = 1000


class Push(NamedTuple):
    business_key: str
    openid: str
    kind: str
    text: str
    template_data: dict | None = None
    url: str | None = None


def enqueue(session: Session, business_key: str, openid: str, kind: str, text: str,
            template_data: dict | None = None, url: str | None = None) -> bool:
    """Store a push; True when a new row was written, False when the key was already there."""
    row = _row(Push(business_key, openid, kind, text, template_data, url))
    return insert_many_or_ignore(session, OutboxMessage, [row], ["business_key"]) == 1


def enqueue_many(session: Session, pushes: Iterable[Push]) -> int:
    """Store many pushes, a chunk per statement; returns how many new rows were written.

    A job that runs again (the monthly themes: hourly for three days) finds most keys there
    already: one indexed read per chunk skips them before any row is built or sent.
    """
    written = 0
    for chunk in batched(pushes, CHUNK):
        there = set(session.scalars(select(OutboxMessage.business_key)
                                    .where(OutboxMessage.business_key.in_([p.business_key for p in chunk]))))
        rows = [_row(push) for push in chunk if push.business_key not in there]
        written += insert_many_or_ignore(session, OutboxMessage, rows, ["business_key"])
    return written


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter); `itertools.batched` from Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _row(push: Push) -> dict:
    payload: dict = {"text": push.text}
    if push.template_data is not None:
        payload["template"] = push.template_data
    if push.url:
        payload["url"] = push.url
    now = utcnow()
    return {"business_key": push.business_key, "openid": push.openid, "kind": push.kind, "payload": payload,
            "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now}
