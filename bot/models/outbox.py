"""Outbox rows: every push to a user, with a unique business key (see bot/outbox.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "dead")
# Broadcasts (a month's theme to every villager, a notice to a whole area) are claimed after the
# person-to-person pushes that are due (bot/outbox/store.py).
BROADCAST_KINDS = ("theme", "notice")
# Danger to life (bot/safety): stored as due a day early, so the claim's oldest-first walk takes
# them before every other due row, and sent past a daily quota the dispatcher believes used up.
URGENT_KINDS = ("safety",)
# Pending rows of each class, as SQL with literal values: a partial index's predicate must match
# the query's terms as written (SQLite) and be provable without bound values (PostgreSQL), so
# the claim (store.py) filters with this very text.
_BROADCASTS_SQL = "(" + ", ".join(f"'{k}'" for k in BROADCAST_KINDS) + ")"
PENDING_DIRECT = f"status = 'pending' AND kind NOT IN {_BROADCASTS_SQL}"
PENDING_BROADCAST = f"status = 'pending' AND kind IN {_BROADCASTS_SQL}"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # The claim walks these in (next_attempt_at, id) order and stops at its LIMIT. During a
        # monthly push a million theme rows are pending: without them, finding the few due
        # person-to-person rows read all of them on every claim, and PostgreSQL, before its
        # statistics caught up with the million new rows, sorted them all to find the oldest
        # 20. `status` leads (though the predicate fixes it) so that SQLite prefers them to
        # ix_outbox_due.
        Index("ix_outbox_pending_direct", "status", "next_attempt_at", "id",
              postgresql_where=text(PENDING_DIRECT), sqlite_where=text(PENDING_DIRECT)),
        Index("ix_outbox_pending_broadcast", "status", "next_attempt_at", "id",
              postgresql_where=text(PENDING_BROADCAST), sqlite_where=text(PENDING_BROADCAST)),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "theme:2026-12:agri:<openid>", "reply:<inbound id>"; insert-or-ignore on it.
    business_key: Mapped[str] = mapped_column(String(200), unique=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # reply, whistle, task, reminder, theme, ...
    # {"text": ...} for customer-service text; {"template": {...data...}, "url": ...} optional.
    payload: Mapped[dict] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[Optional[datetime]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    channel: Mapped[Optional[str]] = mapped_column(String(12))  # custom|template, once sent
    wechat_msgid: Mapped[Optional[str]] = mapped_column(String(40), index=True)
    delivery_status: Mapped[Optional[str]] = mapped_column(String(40))  # TEMPLATESENDJOBFINISH
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[Optional[datetime]]
