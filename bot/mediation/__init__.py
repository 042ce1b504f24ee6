"""Mediation appointments (隆礼重法调解室, brand 老苗调解): the rules chat, admin and scheduler share.

    from bot import mediation
    mediation.generate_slots(session, room_id, start_day, days=14)
    mediation.free_slots(session, room_id, day, now)
    result = mediation.book_slot(session, villager_id=..., slot_id=..., kind="宅基地", ...)
    mediation.confirm / propose_other_time / accept_proposal / move / cancel / record_outcome
    mediation.reminders_due(session, now)            # the scheduler's job; enqueue only
    mediation.load_mediation(session, path)          # rooms and opening hours from YAML

Functions take the caller's session and never commit. Times are UTC-aware datetimes;
days and opening hours are local (Asia/Shanghai unless a `tz` is given).
"""
from .bookings import (  # noqa: F401
    AlreadyBooked, BookingError, BookingResult, SlotFull, SlotUnavailable, WrongState,
    accept_proposal, add_mediator, book_slot, booking_by_number, cancel, confirm, free_place,
    mediator_room_ids, mediators_booking, move, normalize_outcome, propose_other_time,
    record_outcome, room_for_area, take_place, villagers_booking,
)
from .loader import MediationDataError, MediationLoadReport, load_mediation, read_mediation_file  # noqa: F401
from .reminders import reminder_due_at, reminders_due  # noqa: F401
from .slots import (  # noqa: F401
    SHANGHAI, SlotChoices, choices_for, day_words, free_slots, generate_slots, local_day,
    slot_words,
)
