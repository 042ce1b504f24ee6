"""The cadres' workbench (issue 16): dead pushes a cadre has dealt with, create-form tokens that
make a double post one object, and staff notes on a villager."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PushResolution(Base):
    """A dead push a cadre has understood and dealt with (called, gave up, told IT): off 待办."""

    __tablename__ = "admin_push_resolutions"
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime] = mapped_column(default=utcnow)


class FormToken(Base):
    """One create form as it was served: the first post of it makes the object, a second finds
    `result_url` and goes there instead of making another."""

    __tablename__ = "admin_form_tokens"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[Optional[int]] = mapped_column(ForeignKey("admin_accounts.id", ondelete="CASCADE"))
    result_url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserNote(Base):
    """A staff member's note on a person (visible to accounts whose scope covers `area_id`)."""

    __tablename__ = "admin_user_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
