"""The representative groups' monthly themes (一组一特色、一月一主题)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Theme(Base):
    """A representative group's theme of one month (一月一主题); `month` is "2026-12".

    Only a `published` theme is pushed and shown in chat; themes from knowledge/themes.yaml are
    published as they load, a theme made on the admin page starts as a draft. `pushed_at` is set
    by the job that enqueued its pushes (bot/themes/); the outbox keys keep an edit
    after that from pushing again. `edited_on_page`: the file loader leaves the theme alone.
    """

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("group_code", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_code: Mapped[str] = mapped_column(String(40), index=True)
    month: Mapped[str] = mapped_column(String(7))
    title: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[list] = mapped_column(default=list)
    published: Mapped[bool] = mapped_column(default=True, server_default=true())
    published_at: Mapped[Optional[datetime]]
    pushed_at: Mapped[Optional[datetime]]
    edited_on_page: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
