"""Village affairs pushes: who is told of a notice, by mass send (群发), keys `notice:<id>:mass:<n>`,
within each villager's four mass messages a month (bot/outbox/mass.py)."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot import subscriptions as push_choices
from bot.affairs import texts
from bot.localtime import DEFAULT_TZ
from bot.models import User, Village
from bot.models.affairs import Notice
from bot.outbox import mass


def recipients(session: Session, notice: Notice) -> list[User]:
    """Users of the notice's village (or area) who follow the account and take this kind."""
    query = select(User).join(User.village).where(User.subscribed.is_(True),
                                                  User.id.not_in(push_choices.opted_out(notice.kind)))
    if notice.village_id is not None:
        query = query.where(User.village_id == notice.village_id)
    else:
        query = query.where(Village.area_id == notice.area_id)
    return list(session.scalars(query.order_by(User.id)))


def push_notice(session: Session, notice: Notice, tz: ZoneInfo = DEFAULT_TZ) -> int:
    """Queue the notice as one mass send per chunk of recipients (bot/outbox/mass.py); returns
    how many people it newly reaches. mass.BudgetExceeded when some have no mass message left."""
    text, data = texts.push_text(notice, tz)
    per_month = current_app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH) if has_app_context() \
        else mass.DEFAULT_PER_MONTH
    return mass.broadcast(session, f"notice:{notice.id}", "notice",
                          [user.openid for user in recipients(session, notice)], text, data, clock.now(), per_month)
