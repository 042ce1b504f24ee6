"""Day-before reminders of mediation appointments (a scheduler job calls `reminders_due`).

Safe to run as often as wanted: each reminder has its own outbox business key, so running the
job twice (or in two processes) enqueues it once.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Booking, Slot

from bot.mediation import notices
from bot.localtime import zone as as_zone

# Reminders for a day go out from this local hour of the day before (nobody wants one at 1 a.m.).
REMIND_FROM = time(8, 0)
# Unconfirmed bookings are not reminded to villagers (the mediator has not agreed to them yet);
# their mediators get a nudge instead, so nothing lapses unseen.
REMIND_STATES = ("confirmed",)
NUDGE_STATES = ("requested", "moved")


def reminder_due_at(starts_at: datetime, tz: ZoneInfo | str | None = None) -> datetime:
    """When the reminder of an appointment becomes due: 08:00 local on the day before."""
    zone = as_zone(tz)
    day_before = starts_at.astimezone(zone).date() - timedelta(days=1)
    return datetime.combine(day_before, REMIND_FROM, tzinfo=zone)


def reminders_due(session: Session, now: datetime, tz: ZoneInfo | str | None = None) -> int:
    """Enqueue the reminders (and nudges to confirm) due at `now`; returns new outbox rows."""
    zone = as_zone(tz)
    bookings = session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Booking.state.in_(REMIND_STATES + NUDGE_STATES), Slot.starts_at > now,
               Slot.starts_at < now + timedelta(days=2))
        .order_by(Slot.starts_at, Booking.id)).all()
    written = 0
    for booking in bookings:
        if reminder_due_at(booking.slot.starts_at, zone) > now:
            continue
        if booking.state in REMIND_STATES:
            written += notices.reminder(session, booking, now, zone)
        else:
            written += notices.unconfirmed(session, booking, now, zone)
    return written
