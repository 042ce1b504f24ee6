"""The benefits check (政策找人): a household's answers, kept only when the villager agreed."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .family import FamilyMember
from .people import User, Village


class BenefitCheck(Base):
    __tablename__ = "benefit_checks"
    __table_args__ = (Index("ix_benefit_checks_area_created", "area_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Made for a confirmed family member of the villager (代亲属办): village and area are theirs.
    for_family_id: Mapped[Optional[int]] = mapped_column(ForeignKey("family_members.id"))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    answers: Mapped[dict]
    guides: Mapped[list]  # the guides that may apply, as matched then
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship()
    village: Mapped[Village] = relationship()
    for_family: Mapped[Optional[FamilyMember]] = relationship()
