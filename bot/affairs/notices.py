"""Village affairs pushes: who is told of a notice, under the business key `notice:<id>:<openid>`."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import subscriptions as push_choices
from bot.affairs import texts
from bot.localtime import DEFAULT_TZ
from bot.models import User, Village
from bot.models.affairs import Notice
from bot.outbox import enqueue


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
    """Enqueue the notice for each recipient; returns how many pushes are new."""
    text, data = texts.push_text(notice, tz)
    return sum(enqueue(session, f"notice:{notice.id}:{user.openid}", user.openid, "notice", text, data)
               for user in recipients(session, notice))
