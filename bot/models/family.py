"""Family members villagers act for (代亲属办): a parent or relative without WeChat.

`FamilyMember`: who (name, relation to the villager, village), whose (`owner_id`, the villager
who acts), and whether the area's staff confirmed it (on the admin page, or by the `code` they
give the villager after checking). Only a confirmed member can have errands made for them
(`Errand.for_family_id`).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import User, Village

FAMILY_STATES = ("pending", "confirmed")


class FamilyMember(Base):
    __tablename__ = "family_members"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'confirmed')", name="state_known"),
        Index("ix_family_members_area_state", "area_id", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    relation: Mapped[str] = mapped_column(String(20))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    code: Mapped[str] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[Optional[datetime]]
    confirmed_by: Mapped[str] = mapped_column(String(64), default="")
    owner: Mapped[User] = relationship()
    village: Mapped[Village] = relationship()

    @property
    def label(self) -> str:
        """'母亲王桂兰'."""
        return f"{self.relation}{self.name}"
