"""Acting for family, what the area's staff do: confirm a family member a villager added."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.models.family import FamilyMember
from bot.outbox import enqueue

from . import texts
from .rules import confirm


def confirm_member(session: Session, member: FamilyMember, by: str, now: datetime | None = None) -> bool:
    """Confirm on the admin page; the villager is told once. False when already confirmed."""
    if not confirm(member, by, now):
        return False
    session.flush()
    enqueue(session, f"family:{member.id}:confirmed", member.owner.openid, "human", texts.confirmed(member),
            {"事项": f"代亲属办：{member.label}", "状态": "已确认"})
    return True
