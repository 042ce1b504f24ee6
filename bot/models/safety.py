"""Safety cases: one alert per villager message that signalled danger, its pushes and who answered."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import User

CASE_STATES = ("open", "acknowledged", "closed")


class SafetyCase(Base):
    """A danger message: the number the villager was given, who was alerted, who answered.

    `area_id` is the villager's area (None for an unregistered villager: the county's staff are
    alerted and the case shows on the county's board). `recipients` are the openids pushed so far.
    """

    __tablename__ = "safety_cases"
    __table_args__ = (Index("ix_safety_cases_state_created_at", "state", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    openid: Mapped[str] = mapped_column(String(64))
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # a kind id of knowledge/safety.yaml
    number: Mapped[str] = mapped_column(String(12))  # 119 / 120 / 110 / 95598 / 12356
    words: Mapped[str] = mapped_column(Text)  # the villager's message as sent
    where_text: Mapped[str] = mapped_column(Text, default="")  # where they are, when asked
    form: Mapped[str] = mapped_column(String(40), default="")  # the form that was in progress
    state: Mapped[str] = mapped_column(String(14), default="open")
    recipients: Mapped[list] = mapped_column(default=list)
    message_at: Mapped[datetime] = mapped_column(default=utcnow)  # when the message arrived
    alerted_at: Mapped[datetime] = mapped_column(default=utcnow)  # when the staff pushes were stored
    acknowledged_at: Mapped[Optional[datetime]]
    acknowledged_by: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    followed_up_at: Mapped[Optional[datetime]]
    escalated_at: Mapped[Optional[datetime]]
    closed_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    acknowledger: Mapped[Optional[User]] = relationship(foreign_keys=[acknowledged_by])
