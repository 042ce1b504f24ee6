"""Village major matters (村级重大事项) under 四议两公开, and villagers' suggestions before a 议事日.

- `Matter`: one major matter of one village (title, keywords villagers may use for it).
- `MatterStep`: one of the six steps of a matter (`number` 1–6, see MATTER_STEPS), entered in
  order; its date, a short text and an optional file (kept in the row: a page or a photo of the
  minutes, at most MAX_FILE_BYTES). Steps 5 and 6 are the two 公开: entering one publishes it.
  `corrections` counts later changes (each one is in the audit log with before and after).
- `Suggestion`: what a villager proposed for their village (我有个建议…), a cadre's answer, and
  whether the answer is shown on the village's public page.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from .base import Base, utcnow
from .people import Area, User, Village

MATTER_STEPS = ("党支部提议", "两委商议", "党员大会审议", "村民代表会议决议", "决议公开", "实施结果公开")
# The steps that publish to the village (a mass send, and the public page).
DECISION_PUBLIC, RESULT_PUBLIC = 5, 6
PUBLIC_STEPS = (DECISION_PUBLIC, RESULT_PUBLIC)
MAX_FILE_BYTES = 2 * 1024 * 1024
SUGGESTION_STATES = ("open", "answered")


class Matter(Base):
    """A village's major matter; `id` is its number."""

    __tablename__ = "matters"
    __table_args__ = (Index("ix_matters_village_created", "village_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    title: Mapped[str] = mapped_column(String(80))
    # Other words villagers use for it ("修路 硬化 水泥路"), space separated.
    keywords: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    area: Mapped[Area] = relationship()
    village: Mapped[Village] = relationship()
    steps: Mapped[list["MatterStep"]] = relationship(back_populates="matter", order_by="MatterStep.number",
                                                     cascade="all, delete-orphan")

    @property
    def reached(self) -> int:
        """The number of the last step entered (0: none yet)."""
        return max((s.number for s in self.steps), default=0)

    @property
    def is_public(self) -> bool:
        return self.reached >= DECISION_PUBLIC


class MatterStep(Base):
    __tablename__ = "matter_steps"
    __table_args__ = (
        UniqueConstraint("matter_id", "number", name="uq_matter_steps_matter_number"),
        CheckConstraint("number BETWEEN 1 AND 6", name="number_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    number: Mapped[int]
    day: Mapped[date]
    text: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(120), default="")
    file_type: Mapped[str] = mapped_column(String(60), default="")
    file_data: Mapped[Optional[bytes]] = deferred(mapped_column(LargeBinary))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(64), default="")
    corrections: Mapped[int] = mapped_column(default=0)
    matter: Mapped[Matter] = relationship(back_populates="steps")

    @property
    def name(self) -> str:
        return MATTER_STEPS[self.number - 1]

    @property
    def publishes(self) -> bool:
        return self.number in PUBLIC_STEPS


class Suggestion(Base):
    """A villager's suggestion for their village; `id` is its number."""

    __tablename__ = "suggestions"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'answered')", name="state_known"),
        Index("ix_suggestions_area_state", "area_id", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[Optional[datetime]]
    answered_by: Mapped[str] = mapped_column(String(64), default="")
    # The cadre chose to show the suggestion and its answer on the village's public page.
    public: Mapped[bool] = mapped_column(default=False)
    user: Mapped[User] = relationship()
    village: Mapped[Village] = relationship()
