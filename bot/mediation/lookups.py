"""Look-ups shared by chat and admin: rooms, bookings by number, and who may see which.

A villager sees only their own bookings; a mediator only the bookings of their rooms.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Booking, MediationRoom, Mediator, Slot, User, UserRole
from bot.models.mediation import OPEN_STATES


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
