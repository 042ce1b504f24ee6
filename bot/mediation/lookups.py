"""Look-ups shared by chat and admin: rooms, bookings by number, and who may see which.

A villager sees only their own bookings; a mediator only the bookings of their rooms.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Booking, MediationRoom, Mediator, Slot, User, UserRole
from bot.models.mediation import OPEN_STATES

from .slots import slot_words

# How each state reads to villagers and mediators.
STATE_LABELS = {"requested": "等调解员确认", "confirmed": "已确认", "proposed_other_time": "调解员建议改时间",
                "moved": "改了时间，等调解员确认", "cancelled": "已取消", "done": "已调解"}


def room_for_area(session: Session, area_id: int | None) -> MediationRoom | None:
    if area_id is None:
        return None
    return session.scalars(select(MediationRoom).where(MediationRoom.area_id == area_id,
                                                       MediationRoom.active.is_(True))
                           .order_by(MediationRoom.id)).first()


def booking_by_number(session: Session, number: str) -> Booking | None:
    return session.scalars(select(Booking).where(Booking.number == str(number).strip())).first()


def villagers_booking(session: Session, number: str, villager_id: int) -> Booking | None:
    """The villager's own booking with this number (None for anyone else's)."""
    booking = booking_by_number(session, number)
    return booking if booking is not None and booking.villager_id == villager_id else None


def villager_bookings(session: Session, villager_id: int, limit: int = 8) -> list[Booking]:
    """A villager's bookings: open ones first, then the latest closed ones."""
    return list(session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id).where(Booking.villager_id == villager_id)
        .order_by(Booking.state.in_(OPEN_STATES).desc(), Slot.starts_at.desc()).limit(limit)))


def mediator_room_ids(session: Session, user_id: int) -> list[int]:
    return list(session.scalars(select(Mediator.room_id).where(Mediator.user_id == user_id)))


def mediators_booking(session: Session, number: str, user_id: int) -> Booking | None:
    """A booking of one of the mediator's rooms (None for other rooms' bookings)."""
    booking = booking_by_number(session, number)
    if booking is None or booking.slot.room_id not in mediator_room_ids(session, user_id):
        return None
    return booking


def add_mediator(session: Session, room_id: int, user_id: int) -> bool:
    """Make a user a mediator of a room (and give them the `mediator` role of its area)."""
    room = session.get(MediationRoom, room_id)
    created = False
    if session.scalar(select(Mediator.id).where(Mediator.room_id == room_id, Mediator.user_id == user_id)) is None:
        session.add(Mediator(room_id=room_id, user_id=user_id))
        created = True
    if session.scalar(select(UserRole.id).where(UserRole.user_id == user_id, UserRole.role == "mediator",
                                                UserRole.area_id == room.area_id)) is None:
        session.add(UserRole(user_id=user_id, role="mediator", area_id=room.area_id))
    session.flush()
    user = session.get(User, user_id)
    session.refresh(user, ["roles"])
    return created


def booking_line(booking: Booking, tz=None) -> str:
    """12号 宅基地纠纷 1月6日（周三）上午9点 已确认."""
    state = STATE_LABELS[booking.state] + (f"（{booking.outcome}）" if booking.outcome else "")
    return f"{booking.number}号 {booking.kind}纠纷 {slot_words(booking.slot, tz)} {state}"


def status_lines(session: Session, user, tz=None) -> list[str]:
    """The user's own bookings for the "我的记录" answer (handlers/status.py), newest last."""
    return [booking_line(b, tz) for b in reversed(villager_bookings(session, user.id))]
