"""Mediation appointments (隆礼重法调解室, brand 老苗调解): the rules chat, admin and scheduler share.

    from bot import mediation
    mediation.generate_slots(session, room_id, start_day, days=14)
    mediation.free_slots(session, room_id, day, now)
    result = mediation.book_slot(session, villager_id=..., slot_id=..., kind="宅基地", ...)
    mediation.confirm / propose_other_time / accept_proposal / move / cancel / record_outcome
    mediation.reminders_due(session, now)            # the scheduler's job; enqueue only
    mediation.load_mediation(session, path)          # rooms and opening hours from YAML

rules.py booking state changes (reasons.py: why one is refused), lookups.py reads, notices.py who is pushed what, reminders.py
the reminder job, slots.py the slots made from opening hours (and their words), loader.py
knowledge/mediation.yaml, cli.py `flask mediation …`. Functions take the caller's session and never commit. Times are UTC-aware datetimes;
days and opening hours are local (Asia/Shanghai unless a `tz` is given).
"""
from bot.mediation.reasons import AlreadyBooked, BookingError, BookingReason, SlotFull, SlotUnavailable, WrongState
from bot.mediation.rules import (
    BookingResult, accept_proposal, book_slot, cancel, confirm, free_place, move, normalize_outcome,
    propose_other_time, record_outcome, take_place,
)
from .lookups import (
    STATE_LABELS, add_mediator, booking_by_number, booking_line, mediator_room_ids,
    mediators_booking, room_for_area, status_lines, villager_bookings, villagers_booking,
)
from .ratings import awaiting_rating, rate_booking
from .loader import MediationDataError, MediationLoadReport, load_mediation, read_mediation_file
from .reminders import reminder_due_at, reminders_due
from .slots import (
    SHANGHAI, SlotChoices, choices_for, closest_choice, day_words, free_slots, generate_all_slots, generate_slots, local_day,
    slot_words,
)

__all__ = [
    "awaiting_rating", "rate_booking",
    "AlreadyBooked", "BookingError", "BookingReason", "BookingResult", "SlotFull", "SlotUnavailable", "WrongState",
    "accept_proposal", "add_mediator", "book_slot", "booking_by_number", "cancel", "confirm",
    "free_place", "mediator_room_ids", "mediators_booking", "move", "normalize_outcome",
    "propose_other_time", "record_outcome", "room_for_area", "take_place", "villager_bookings",
    "villagers_booking", "STATE_LABELS", "booking_line", "status_lines", "MediationDataError", "MediationLoadReport", "load_mediation",
    "read_mediation_file", "reminder_due_at", "reminders_due", "SHANGHAI", "SlotChoices",
    "choices_for", "closest_choice", "day_words", "free_slots", "generate_all_slots", "generate_slots", "local_day", "slot_words",
]
