"""Pushes of a village matter: its two 公开 steps go to the village by mass send (群发), key
`matter:<id>:step:<n>`, to followers who take 村务公开, within their four a month (bot/outbox/mass.py)."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot import subscriptions as push_choices
from bot.models import User
from bot.models.matters import Matter, MatterStep
from bot.outbox import mass

from . import texts

# Villagers who said 不要推送村务公开 are not told of a matter's 公开 either.
NOTICE_KIND = "村务公开"


def recipients(session: Session, matter: Matter) -> list[str]:
    """Openids of the matter's village who follow the account and take 村务公开."""
    return list(session.scalars(select(User.openid).where(
        User.village_id == matter.village_id, User.subscribed.is_(True),
        User.id.not_in(push_choices.opted_out(NOTICE_KIND))).order_by(User.id)))


def publish_step(session: Session, matter: Matter, step: MatterStep, tz: ZoneInfo,
                 per_month: int = mass.DEFAULT_PER_MONTH) -> int:
    """Queue the step's push to the village once; returns how many it newly reaches."""
    text, fields = texts.push_text(matter, step, tz)
    return mass.broadcast(session, f"matter:{matter.id}:step:{step.number}", "notice",
                          recipients(session, matter), text, fields, clock.now(), per_month,
                          full=texts.matter_text(matter, tz))
