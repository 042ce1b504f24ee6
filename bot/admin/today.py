"""待办: what needs doing today in an account's areas, each a count, a light and a filtered list.

    items = today_items(session, scope, now)   # [TodoItem("urgent", "很急、没人接的需求", 2, "bad", …)]
    tab_counts(items)                          # {"admin.needs": 3, …} for the navigation

The queries here and the filters of the lists they link to are the same clauses (`overdue_errands`,
`needs_waiting_too_long`, `nobody_told_needs`), so a count and its list never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from bot.errands.rules import DEFAULT_OFFER_TIMEOUT
from bot.models import (CLAIMABLE_STATES, AdminImport, Booking, Conversation, Errand, MediationRoom, Need,
                        NeedEvent, OutboxMessage, PushResolution, SafetyCase, Slot)
from bot.needs.rules import NOBODY, claim_timeouts

from .push_scope import where_push_in_scope
from .scope import Scope

# An accepted errand not done in this time is overdue (the villager is still waiting).
ERRAND_DONE_WITHIN = timedelta(days=3)
TO_CONFIRM = ("requested", "moved")


@dataclass(frozen=True)
class TodoItem:
    key: str
    label: str
    count: int
    tone: str  # bad (red) | warn (yellow) | ok (green, nothing to do)
    endpoint: str
    args: dict
    hint: str = ""
    tab: str = ""  # the navigation board this item is counted on


def needs_waiting_too_long(now: datetime) -> ColumnElement[bool]:
    """Needs nobody has claimed within their time (2 hours urgent, 24 hours normal by default)."""
    limits = claim_timeouts()
    return and_(Need.state.in_(CLAIMABLE_STATES), or_(
        and_(Need.urgency == "urgent", Need.created_at <= now - limits["urgent"]),
        and_(Need.urgency != "urgent", Need.created_at <= now - limits["normal"])))


def nobody_told_needs() -> ColumnElement[bool]:
    """Unclaimed needs whose whistle found nobody to tell (and nobody was told since)."""
    nobody = exists().where(NeedEvent.need_id == Need.id, NeedEvent.kind == "alerted", NeedEvent.note == NOBODY)
    someone = exists().where(NeedEvent.need_id == Need.id, NeedEvent.kind.in_(("alerted", "escalated", "assigned")),
                             NeedEvent.user_id.is_not(None))
    return and_(Need.state.in_(CLAIMABLE_STATES), nobody, not_(someone))


def overdue_errands(now: datetime) -> ColumnElement[bool]:
    """Errands nobody took (escalated), offers past their time, and accepted ones not done in 3 days."""
    return or_(Errand.state == "escalated",
               and_(Errand.state == "offered", Errand.offered_at <= now - DEFAULT_OFFER_TIMEOUT),
               and_(Errand.state == "accepted", Errand.accepted_at <= now - ERRAND_DONE_WITHIN))


def bookings_in_scope(session: Session, scope: Scope):
    return (select(Booking).join(Slot, Slot.id == Booking.slot_id).join(MediationRoom, MediationRoom.id == Slot.room_id)
            .where(scope.where_area(session, MediationRoom.area_id)))


def dead_pushes(session: Session, scope: Scope) -> ColumnElement[bool]:
    """Dead pushes in scope that no cadre has dealt with yet."""
    handled = exists().where(PushResolution.outbox_id == OutboxMessage.id)
    clauses = [OutboxMessage.status == "dead", not_(handled)]
    if not scope.is_county:
        clauses.append(where_push_in_scope(session, scope))
    return and_(*clauses)


def _count(session: Session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def today_items(session: Session, scope: Scope, now: datetime) -> list[TodoItem]:
    need_scope = scope.where_area(session, Need.area_id)
    unclaimed = and_(need_scope, Need.state.in_(CLAIMABLE_STATES))
    urgent = _count(session, Need, unclaimed, Need.urgency == "urgent")
    late = _count(session, Need, need_scope, needs_waiting_too_long(now))
    nobody = _count(session, Need, need_scope, nobody_told_needs())
    to_confirm = session.scalar(select(func.count()).select_from(
        bookings_in_scope(session, scope).where(Booking.state.in_(TO_CONFIRM)).subquery())) or 0
    soon = session.scalar(select(func.count()).select_from(
        bookings_in_scope(session, scope).where(Booking.state.in_(TO_CONFIRM), Slot.starts_at <= now + timedelta(days=1))
        .subquery())) or 0
    errands = _count(session, Errand, scope.where_area(session, Errand.area_id), overdue_errands(now))
    relay = _count(session, Conversation, scope.where_area(session, Conversation.area_id),
                   Conversation.waiting_since.is_not(None))
    relay_late = _count(session, Conversation, scope.where_area(session, Conversation.area_id),
                        Conversation.waiting_since <= now - timedelta(hours=24))
    dead = _count(session, OutboxMessage, dead_pushes(session, scope))
    safety = _count(session, SafetyCase, scope.where_area(session, SafetyCase.area_id), SafetyCase.state == "open")

    def light(count: int, red: bool) -> str:
        return "ok" if not count else ("bad" if red else "warn")

    items = [
        TodoItem("safety", "紧急求助没处理完", safety, light(safety, True), "admin.safety", {}, "先打电话确认人安全", "admin.safety"),
        TodoItem("urgent", "很急、还没人接的需求", urgent, light(urgent, True), "admin.needs",
                 {"state": "waiting", "urgent": 1}, "指派一位党代表", "admin.needs"),
        TodoItem("late", "超过认领时间没人接的需求", late, light(late, True), "admin.needs",
                 {"state": "waiting", "late": 1}, "催办或直接指派", "admin.needs"),
        TodoItem("nobody", "没人可通知的需求", nobody, light(nobody, True), "admin.needs",
                 {"state": "nobody"}, "这个片区没有管这件事的人：直接指派，或登记人员", "admin.needs"),
        TodoItem("bookings", "待确认的调解预约", to_confirm, light(to_confirm, soon > 0), "admin.mediation_bookings",
                 {"state": "confirm"}, f"其中{soon}个在24小时内" if soon else "确认时间和调解员", "admin.mediation_rooms"),
        TodoItem("errands", "超时的便民代办", errands, light(errands, True), "admin.errands",
                 {"overdue": 1}, "没人接或办得太久：改派给别的党员", "admin.errands"),
        TodoItem("relay", "没回复的群众留言", relay, light(relay, relay_late > 0), "admin.inbox", {},
                 f"其中{relay_late}条等了一天以上" if relay_late else "回复群众", "admin.inbox"),
        TodoItem("dead", "没送到的推送", dead, light(dead, False), "admin.outbox", {"status": "dead"},
                 "看原因：有的要打电话，有的要信息技术人员处理", "admin.outbox"),
    ]
    if scope.is_county:
        running = _count(session, AdminImport, AdminImport.status == "running")
        items.append(TodoItem("imports", "还没导完的导入", running, light(running, False), "admin.imports", {},
                              "打开继续或停止", "admin.imports"))
    return items


def tab_counts(items: list[TodoItem]) -> dict[str, int]:
    """Per navigation board, the things to do there (needs: the most of its three lists)."""
    counts: dict[str, int] = {}
    for item in items:
        if item.tab:
            counts[item.tab] = max(counts.get(item.tab, 0), item.count) if item.tab == "admin.needs" \
                else counts.get(item.tab, 0) + item.count
    return counts
