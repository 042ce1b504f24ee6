"""Job functions that need the app's settings, as thin adapters over the domain rules.

Each has the scheduler's form `f(session, now)` and only enqueues (outbox rows under business
keys) or makes idempotent rows, so a repeated or late run changes nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from bot import errands, mediation, relay, volunteers
from bot.localtime import app_zone


def escalate_errands(session: Session, now: datetime) -> int:
    """Offer errands nobody accepted in time to the next party member, then the secretary."""
    timeout = timedelta(minutes=current_app.config["ERRAND_OFFER_TIMEOUT_MINUTES"])
    return len(errands.escalate_overdue(session, now, timeout))


def mediation_reminders(session: Session, now: datetime) -> int:
    """Day-before reminders to villagers and mediators."""
    return mediation.reminders_due(session, now, current_app.config["TZ_NAME"])


def volunteer_reminders(session: Session, now: datetime) -> int:
    """The evening before a task: a reminder to each volunteer confirmed for it (once per sign-up)."""
    return volunteers.reminders_due(session, now, app_zone(current_app.config))


def mediation_slots(session: Session, now: datetime) -> int:
    """Appointment slots for the next two weeks, from each room's opening hours."""
    tz = current_app.config["TZ_NAME"]
    return mediation.generate_all_slots(session, mediation.local_day(now, tz), 14, tz)


def escalate_relay(session: Session, now: datetime) -> int:
    """Messages for a person nobody answered in one working day: the township, then the county."""
    return relay.escalate_due(session, now, current_app.config["TZ_NAME"])


def area_tags(session: Session, now: datetime) -> str:
    """WeChat user tags in step with areas (bot/outbox/tags.py). Calls WeChat outside the
    job's session (left unused), so no write lock is held across a call."""
    from bot.db import get_db
    from bot.outbox.tags import sync_area_tags
    from bot.wechat.client import get_client

    result = sync_area_tags(get_db(), get_client())
    return f"tags created {result.created}, tagged {result.tagged}, untagged {result.untagged}"
