"""Outbox rows: every push to a user, with a unique business key (see bot/outbox.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "dead")


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
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
