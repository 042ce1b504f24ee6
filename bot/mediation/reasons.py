"""Why a booking rule said no: `BookingReason`, raised as a `BookingError` of that reason.

One subclass a reason, so callers may catch just the one they answer (`except SlotFull`);
`error.booking` is the booking in the way, if any. Chat and the admin page word each reason
for what was asked (a full slot while booking is another sentence than while moving).
"""
from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from bot.outcomes import Refused


class BookingReason(StrEnum):
    SLOT_FULL = "slot_full"  # no place left in the slot
    SLOT_UNAVAILABLE = "slot_unavailable"  # the slot does not exist, has begun, is another room's, or is the booked one
    ALREADY_BOOKED = "already_booked"  # an open booking of this kind, or this slot held already
    WRONG_STATE = "wrong_state"  # the booking's state does not allow this change


class RatingReason(StrEnum):
    """What became of a villager's rating of a held mediation."""

    NOTHING_TO_RATE = "nothing_to_rate"  # no recent outcome waits for a rating
    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"  # flagged to the area and the mediator


class BookingError(Refused):
    """A booking could not be made or changed; `booking` is the one in the way, if any."""

    why: ClassVar[BookingReason]
    reason: BookingReason

    def __init__(self, booking: Any = None, **facts: Any) -> None:
        super().__init__(self.why, booking, **facts)

    @property
    def booking(self) -> Any:
        return self.item


class SlotFull(BookingError):
    why = BookingReason.SLOT_FULL


class SlotUnavailable(BookingError):
    why = BookingReason.SLOT_UNAVAILABLE


class AlreadyBooked(BookingError):
    why = BookingReason.ALREADY_BOOKED


class WrongState(BookingError):
    why = BookingReason.WRONG_STATE
