"""The bot's read access to guides, from the database, with a cache that notices edits.

Each call runs one cheap query (row count and max(updated_at) of `guides`); the parsed guides
are reused until that stamp changes, so an edit from the admin page is used on the next
message without a restart. Any ORM update of a Guide bumps `updated_at` (onupdate).

    from bot.guides import get_guide, list_guides
    guide = get_guide(session, "dibao")      # GuideView or None
    guide.where_for("卞庄街道")
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from bot.models import Guide
from bot.read_gate import ReadGate

from knowledge.guide_schema import GUIDE_IDS

TOWNSHIP_FALLBACK = "户口所在乡镇（街道）"


@dataclass(frozen=True)
class GuideView:
    """A guide as the chat shows it (immutable, safe to share between requests)."""

    id: str
    title: str
    summary: str
    who: tuple[str, ...]
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    time_limit: str
    where_default: str
    where_townships: tuple[tuple[str, str], ...]
    phone: str
    cost: str
    policy: tuple[str, ...]
    checked: str
    sample: frozenset[str]

    @classmethod
    def from_data(cls, gid: str, data: dict[str, Any]) -> "GuideView":
        where = data.get("where") or {}
        texts = lambda key: tuple(str(x) for x in data.get(key) or ())  # noqa: E731
        return cls(
            id=gid, title=str(data.get("title", gid)), summary=str(data.get("summary", "")),
            who=texts("who"), materials=texts("materials"), steps=texts("steps"),
            time_limit=str(data.get("time_limit", "")),
            where_default=str(where.get("default", "")),
            where_townships=tuple(sorted((where.get("townships") or {}).items())),
            phone=str(data.get("phone", "")), cost=str(data.get("cost", "")),
            policy=texts("policy"), checked=str(data.get("checked", "")),
            sample=frozenset(data.get("sample") or ()),
        )

    def is_sample(self, field_name: str) -> bool:
        return field_name in self.sample

    def where_for(self, township: str | None) -> str:
        """The place for a villager of `township` (its override, or the default filled in)."""
        overrides = dict(self.where_townships)
        if township and township in overrides:
            return overrides[township]
        return self.where_default.replace("{township}", township or TOWNSHIP_FALLBACK)


# Built once (see bot/sqlutil.prepared): it runs in every message's transaction.
_STAMP = select(func.count(Guide.id), func.max(Guide.updated_at))
GUIDE_CHECK_SECONDS = 5.0  # how stale another worker's guide edit may be here


class GuideCache:
    """Parsed guides per database, refreshed when the (count, max(updated_at)) stamp changes.

    The stamp is read at most every GUIDE_CHECK_SECONDS per database in a process (bot/read_gate.py),
    and at once after this process wrote a guide (the admin board, the knowledge loader): an
    edit made in another worker reaches this one's answers within those seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # engine → (stamp, views)
        self._gate = ReadGate(GUIDE_CHECK_SECONDS, Guide)

    def guides(self, session: Session) -> dict[str, GuideView]:
        engine = session.get_bind().engine  # an Engine or a Connection (bot/db.py)
        # Looked at once per transaction (a message asks several times); a guide written in this
        # very transaction is seen by the next one.
        stamp = session.info.get("guide_stamp")
        if stamp is None:
            with self._lock:
                entry = self._entries.get(engine)
            if entry is not None and not self._gate.due(session):
                return entry[1]
            stamp = tuple(session.execute(_STAMP).one())
            self._gate.read(session)
            session.info["guide_stamp"] = stamp
        with self._lock:
            entry = self._entries.get(engine)
            if entry is not None and entry[0] == stamp:
                return entry[1]
        rows = session.scalars(select(Guide)).all()
        views = {row.id: GuideView.from_data(row.id, row.data or {}) for row in rows}
        with self._lock:
            self._entries[engine] = (stamp, views)
        return views

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
        self._gate.forget()


_cache = GuideCache()


@event.listens_for(Session, "after_flush")
def _forget_stamp_after_guide_writes(session: Session, _flush_context) -> None:
    if any(isinstance(row, Guide) for rows in (session.new, session.dirty, session.deleted) for row in rows):
        session.info.pop("guide_stamp", None)


@event.listens_for(Session, "after_transaction_end")
def _forget_stamp_after_transaction(session: Session, _transaction) -> None:
    session.info.pop("guide_stamp", None)


def get_guide(session: Session, guide_id: str | None) -> GuideView | None:
    if not guide_id:
        return None
    return _cache.guides(session).get(guide_id)


def list_guides(session: Session) -> list[GuideView]:
    """All guides: CONTRACT.md's order first, then any others by id."""
    views = _cache.guides(session)
    order = {gid: i for i, gid in enumerate(GUIDE_IDS)}
    return sorted(views.values(), key=lambda g: (order.get(g.id, len(order)), g.id))
