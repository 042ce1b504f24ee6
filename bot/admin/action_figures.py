"""What the bot did with the messages of a period (CONTRACT.md's actions), within an account's areas.

Every answered message keeps its action on its inbound row (bot/inbound.py, bot/reply_runner.py).
Here they are counted per action, with the share of messages that ended in the menu
(`menu.show`) or in numbered choices (`clarify.ask`): the bot's "did not get it" rates.
A message belongs to the areas of its sender: their village's area and the areas of their staff
roles; county accounts also see senders with neither (newcomers not yet registered).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, or_, select, true
from sqlalchemy.orm import Session

from bot.models import InboundMessage, User, UserRole, Village

PERIODS = {1: "近24小时", 7: "近7天", 30: "近30天", 90: "近90天"}
DEFAULT_DAYS = 7
NO_ACTION = "（无）"  # events and messages the bot answered without an action id
# Plain words next to the ids a cadre reads first.
ACTION_WORDS = {"menu.show": "没听懂，给了菜单", "clarify.ask": "拿不准，让群众选", "guide.show": "办事指南",
                "smalltalk.ack": "客气话", "human.forward": "转给工作人员", "safety.alert": "危险报警",
                NO_ACTION: "关注、点菜单等事件"}


@dataclass(frozen=True)
class ActionFigures:
    counts: list[tuple[str, int]]  # most frequent first
    total: int

    def share(self, action: str) -> float | None:
        if not self.total:
            return None
        return dict(self.counts).get(action, 0) / self.total


def sender_in(area_ids: set[int] | None) -> ColumnElement[bool]:
    """Messages whose sender lives in, or works for, one of the areas (all when None)."""
    if area_ids is None:
        return true()
    lives = exists().where(User.openid == InboundMessage.openid, Village.id == User.village_id,
                           Village.area_id.in_(area_ids))
    works = exists().where(User.openid == InboundMessage.openid, UserRole.user_id == User.id,
                           UserRole.area_id.in_(area_ids))
    return or_(lives, works)


def action_counts(session: Session, area_ids: set[int] | None, since: datetime,
                  until: datetime) -> ActionFigures:
    """Count the messages received in [since, until) per action, within the areas."""
    rows = session.execute(
        select(InboundMessage.action, func.count())
        .where(InboundMessage.received_at >= since, InboundMessage.received_at < until,
               InboundMessage.status != "handling", sender_in(area_ids))
        .group_by(InboundMessage.action)).all()
    counts = sorted(((str(a or NO_ACTION), int(n)) for a, n in rows), key=lambda pair: (-pair[1], pair[0]))
    return ActionFigures(counts, sum(n for _, n in counts))


def period_days(raw: str | None) -> int:
    """?days= of the dashboard: one of PERIODS, else the default."""
    try:
        days = int(raw or DEFAULT_DAYS)
    except ValueError:
        return DEFAULT_DAYS
    return days if days in PERIODS else DEFAULT_DAYS
