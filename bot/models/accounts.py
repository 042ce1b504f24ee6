"""One-time invite codes that grant a staff role (party member, volunteer, representative …)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class InviteCode(Base):
    """Claimed once: `used_by` is set by a conditional UPDATE, so two claims cannot both win.

    A code made for a named person (the people import, bot/admin/people_import.py) carries
    their name, phone and village; claiming it fills in whichever of them the user lacks.
    """

    __tablename__ = "invite_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id"))
    group_code: Mapped[Optional[str]] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_by: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[Optional[datetime]]
    person_name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="", index=True)
    village_id: Mapped[Optional[int]] = mapped_column(ForeignKey("villages.id"))
    import_id: Mapped[Optional[int]] = mapped_column(ForeignKey("admin_imports.id", ondelete="SET NULL"),
                                                     index=True)
