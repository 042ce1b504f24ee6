"""Errands (便民代办): a villager's request handled by a party member of their area, and its history."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .family import FamilyMember
from .people import User
from .work_events import WorkEvent, WorkItem

ERRAND_STATES = ("offered", "accepted", "done", "cancelled", "escalated")
OPEN_STATES = ("offered", "accepted", "escalated")
EVENT_KINDS = ("created", "offered", "declined", "timed_out", "escalated", "accepted",
               "progress", "done", "cancelled", "rated", "reopened")


class Errand(WorkItem, Base):
    """One request. `number` (the id) is what villagers and party members type: "接单 12"."""

    __tablename__ = "errands"
    __table_args__ = (
        CheckConstraint("state IN ('offered', 'accepted', 'done', 'cancelled', 'escalated')",
                        name="state"),
        Index("ix_errands_state_offered_at", "state", "offered_at"),
        Index("ix_errands_assignee_state", "assignee_id", "state"),
    )
    # Made by the villager for a confirmed family member of theirs (代亲属办); None: for themselves.
    for_family_id: Mapped[Optional[int]] = mapped_column(ForeignKey("family_members.id"))
    # A CONTRACT guide id when the matter is one of the 18; `matter` is always the words shown.
    guide_id: Mapped[Optional[str]] = mapped_column(String(40))
    matter: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(30))
    preferred_time: Mapped[str] = mapped_column(String(100), default="")  # the villager's words
    state: Mapped[str] = mapped_column(String(12), default="offered")
    # offered: the member it waits for; accepted/done: who handles it; escalated: none (the area).
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    offer_round: Mapped[int] = mapped_column(default=0)
    offered_at: Mapped[Optional[datetime]]
    accepted_at: Mapped[Optional[datetime]]
    done_at: Mapped[Optional[datetime]]
    # The villager's latest rating after it was done: satisfied/unsatisfied, in their words.
    rating: Mapped[Optional[str]] = mapped_column(String(12))
    rating_words: Mapped[Optional[str]] = mapped_column(Text)
    rated_at: Mapped[Optional[datetime]]

    for_family: Mapped[Optional["FamilyMember"]] = relationship()
    assignee: Mapped[Optional[User]] = relationship(foreign_keys=[assignee_id])
    events: Mapped[list["ErrandEvent"]] = relationship(back_populates="errand", order_by="ErrandEvent.id")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ErrandEvent(WorkEvent, Base):
    """A step in an errand's history: offered to X, declined/timed out, accepted, progress, done."""

    __tablename__ = "errand_events"
    errand_id: Mapped[int] = mapped_column(ForeignKey("errands.id", ondelete="CASCADE"), index=True)
    errand: Mapped[Errand] = relationship(back_populates="events")
