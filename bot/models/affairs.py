"""Village affairs (村务): notices cadres publish, each village's rules, villagers' push choices.

- `Notice`: one 村务公开 / 议事日 / 村情发布会 / 公示 / 通知 for an area, or for one village of it.
  议事日 and 村情发布会 take place at `event_at` in `place`. `dedupe_key` (a hash of what was
  published) is unique, so publishing the same notice again finds the first row.
- `VillageRules`: the 村规民约 of one village; `version` grows with every change.
- `AffairsSubscription`: a villager's choice per kind of push: each kind of notice, and the
  monthly themes (`活动主题`, see bot/subscriptions.py). No row means subscribed.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import Area, Village

NOTICE_KINDS = ("村务公开", "议事日", "村情发布会", "公示", "通知")
# Kinds that are a meeting at a time and place (the rest are things to read).
EVENT_KINDS = ("议事日", "村情发布会")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Notice(Base):
    """A published notice; `id` is its number."""

    __tablename__ = "affairs_notices"
    __table_args__ = (
        CheckConstraint(_in("kind", NOTICE_KINDS), name="kind_known"),
        Index("ix_affairs_notices_area_published", "area_id", "published_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    # None: the whole area; else only this village of it.
    village_id: Mapped[Optional[int]] = mapped_column(ForeignKey("villages.id"), index=True)
    event_at: Mapped[Optional[datetime]]
    place: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(64), default="")
    dedupe_key: Mapped[str] = mapped_column(String(64), unique=True)
    area: Mapped[Area] = relationship()
    village: Mapped[Optional[Village]] = relationship()

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS


class VillageRules(Base):
    """The 村规民约 of one village."""

    __tablename__ = "village_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    # Sample text from knowledge/affairs.yaml: the chat says so.
    sample: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    village: Mapped[Village] = relationship()


class AffairsSubscription(Base):
    """Whether a user gets pushes of one kind (only rows that differ from the default)."""

    __tablename__ = "affairs_subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_affairs_subscriptions_user_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    subscribed: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
