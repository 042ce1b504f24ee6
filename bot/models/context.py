"""Each user's recent items (guide, task, booking, errand, need), newest first (see bot/context.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class UserContext(Base):
    __tablename__ = "user_contexts"
    openid: Mapped[str] = mapped_column(String(64), primary_key=True)
    # [{"kind": "task", "ref": "12", "at": ISO time, "via": "push" | "shown"}, ...], newest first.
    items: Mapped[list] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
