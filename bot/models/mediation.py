"""Mediation appointments (隆礼重法调解室, 老苗调解): rooms, mediators, opening hours, slots, bookings.

The database itself holds the promises (RELIABILITY.md, promise 1):
- a slot is never overbooked: `CHECK (taken <= capacity)`, and places are taken with a
  conditional UPDATE (see bot/mediation/bookings.py);
- no one holds the same slot twice: unique (slot, villager) among bookings not cancelled;
- one open booking per person per kind of dispute: unique (villager, kind) among open bookings.
Both unique rules are partial unique indexes (PostgreSQL and SQLite both have them), so a
cancelled booking does not block booking again.
"""
from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, Time, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

if TYPE_CHECKING:
    from .people import User

DISPUTE_KINDS = ("邻里", "婚姻家庭", "赡养", "土地承包", "宅基地", "债务", "工钱", "其他")
OPEN_STATES = ("requested", "confirmed", "proposed_other_time", "moved")
BOOKING_STATES = OPEN_STATES + ("cancelled", "done")
OUTCOMES = ("调解成功", "未成功", "转交")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


OPEN_STATE_SQL = _in("state", OPEN_STATES)


class MediationRoom(Base):
    """A 隆礼重法 mediation room of one area."""

    __tablename__ = "mediation_rooms"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(default=True)
    hours: Mapped[list["OpeningHours"]] = relationship(
        back_populates="room", cascade="all, delete-orphan",
        order_by="(OpeningHours.weekday, OpeningHours.start_time)")


class Mediator(Base):
    """A user (with the `mediator` role) who mediates in a room."""

    __tablename__ = "mediators"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("mediation_rooms.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpeningHours(Base):
    """When a room receives people: local time on one weekday (ISO: 1 = Monday … 7 = Sunday)."""

    __tablename__ = "mediation_opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday_iso"),
        CheckConstraint("slot_minutes > 0", name="slot_minutes_positive"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("start_time < end_time", name="starts_before_end"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("mediation_rooms.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    slot_minutes: Mapped[int] = mapped_column(default=60)
    capacity: Mapped[int] = mapped_column(default=1)
    room: Mapped[MediationRoom] = relationship(back_populates="hours")


class Slot(Base):
    """One appointment time of a room; `taken` places of `capacity`, never more."""

    __tablename__ = "mediation_slots"
    __table_args__ = (
        UniqueConstraint("room_id", "starts_at"),
        CheckConstraint("taken <= capacity", name="taken_within_capacity"),
        CheckConstraint("taken >= 0", name="taken_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("mediation_rooms.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)
    room: Mapped[MediationRoom] = relationship()


class Booking(Base):
    """A villager's mediation appointment. `number` is what villagers and mediators type."""

    __tablename__ = "mediation_bookings"
    __table_args__ = (
        Index("uq_mediation_bookings_slot_villager", "slot_id", "villager_id", unique=True,
              sqlite_where=text("state <> 'cancelled'"), postgresql_where=text("state <> 'cancelled'")),
        Index("uq_mediation_bookings_open_kind", "villager_id", "kind", unique=True,
              sqlite_where=text(OPEN_STATE_SQL), postgresql_where=text(OPEN_STATE_SQL)),
        CheckConstraint(_in("state", BOOKING_STATES), name="state_known"),
        CheckConstraint(_in("kind", DISPUTE_KINDS), name="kind_known"),
        CheckConstraint("outcome IS NULL OR " + _in("outcome", OUTCOMES), name="outcome_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Set to the id right after the insert, in the same transaction.
    number: Mapped[Optional[str]] = mapped_column(String(20), unique=True)
    villager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("mediation_slots.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    other_party: Mapped[Optional[str]] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(30), default="")
    state: Mapped[str] = mapped_column(String(24), default="requested")
    # A time the mediator offered instead (state proposed_other_time).
    proposed_slot_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mediation_slots.id"))
    mediator_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[Optional[str]] = mapped_column(String(10))
    outcome_note: Mapped[Optional[str]] = mapped_column(Text)
    # Bumped on every change of state or time, so each notice has its own business key.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # After the outcome: the villager's rating (satisfied/unsatisfied) in their words; an
    # unsatisfied one is flagged to the area's staff.
    rating: Mapped[Optional[str]] = mapped_column(String(12))
    rating_words: Mapped[Optional[str]] = mapped_column(Text)
    rated_at: Mapped[Optional[datetime]]
    slot: Mapped[Slot] = relationship(foreign_keys=[slot_id])
    proposed_slot: Mapped[Optional[Slot]] = relationship(foreign_keys=[proposed_slot_id])
    villager: Mapped["User"] = relationship(foreign_keys=[villager_id])
    mediator: Mapped[Optional["User"]] = relationship(foreign_keys=[mediator_id])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
