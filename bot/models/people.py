"""Who uses the bot: areas (片区) and villages, users (by openid) and their roles."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

ROLES = ("villager", "party_member", "grid_worker", "volunteer", "rep", "mediator", "secretary", "cadre")
ROLE_LABELS = {
    "villager": "群众",
    "party_member": "党员代办员",
    "grid_worker": "网格员",
    "volunteer": "志愿者",
    "rep": "党代表",
    "mediator": "调解员",
    "secretary": "片区书记",
    "cadre": "干部",
}


class Area(Base):
    """A 片区 under a cross-village joint party committee."""

    __tablename__ = "areas"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    township: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    villages: Mapped[list["Village"]] = relationship(back_populates="area", order_by="Village.id")


class Village(Base):
    __tablename__ = "villages"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # Other names villagers use ("代庄" for "代村"), space separated.
    aliases: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    area: Mapped[Area] = relationship(back_populates="villages")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    village_id: Mapped[Optional[int]] = mapped_column(ForeignKey("villages.id"), index=True)
    subscribed: Mapped[bool] = mapped_column(default=True)
    # The 48-hour customer-service window runs from the user's last message or event.
    last_interaction_at: Mapped[Optional[datetime]]
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    location_at: Mapped[Optional[datetime]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    village: Mapped[Optional[Village]] = relationship()
    roles: Mapped[list["UserRole"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def area_id(self) -> int | None:
        return self.village.area_id if self.village else None

    def has_role(self, role: str) -> bool:
        return role == "villager" or any(r.role == role for r in self.roles)

    @property
    def role_names(self) -> set[str]:
        return {"villager"} | {r.role for r in self.roles}

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def mask_phone(phone: str) -> str:
    """138****5678: phone numbers never appear whole in logs."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


class UserRole(Base):
    """A staff role held by a user, scoped to an area and, for representatives, a group."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role", "area_id", "group_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id"))
    group_code: Mapped[Optional[str]] = mapped_column(String(40))
    # A representative who leads their group (组长): unclaimed whistles are escalated to them.
    leader: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship(back_populates="roles")
