"""Booking rules: book, confirm, propose another time, accept, move, cancel, record the outcome.

Plain functions over a session, shared by chat, admin page and scheduler; the caller owns the
transaction. Places are taken with a conditional UPDATE (`taken < capacity`) and a rowcount
check; the unique indexes of bot/models/mediation.py catch a twin request racing this one, and
the twin gets the booking that won (so a double tap or a retried request books once).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Booking, Slot, utcnow
from bot.models.mediation import DISPUTE_KINDS, OPEN_STATES, OUTCOMES

from bot.mediation import notices
from bot.mediation.reasons import AlreadyBooked, SlotFull, SlotUnavailable, WrongState


@dataclass
class BookingResult:
    booking: Booking
    created: bool  # False: the same request was made before, this is that booking


def take_place(session: Session, slot_id: int) -> bool:
    """Take one place if one is left. The WHERE clause is the whole guard against overbooking."""
    result = session.execute(
        update(Slot).where(Slot.id == slot_id, Slot.taken < Slot.capacity)
        .values(taken=Slot.taken + 1).execution_options(synchronize_session=False))
    _forget_slot(session, slot_id)
    return result.rowcount == 1


def free_place(session: Session, slot_id: int) -> None:
    session.execute(update(Slot).where(Slot.id == slot_id, Slot.taken > 0)
                    .values(taken=Slot.taken - 1).execution_options(synchronize_session=False))
    _forget_slot(session, slot_id)


def _forget_slot(session: Session, slot_id: int) -> None:
    slot = session.identity_map.get(session.identity_key(Slot, slot_id))
    if slot is not None:
        session.expire(slot, ["taken"])


def _touch(booking: Booking, now: datetime) -> None:
    booking.version += 1
    booking.updated_at = now


def _same_request(session: Session, villager_id: int, slot_id: int, kind: str) -> Booking | None:
    return session.scalars(select(Booking).where(
        Booking.villager_id == villager_id, Booking.slot_id == slot_id, Booking.kind == kind,
        Booking.state.in_(OPEN_STATES))).first()


def _in_the_way(session: Session, villager_id: int, slot_id: int, kind: str) -> Booking | None:
    """An open booking of the same kind, or any live booking of this villager in this slot."""
    return session.scalars(select(Booking).where(
        Booking.villager_id == villager_id,
        ((Booking.kind == kind) & Booking.state.in_(OPEN_STATES))
        | ((Booking.slot_id == slot_id) & (Booking.state != "cancelled")))
        .order_by(Booking.id)).first()


def _usable_slot(session: Session, slot_id: int, now: datetime, room_id: int | None = None) -> Slot:
    slot = session.get(Slot, slot_id)
    if slot is None or slot.starts_at <= now or (room_id is not None and slot.room_id != room_id):
        raise SlotUnavailable()
    return slot


def book_slot(session: Session, *, villager_id: int, slot_id: int, kind: str, description: str = "",
              phone: str = "", other_party: str | None = None, now: datetime | None = None,
              tz: ZoneInfo | str | None = None) -> BookingResult:
    """Book a place for a villager; the same request again returns the same booking.

    Raises SlotFull, SlotUnavailable, or AlreadyBooked (with the booking in the way).
    Enqueues the push to the room's mediators.
    """
    if kind not in DISPUTE_KINDS:
        raise ValueError(f"unknown kind of dispute: {kind}")
    now = now or utcnow()
    _usable_slot(session, slot_id, now)
    if (same := _same_request(session, villager_id, slot_id, kind)) is not None:
        return BookingResult(same, False)
    if (other := _in_the_way(session, villager_id, slot_id, kind)) is not None:
        raise AlreadyBooked(other)
    try:
        with session.begin_nested():
            if not take_place(session, slot_id):
                raise SlotFull()
            booking = Booking(villager_id=villager_id, slot_id=slot_id, kind=kind,
                              description=description.strip()[:1000], phone=phone,
                              other_party=(other_party or None), state="requested",
                              created_at=now, updated_at=now)
            session.add(booking)
            session.flush()
            booking.number = str(booking.id)
            session.flush()
    except (IntegrityError, SlotFull) as exc:
        # A twin of this request (double tap, another worker) may have committed first.
        if (same := _same_request(session, villager_id, slot_id, kind)) is not None:
            return BookingResult(same, False)
        if (other := _in_the_way(session, villager_id, slot_id, kind)) is not None:
            raise AlreadyBooked(other) from exc
        raise
    notices.new_booking(session, booking, tz)
    return BookingResult(booking, True)


def _require_open(booking: Booking) -> None:
    if booking.state not in OPEN_STATES:
        raise WrongState(booking, state=booking.state)


def confirm(session: Session, booking: Booking, mediator_id: int, now: datetime | None = None,
            tz: ZoneInfo | str | None = None) -> Booking:
    """The mediator agrees to the booked time; the villager is told. Confirming twice is harmless."""
    if booking.state == "confirmed":
        return booking
    _require_open(booking)
    booking.state, booking.mediator_id, booking.proposed_slot_id = "confirmed", mediator_id, None
    _touch(booking, now or utcnow())
    session.flush()
    notices.confirmed(session, booking, tz)
    return booking


def propose_other_time(session: Session, booking: Booking, slot_id: int, mediator_id: int,
                       now: datetime | None = None, tz: ZoneInfo | str | None = None) -> Booking:
    """The mediator offers another time of the same room; the villager may accept it or re-pick.

    The place is taken only when the villager accepts (see `accept_proposal`).
    """
    now = now or utcnow()
    _require_open(booking)
    slot = _usable_slot(session, slot_id, now, booking.slot.room_id)
    if slot.id == booking.slot_id:
        raise SlotUnavailable(booking, booked_already=True)
    if slot.taken >= slot.capacity:
        raise SlotFull(booking)
    booking.state, booking.proposed_slot_id, booking.mediator_id = "proposed_other_time", slot.id, mediator_id
    _touch(booking, now)
    session.flush()
    session.refresh(booking, ["proposed_slot"])
    notices.proposed(session, booking, tz)
    return booking


def move(session: Session, booking: Booking, slot_id: int, now: datetime | None = None,
         tz: ZoneInfo | str | None = None, new_state: str = "moved", notify_mediators: bool = True) -> Booking:
    """Move a booking to another slot of its room, atomically: take the new place, free the old.

    Raises SlotFull (nothing changes), SlotUnavailable, AlreadyBooked, WrongState.
    """
    now = now or utcnow()
    _require_open(booking)
    old_slot = booking.slot
    if slot_id == old_slot.id:
        return booking
    _usable_slot(session, slot_id, now, old_slot.room_id)
    try:
        with session.begin_nested():
            if not take_place(session, slot_id):
                raise SlotFull(booking)
            free_place(session, old_slot.id)
            booking.slot_id, booking.state, booking.proposed_slot_id = slot_id, new_state, None
            session.flush()
    except IntegrityError as exc:
        session.refresh(booking)
        raise AlreadyBooked(booking) from exc
    _touch(booking, now)
    session.flush()
    session.refresh(booking, ["slot"])
    if notify_mediators:
        notices.moved(session, booking, old_slot, tz)
    return booking


def accept_proposal(session: Session, booking: Booking, now: datetime | None = None,
                    tz: ZoneInfo | str | None = None) -> Booking:
    """The villager takes the time the mediator offered: moved there and confirmed."""
    if booking.state != "proposed_other_time" or booking.proposed_slot_id is None:
        raise WrongState(booking, offered=False)
    move(session, booking, booking.proposed_slot_id, now, tz, new_state="confirmed", notify_mediators=False)
    notices.accepted(session, booking, tz)
    return booking


def cancel(session: Session, booking: Booking, now: datetime | None = None, by_villager: bool = True,
           tz: ZoneInfo | str | None = None) -> Booking:
    """Cancel and free the place; the other side is told. Cancelling twice is harmless."""
    if booking.state == "cancelled":
        return booking
    _require_open(booking)
    free_place(session, booking.slot_id)
    booking.state, booking.proposed_slot_id = "cancelled", None
    _touch(booking, now or utcnow())
    session.flush()
    notices.cancelled(session, booking, by_villager, tz)
    return booking


def normalize_outcome(words: str) -> str | None:
    words = words.strip()
    if words in ("成功", "调解成功", "成了", "谈成"):
        return "调解成功"
    if words in ("未成功", "不成功", "没成功", "失败", "没谈成", "调解未成功"):
        return "未成功"
    if words in ("转交", "移交", "转办"):
        return "转交"
    return words if words in OUTCOMES else None


def record_outcome(session: Session, booking: Booking, outcome: str, note: str = "",
                   mediator_id: int | None = None, now: datetime | None = None,
                   tz: ZoneInfo | str | None = None) -> Booking:
    """Close the booking with its outcome (调解成功/未成功/转交); the villager is told.

    The place stays taken: the appointment was used. A later correction updates the outcome.
    """
    outcome_value = normalize_outcome(outcome)
    if outcome_value is None:
        raise ValueError(f"unknown outcome: {outcome}")
    if booking.state == "done" and booking.outcome == outcome_value and (booking.outcome_note or "") == note:
        return booking
    if booking.state != "done":
        _require_open(booking)
    booking.state, booking.outcome, booking.outcome_note = "done", outcome_value, note or None
    if mediator_id is not None:
        booking.mediator_id = mediator_id
    _touch(booking, now or utcnow())
    session.flush()
    notices.outcome(session, booking, tz)
    return booking
