"""Villagers' needs (吹哨/报到) with their history."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .people import Area, User, Village
from .work_events import WorkEvent, WorkItem

NEED_STATES = ("collected", "alerted", "claimed", "in_progress", "closed", "reopened", "escalated")
# States in which nobody holds the need yet: a representative of its group may claim it.
CLAIMABLE_STATES = ("collected", "alerted", "escalated")
# States in which the representative who claimed it is working on it.
HELD_STATES = ("claimed", "in_progress", "reopened")
URGENCIES = ("normal", "urgent")
INPUT_KINDS = ("text", "voice", "photo", "location")
SATISFACTION = ("satisfied", "unsatisfied")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Need(WorkItem, Base):
    """One need a villager reported. `number` (the id) is what people type: "报到 12"."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(_in("state", NEED_STATES), name="state"),
        CheckConstraint(_in("urgency", URGENCIES), name="urgency"),
        CheckConstraint(_in("input_kind", INPUT_KINDS), name="input_kind"),
        # Whoever holds a need is on record: a claimed state without a claimer is a bug.
        CheckConstraint("state IN ('collected', 'alerted', 'escalated') OR claimed_by IS NOT NULL",
                        name="held_by_someone"),
        Index("ix_needs_state_alerted_at", "state", "alerted_at"),
        Index("ix_needs_group_code_state", "group_code", "state"),
    )
    # Reported by the villager for a confirmed family member of theirs (代亲属办); None: for themselves.
    for_family_id: Mapped[Optional[int]] = mapped_column(ForeignKey("family_members.id"))
    text: Mapped[str] = mapped_column(Text)
    input_kind: Mapped[str] = mapped_column(String(10), default="text")
    photo_media_id: Mapped[Optional[str]] = mapped_column(String(128))
    voice_media_id: Mapped[Optional[str]] = mapped_column(String(128))
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    # The field the words point to (农业, 政法 … or 综合 when unsure) and the group it went to.
    field: Mapped[str] = mapped_column(String(20), default="")
    group_code: Mapped[Optional[str]] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(default=0.0)
    state: Mapped[str] = mapped_column(String(12), default="collected")
    # 0 not escalated; 1 the group's leader was asked; 2 the area secretary was asked.
    escalation_level: Mapped[int] = mapped_column(default=0)
    alerted_at: Mapped[Optional[datetime]]
    escalated_at: Mapped[Optional[datetime]]
    claimed_by: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    claimed_at: Mapped[Optional[datetime]]
    closed_at: Mapped[Optional[datetime]]
    satisfaction: Mapped[Optional[str]] = mapped_column(String(12))
    reopen_count: Mapped[int] = mapped_column(default=0)

    claimer: Mapped[Optional[User]] = relationship(foreign_keys=[claimed_by])
    village: Mapped[Optional[Village]] = relationship()
    area: Mapped[Area] = relationship()
    events: Mapped[list["NeedEvent"]] = relationship(back_populates="need", order_by="NeedEvent.id")

    @property
    def is_open(self) -> bool:
        return self.state != "closed"


class NeedEvent(WorkEvent, Base):
    """A step in a need's history: reported, alerted (one row per person told), claimed,
    progress, closed, rated, reopened, escalated, assigned."""

    __tablename__ = "need_events"
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    need: Mapped[Need] = relationship(back_populates="events")
