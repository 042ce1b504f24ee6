"""Which outbox rows an account may see and resend: scoped by the business a push is about.

Scoping by receiver leaked (issue 12, finding 7): a county representative living in area A got
whistles about other areas' needs, and area A's account saw (and could resend) them. A push's
business key names its business (`need:<no>:…`, `errand:<no>:…`, `task:<no>:…`,
`mediation:<booking no>:…`, `notice:<id>:…`, `human:<villager openid>:…`, `relay:<conversation>:…`); its area is that
business's area. Replies, themes and anything else concern their receiver: they are in scope
when the receiver lives in a village of the scope (a role held there is not enough).
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, String, and_, cast, exists, literal, not_, or_, select, true
from sqlalchemy.orm import Session

from bot.models import Booking, Errand, MediationRoom, Need, Notice, OutboxMessage, Slot, Task, User, Village
from bot.models.relay import Conversation

from .scope import Scope


def _about(prefix: str, number, area_column, ids: set[int], *joins) -> tuple[ColumnElement[bool], str]:
    """Rows `prefix:<number>:…` whose business row has its area in `ids`."""
    key = OutboxMessage.business_key
    query = select(literal(1))
    for join in joins:
        query = query.select_from(join) if not isinstance(join, tuple) else query.join(*join)
    query = query.where(area_column.in_(ids), key.like(literal(f"{prefix}:") + cast(number, String) + literal(":%")))
    return and_(key.like(f"{prefix}:%"), exists(query)), prefix


def where_push_in_scope(session: Session, scope: Scope) -> ColumnElement[bool]:
    ids = scope.area_ids(session)
    if ids is None:
        return true()
    if not ids:
        return literal(False)
    by_business = [
        _about("need", Need.id, Need.area_id, ids, Need),
        _about("errand", Errand.id, Errand.area_id, ids, Errand),
        _about("task", Task.number, Task.area_id, ids, Task),
        _about("notice", Notice.id, Notice.area_id, ids, Notice),
        _about("mediation", Booking.number, MediationRoom.area_id, ids, Booking,
               (Slot, Slot.id == Booking.slot_id), (MediationRoom, MediationRoom.id == Slot.room_id)),
        _about("human", User.openid, Village.area_id, ids, User, (Village, Village.id == User.village_id)),
        _about("relay", Conversation.id, Conversation.area_id, ids, Conversation),
    ]
    receivers = select(User.openid).join(Village, Village.id == User.village_id).where(Village.area_id.in_(ids))
    others = and_(*[not_(OutboxMessage.business_key.like(f"{prefix}:%")) for _, prefix in by_business],
                  OutboxMessage.openid.in_(receivers))
    return or_(*[clause for clause, _ in by_business], others)
