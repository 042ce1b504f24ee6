"""Putting a push into the outbox: one row per business event, insert-or-ignore on its key.

    enqueue(session, business_key="task:12:offer:<openid>", openid=..., kind="task",
            text="...", template_data={...}, url=None)
    enqueue_many(session, [Push(key, openid, kind, text, template_data, url), ...])
    enqueue_for_users(session, select(User.id, User.openid).where(...), "theme:2027-01:agri:",
                      "theme", text, template_data)

Runs in the caller's transaction, so the push is stored if and only if the business change that
caused it commits. Enqueueing the same business key again (a retried job, a second scheduler
run, two workers at once) writes nothing and never raises a unique violation: the statement is
`INSERT … ON CONFLICT (business_key) DO NOTHING` on both databases. `enqueue_many` writes a
chunk of rows per such statement (the monthly themes: 10 pushes per subscriber), leaving out
the keys it finds already there. `enqueue_for_users` pushes one message to every user a SELECT
finds, key `<prefix><openid>`: the rows are made by `INSERT … SELECT … ON CONFLICT DO NOTHING`
in the database, a range of user ids per statement, so a county of subscribers costs no Python
work per row and no memory (the monthly themes: 100,000 subscribers → 1,000,000 rows).
"""
from __future__ import annotations

from datetime import timedelta
from itertools import islice
from typing import Iterable, Iterator, NamedTuple

from sqlalchemy import Select, exists, func, literal, select
from sqlalchemy.orm import Session

from .. import context
from ..models import OutboxMessage, utcnow
from ..models.outbox import URGENT_KINDS
from ..sqlutil import insert_from_select_or_ignore, insert_many_or_ignore

# Rows per statement: 8 bound values each, well under SQLite's 32,766 and PostgreSQL's 65,535.
CHUNK = 1000
# User ids per INSERT … SELECT: each statement stays well under PostgreSQL's statement_timeout
# (bot/db.py) and SQLite's write lock is never held long by one.
USER_RANGE = 10_000
URGENT_HEAD_START = timedelta(days=1)


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
    written = insert_many_or_ignore(session, OutboxMessage, [row], ["business_key"]) == 1
    if written:  # a push about an item makes it the item the receiver's next answer is about
        context.remember_push(session, business_key, openid)
    return written


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


def enqueue_for_users(session: Session, recipients: Select, key_prefix: str, kind: str, text: str,
                      template_data: dict | None = None, url: str | None = None,
                      user_range: int = USER_RANGE) -> int:
    """One push to each user `recipients` finds (a SELECT of columns `id` and `openid`, e.g. of
    User), keyed `<key_prefix><openid>`; returns how many new rows were written.

    Users already holding their key are skipped by an indexed NOT EXISTS before any row is
    made (a re-run of the job costs reads only), and ON CONFLICT DO NOTHING covers a
    concurrent run. The same payload goes to every recipient.
    """
    found = recipients.subquery()
    low, high = session.execute(select(func.min(found.c.id), func.max(found.c.id))).one()
    if low is None:
        return 0
    table = OutboxMessage.__table__
    key = literal(key_prefix) + found.c.openid
    now = literal(utcnow(), type_=table.c.created_at.type)
    payload = literal(_payload(Push("", "", kind, text, template_data, url)), type_=table.c.payload.type)
    columns = ["business_key", "openid", "kind", "payload", "status", "attempts", "next_attempt_at", "created_at"]
    written = 0
    for start in range(low - 1, high, user_range):
        rows = (select(key, found.c.openid, literal(kind), payload, literal("pending"), literal(0), now, now)
                .where(found.c.id > start, found.c.id <= start + user_range,
                       ~exists().where(table.c.business_key == key))
                .order_by(found.c.id))
        written += insert_from_select_or_ignore(session, OutboxMessage, columns, rows, ["business_key"])
    return written


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter); `itertools.batched` from Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _payload(push: Push) -> dict:
    payload: dict = {"text": push.text}
    if push.template_data is not None:
        payload["template"] = push.template_data
    if push.url:
        payload["url"] = push.url
    return payload


def _row(push: Push) -> dict:
    now = utcnow()
    due = now - URGENT_HEAD_START if push.kind in URGENT_KINDS else now
    return {"business_key": push.business_key, "openid": push.openid, "kind": push.kind, "payload": _payload(push),
            "status": "pending", "attempts": 0, "next_attempt_at": due, "created_at": now}
