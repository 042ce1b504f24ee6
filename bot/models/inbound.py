"""Inbound messages as received, keyed for deduplication of WeChat's redeliveries."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class InboundMessage(Base):
    """One message or event from a user; `dedupe_key` is unique, so a retry finds the first."""

    __tablename__ = "inbound_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    # "msg:<FromUserName>:<MsgId>" or "evt:<FromUserName>:<CreateTime>:<Event>"
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    msg_type: Mapped[str] = mapped_column(String(30))
    content: Mapped[str] = mapped_column(Text, default="")
    # The passive reply given, so a retry gets the same answer. Null while still handling.
    reply: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="handling")  # handling|replied|deferred
    # What the bot did with it (an action id of CONTRACT.md) and the guide that concerns.
    action: Mapped[Optional[str]] = mapped_column(String(40))
    guide: Mapped[Optional[str]] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
