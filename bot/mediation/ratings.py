"""The villager's rating of a mediation, in their words, after its outcome was recorded.

    awaiting_rating(session, villager, now)              # their latest outcome not rated yet
    rate_booking(session, villager, False, "没调好", now) # stored; flagged to the area's staff

A rating does not change the booking (the appointment was held); 不满意 flags it: the area's
secretary or cadres and the mediator are told, and the admin board shows it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Booking, User
from bot.workitems import Outcome, clip_note, now_or

from . import notices
from .reasons import RatingReason

RATING_DAYS = 14  # an outcome older than this is not rated by a passing 挺好的


def awaiting_rating(session: Session, villager: User, now: datetime) -> Booking | None:
    """The villager's latest booking with an outcome in the last RATING_DAYS, not rated yet."""
    return session.scalars(select(Booking).where(
        Booking.villager_id == villager.id, Booking.state == "done", Booking.outcome.is_not(None),
        Booking.rated_at.is_(None), Booking.updated_at >= now - timedelta(days=RATING_DAYS))
        .order_by(Booking.updated_at.desc(), Booking.id.desc()).limit(1)).first()


def rate_booking(session: Session, villager: User, satisfied: bool, words: str,
                 now: datetime | None = None) -> Outcome[Booking]:
    """Store the rating in the villager's words; 不满意 is flagged to the area and the mediator."""
    now = now_or(now)
    booking = awaiting_rating(session, villager, now)
    if booking is None:
        return Outcome(False, RatingReason.NOTHING_TO_RATE)
    booking.rating = "satisfied" if satisfied else "unsatisfied"
    booking.rating_words, booking.rated_at = clip_note(words), now
    session.flush()
    notices.rated(session, booking)
    return Outcome(True, RatingReason.SATISFIED if satisfied else RatingReason.UNSATISFIED, booking)
