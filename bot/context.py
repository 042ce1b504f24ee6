"""Each user's context: the items they last looked at or were pushed, newest first.

A short or relative answer ("1", "行", "去不了", "要带啥", "接单") means the item the user has in
mind: the guide just shown, the task just pushed. Handlers read it here instead of guessing
from every open item:

    context.remember(session, openid, "guide", "dibao")        # a guide was shown
    context.latest(session, openid, kinds=("task",))            # the task they were last told of
    context.recent(session, openid, kinds=("task", "booking"))  # to ask which one, when two fit

Pushes about an item are remembered by the outbox itself (`remember_push`, from its business
key "task:12:offer:<openid>"), in the same transaction, so a reply to a push acts on that push's
item. Kinds: guide (ref: guide id), task, booking, errand, need (ref: the item's number), and
matter (ref: a capability, "canteen"): the user turned to something else, so an older guide is
no longer what "电话多少" is about (`note_action`, after every reply).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import Session

from . import clock
from .models import UserContext
from .kept_sql import KeptSql

KINDS = ("guide", "task", "booking", "errand", "need", "matter")
# Items a short answer (yes, no, a number) may be about; the newest decides which handler answers.
ANSWERABLE = ("task", "errand", "booking", "need")
MAX_ITEMS = 6
# An item older than this is not what a short answer means any more.
KEEP = timedelta(days=3)
# Outbox business keys of pushes about one item: "<prefix>:<number>:…".
_PUSH_KEY = re.compile(r"^(task|errand|need|mediation):(\d+):")
_PUSH_KINDS = {"task": "task", "errand": "errand", "need": "need", "mediation": "booking"}


@dataclass(frozen=True)
class Item:
    kind: str
    ref: str
    at: datetime
    via: str  # "shown" (the user looked at it) | "push" (the bot told them of it)

    @property
    def number(self) -> int | None:
        return int(self.ref) if self.ref.isdigit() else None


_CONTEXTS = UserContext.__table__
_LOAD = select(_CONTEXTS.c["items"]).where(_CONTEXTS.c.openid == bindparam("openid"))
_SET_ITEMS = (update(_CONTEXTS).where(_CONTEXTS.c.openid == bindparam("of_openid"))
              .values({_CONTEXTS.c["items"]: bindparam("new_items")}))
# Each user's stored entries as this transaction last read or wrote them (None: no row). A
# message reads its sender's context several times; every write goes through this module.
_SEEN = "user_contexts"


def _upsert(insert):
    """Write the user's entries, creating the row: a push job and the user's own message may
    create it at once; the second waits for the first and overwrites it."""
    statement = insert(_CONTEXTS)
    return statement.on_conflict_do_update(
        index_elements=["openid"], set_={"items": statement.excluded["items"], "updated_at": statement.excluded["updated_at"]})


# The upsert run on the DBAPI cursor (bot/kept_sql.py): most messages note their action here.
_REMEMBER = KeptSql(_upsert, ("openid", "items", "updated_at"))


def with_context_items(statement, openid_column):
    """`statement` also reading the user's stored items (NULL without a row): the sender's query
    brings them, and the message's first look at the context needs no statement of its own."""
    return statement.add_columns(_CONTEXTS.c["items"]).outerjoin(_CONTEXTS, _CONTEXTS.c.openid == openid_column)


def note_items(session: Session, openid: str, entries: list[dict] | None) -> None:
    """The user's items as read along with the sender, in this transaction."""
    session.info.setdefault(_SEEN, {}).setdefault(openid, entries)


def _entries(session: Session, openid: str) -> list[dict] | None:
    seen = session.info.setdefault(_SEEN, {})
    if openid not in seen:
        seen[openid] = session.execute(_LOAD, {"openid": openid}).scalar_one_or_none()
    return seen[openid]


@event.listens_for(Session, "after_transaction_end")
def _forget_after_transaction(session: Session, _transaction) -> None:
    session.info.pop(_SEEN, None)
    session.info.pop(_PARSED, None)


def _items(entries: list[dict] | None) -> list[Item]:
    out = []
    for raw in entries or []:
        try:
            out.append(Item(raw["kind"], str(raw["ref"]), datetime.fromisoformat(raw["at"]), raw.get("via", "shown")))
        except (KeyError, TypeError, ValueError):
            continue  # an unreadable entry is only a lost hint
    return out


# The last stored list read as items, and those items: handlers ask for the topic or the latest
# item two to three times a message (issue 17), each read parsed every entry's time again. A
# write stores a new list, so the list's identity tells whether the items are still its own.
_PARSED = "user_context_items"


def _parsed(session: Session, entries: list[dict] | None) -> list[Item]:
    """`_items(entries)`, parsed once per stored list in this transaction (callers only read it)."""
    if not entries:
        return []
    kept = session.info.get(_PARSED)
    if kept is not None and kept[0] is entries:
        return kept[1]
    items = _items(entries)
    session.info[_PARSED] = (entries, items)
    return items


# A guide shown again while it is already the newest item, shown less than this long ago, is not
# written again (issue 17: one upsert a message for the same guide's follow-ups): its time only
# serves the KEEP window, which then ends at most this much early. Pushes are always written.
SHOWN_PRECISION = timedelta(minutes=1)


def _just_shown(first: dict, kind: str, ref: str, at: datetime) -> bool:
    """`first` (the newest stored entry) is (kind, ref), shown, less than SHOWN_PRECISION before `at`."""
    if (first.get("kind"), str(first.get("ref")), first.get("via", "shown")) != (kind, ref, "shown"):
        return False
    try:
        shown_at = datetime.fromisoformat(first["at"])
        return timedelta(0) <= at - shown_at < SHOWN_PRECISION
    except (KeyError, TypeError, ValueError):
        return False


def remember(session: Session, openid: str, kind: str, ref: str | int, via: str = "shown",
             at: datetime | None = None) -> None:
    """Put (kind, ref) first in the user's context (moving it up if it was there)."""
    if kind not in KINDS:
        raise ValueError(f"unknown context kind {kind!r}")
    at = at or clock.now()
    stored = _entries(session, openid)
    if via == "shown" and stored and _just_shown(stored[0], kind, str(ref), at):
        return
    kept = [i for i in _parsed(session, stored) if (i.kind, i.ref) != (kind, str(ref))]
    entries = [{"kind": kind, "ref": str(ref), "at": at.isoformat(), "via": via}]
    entries += [{"kind": i.kind, "ref": i.ref, "at": i.at.isoformat(), "via": i.via} for i in kept]
    entries = entries[:MAX_ITEMS]
    _REMEMBER.run_in(session, {"openid": openid, "items": entries, "updated_at": at})
    session.info.setdefault(_SEEN, {})[openid] = entries


def forget(session: Session, openid: str, kind: str, ref: str | int) -> None:
    """Drop one item (e.g. a task that was cancelled)."""
    entries = _entries(session, openid)
    if entries is not None:
        entries = [e for e in entries if (e.get("kind"), str(e.get("ref"))) != (kind, str(ref))]
        session.execute(_SET_ITEMS, {"of_openid": openid, "new_items": entries})
        session.info.setdefault(_SEEN, {})[openid] = entries


def recent(session: Session, openid: str, kinds: Iterable[str] | None = None,
           now: datetime | None = None, within: timedelta = KEEP) -> list[Item]:
    """The user's items of these kinds, newest first, no older than `within`."""
    wanted = set(kinds) if kinds is not None else set(KINDS)
    since = (now or clock.now()) - within
    return [i for i in _parsed(session, _entries(session, openid)) if i.kind in wanted and i.at >= since]


def latest(session: Session, openid: str, kinds: Iterable[str] | None = None,
           now: datetime | None = None, within: timedelta = KEEP) -> Item | None:
    """The newest item of these kinds, or None."""
    found = recent(session, openid, kinds, now, within)
    return found[0] if found else None


def topic(session: Session, openid: str, now: datetime | None = None, within: timedelta = KEEP) -> Item | None:
    """The newest item of any kind: what the user is talking about now."""
    return latest(session, openid, None, now, within)


def topic_ref(session: Session, openid: str, kind: str, now: datetime | None = None) -> str | None:
    """The ref of the newest item when it is of `kind` (the guide being talked about), else None."""
    item = topic(session, openid, now)
    return item.ref if item is not None and item.kind == kind else None


# Replies that do not change what the user is talking about (after a danger alert the villager
# comes back to the guide they were reading; registering one's village is a side step too: "俺是柳园的"
# then "要带啥" carries on with the guide asked before it).
_TOPIC_KEEPING = ("guide", "smalltalk", "clarify", "menu", "help", "flow", "safety", "bind")


def note_action(session: Session, openid: str, action: str | None) -> None:
    """After a reply: an action of another matter than the topic's becomes the newest item."""
    head = (action or "").split(".", 1)[0]
    if not head or head in _TOPIC_KEEPING:
        return
    newest = topic(session, openid)
    if newest is not None and (newest.kind, newest.ref) == ("matter", head):
        return
    remember(session, openid, "matter", head)


def pushed_since(session: Session, openid: str, since: datetime | None,
                 now: datetime | None = None) -> Item | None:
    """The newest item pushed to the user after `since` (a flow's last question), or None."""
    newest = topic(session, openid, now)
    if since is None or newest is None or newest.via != "push" or newest.at <= since:
        return None
    return newest


def push_item(business_key: str) -> tuple[str, str] | None:
    """(kind, number) of the item an outbox business key is about, or None."""
    found = _PUSH_KEY.match(business_key)
    return (_PUSH_KINDS[found.group(1)], found.group(2)) if found else None


def remember_push(session: Session, business_key: str, openid: str) -> None:
    """A push about an item was enqueued for `openid`: that item is now first in their context."""
    item = push_item(business_key)
    if item is not None:
        remember(session, openid, item[0], item[1], via="push")
