"""Errands (便民代办): a villager's request handled by a party member of their area, and its history."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from .base import Base, utcnow
from .people import User

ERRAND_STATES = ("offered", "accepted", "done", "cancelled", "escalated")
OPEN_STATES = ("offered", "accepted", "escalated")
EVENT_KINDS = ("created", "offered", "declined", "timed_out", "escalated", "accepted",
               "progress", "done", "cancelled", "rated", "reopened")


class Errand(Base):
    """One request. `number` (the id) is what villagers and party members type: "接单 12"."""

    __tablename__ = "errands"
    __table_args__ = (
        CheckConstraint("state IN ('offered', 'accepted', 'done', 'cancelled', 'escalated')",
                        name="state"),
        Index("ix_errands_state_offered_at", "state", "offered_at"),
        Index("ix_errands_assignee_state", "assignee_id", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number = synonym("id")
    villager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # A CONTRACT guide id when the matter is one of the 18; `matter` is always the words shown.
    guide_id: Mapped[Optional[str]] = mapped_column(String(40))
    matter: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(30))
    preferred_time: Mapped[str] = mapped_column(String(100), default="")  # the villager's words
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    village_id: Mapped[Optional[int]] = mapped_column(ForeignKey("villages.id"))
    state: Mapped[str] = mapped_column(String(12), default="offered")
    # offered: the member it waits for; accepted/done: who handles it; escalated: none (the area).
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    offer_round: Mapped[int] = mapped_column(default=0)
    offered_at: Mapped[Optional[datetime]]
    accepted_at: Mapped[Optional[datetime]]
    done_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The villager's latest rating after it was done: satisfied/unsatisfied, in their words.
    rating: Mapped[Optional[str]] = mapped_column(String(12))
    rating_words: Mapped[Optional[str]] = mapped_column(Text)
    rated_at: Mapped[Optional[datetime]]

    villager: Mapped[User] = relationship(foreign_keys=[villager_id])
    assignee: Mapped[Optional[User]] = relationship(foreign_keys=[assignee_id])
    events: Mapped[list["ErrandEvent"]] = relationship(back_populates="errand", order_by="ErrandEvent.id")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ErrandEvent(Base):
    """A step in an errand's history: offered to X, declined/timed out, accepted, progress, done."""

    __tablename__ = "errand_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    errand_id: Mapped[int] = mapped_column(ForeignKey("errands.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    errand: Mapped[Errand] = relationship(back_populates="events")
    user: Mapped[Optional[User]] = relationship()
