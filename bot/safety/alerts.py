"""Safety cases: who is alerted, the pushes, staff acknowledgement, the follow-up and escalation.

    case = raise_alert(session, user, danger, words, message_at, form="errand")
    acknowledge(session, staff_user, case)          # a staff member replied "收到" to the push
    follow_up_due(session, now)                     # scheduler job: ask again, escalate

Alerted at once, whatever the hour: the area's secretary and cadres (片区书记, 值班干部); with
none, the township's; with none, the county's. An unregistered villager's alert goes to the
county's staff (or, with none, every area secretary). Pushes are outbox rows of kind "safety",
which the outbox sends before anything else and past a used-up daily quota (bot/outbox).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import Area, SafetyCase, User, UserRole
from bot.outbox import enqueue
from bot.usertext import neutral

if TYPE_CHECKING:
    from .detect import Danger

log = logging.getLogger("bot.safety")

STAFF_ROLES = ("secretary", "cadre")
FOLLOW_UP_AFTER = timedelta(minutes=10)
# A staff reply counts as an answer to an alert pushed to them this recently.
ACK_WINDOW = timedelta(hours=12)
# A staff member's own words (not an ok word) answer an alert pushed to them this recently.
WORDS_WINDOW = timedelta(hours=2)
PUSH_KIND = "safety"


def _staff(session: Session, *conditions) -> list[User]:
    query = (select(User).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role.in_(STAFF_ROLES), *conditions).order_by(User.id))
    return list(session.scalars(query).unique())


def area_staff(session: Session, area: Area) -> list[User]:
    return _staff(session, UserRole.area_id == area.id)


def township_staff(session: Session, area: Area | None) -> list[User]:
    """The staff of the township's other areas, then the county's (no area)."""
    people: list[User] = []
    if area is not None and area.township:
        others = select(Area.id).where(Area.township == area.township, Area.id != area.id)
        people = _staff(session, UserRole.area_id.in_(others))
    return people or _staff(session, UserRole.area_id.is_(None))


def first_recipients(session: Session, area: Area | None) -> list[User]:
    if area is not None:
        return area_staff(session, area) or township_staff(session, area)
    return _staff(session, UserRole.area_id.is_(None)) or _staff(session, UserRole.role == "secretary")


def _who(user: User) -> str:
    where = user.village.name if user.village else "没登记村子"
    phone = f"，电话{user.phone}" if user.phone else "，没留电话"
    return f"{user.name or '一位群众'}（{where}{phone}）"


def staff_text(case: SafetyCase, danger_label: str, escalated: bool = False) -> str:
    head = "【紧急求助·升级】片区还没有人回复，请马上处理" if escalated else "【紧急求助】请马上处理"
    lines = [f"{head}（{danger_label}，第{case.id}号）",
             f"{_who(case.user)}说：“{case.words[:200]}”",
             f"机器人已让他先打{case.number}。"]
    if case.where_text:
        lines.append(f"他说的位置：{case.where_text[:100]}")
    lines.append("请马上打电话或上门看看；回复“收到”告诉大家您去处理。")
    return "\n".join(lines)


def _push(session: Session, case: SafetyCase, people: list[User], text: str, tag: str) -> int:
    sent = 0
    for person in people:
        if person.openid == case.openid:
            continue  # a staff member in danger themselves is not their own responder
        sent += enqueue(session, f"safety:{case.id}:{tag}:{person.openid}", person.openid, PUSH_KIND, text,
                        _fields(case, tag))
    return sent


def _fields(case: SafetyCase, tag: str) -> dict[str, str]:
    """A template shows only its fields (each one line of 20 characters): the words and who/where lead."""
    villager = case.user
    village = villager.village.name if villager.village else ""
    return {"事项": f"{case.id}号：{neutral(case.words)}",
            "地点": case.where_text or f"{village} {villager.name or '群众'}".strip(),
            "状态": "已有人去" if tag == "taken" else "请马上处理"}


def raise_alert(session: Session, user: User, danger: "Danger", words: str, message_at: datetime,
                form: str = "") -> SafetyCase:
    """Store the case and push the staff at once; logs `safety.alert` with the time taken."""
    area = user.village.area if user.village else None
    now = clock.now()
    case = SafetyCase(user_id=user.id, openid=user.openid, area_id=area.id if area else None,
                      kind=danger.kind.id, number=danger.number, words=words[:1000], form=form,
                      message_at=message_at, alerted_at=now, created_at=now)
    case.user = user
    session.add(case)
    session.flush()
    people = first_recipients(session, area)
    _push(session, case, people, staff_text(case, danger.kind.label), "alert")
    case.recipients = [p.openid for p in people if p.openid != user.openid]
    waited = (now - message_at).total_seconds() * 1000
    log.info("safety.alert case=%s kind=%s number=%s area=%s staff=%d message_to_push_ms=%.0f",
             case.id, case.kind, case.number, area.code if area else "-", len(case.recipients), waited)
    return case


def recent_open_case(session: Session, user: User, now: datetime,
                     within: timedelta = timedelta(minutes=30)) -> SafetyCase | None:
    return session.scalars(select(SafetyCase).where(
        SafetyCase.user_id == user.id, SafetyCase.state != "closed", SafetyCase.created_at >= now - within)
        .order_by(SafetyCase.id.desc()).limit(1)).first()


def add_where(session: Session, case: SafetyCase, where: str, label: str) -> None:
    """The villager said where they are: tell everyone alerted."""
    case.where_text = where[:300]
    people = list(session.scalars(select(User).where(User.openid.in_(case.recipients or []))))
    text = f"【紧急求助·位置】第{case.id}号 {_who(case.user)}说他在：{where[:200]}（{label}）"
    _push(session, case, people, text, f"where{len(case.where_text)}:{clock.now().timestamp():.0f}")


def add_words(session: Session, case: SafetyCase, words: str) -> None:
    """More words from the villager after the alert: to everyone alerted."""
    people = list(session.scalars(select(User).where(User.openid.in_(case.recipients or []))))
    text = f"【紧急求助·补充】第{case.id}号 {_who(case.user)}又说：“{words[:200]}”"
    _push(session, case, people, text, f"more:{clock.now().timestamp():.3f}")


def alert_area(session: Session, case: SafetyCase, area: Area) -> None:
    """An unregistered villager turned out to be in `area`: alert its staff too."""
    from .words import safety_words

    case.area_id = area.id
    known = set(case.recipients or [])
    people = [p for p in first_recipients(session, area) if p.openid not in known]
    kind = safety_words().kind(case.kind)
    _push(session, case, people, staff_text(case, kind.label if kind else case.kind), "alert")
    case.recipients = [*known, *(p.openid for p in people if p.openid != case.openid)]


def cases_to_acknowledge(session: Session, staff: User, now: datetime) -> list[SafetyCase]:
    """Open cases pushed to this staff member recently, newest first."""
    rows = session.scalars(select(SafetyCase).where(
        SafetyCase.state == "open", SafetyCase.created_at >= now - ACK_WINDOW).order_by(SafetyCase.id.desc()))
    return [c for c in rows if staff.openid in (c.recipients or [])]


def cases_to_answer(session: Session, staff: User, now: datetime) -> list[SafetyCase]:
    """Cases pushed to this staff member in the last WORDS_WINDOW, still open or taken by them, newest
    first: a statement of theirs now ("已经打了120 马上到你家") is their answer to the villager."""
    rows = session.scalars(select(SafetyCase).where(
        SafetyCase.state.in_(("open", "acknowledged")), SafetyCase.alerted_at >= now - WORDS_WINDOW)
        .order_by(SafetyCase.id.desc()))
    return [c for c in rows if staff.openid in (c.recipients or [])
            and (c.state == "open" or c.acknowledged_by == staff.id)]


def acknowledge(session: Session, staff: User, case: SafetyCase, words: str = "") -> None:
    """A staff member takes the case: the villager (with the staff member's own words, when there
    are any) and the other staff are told."""
    now = clock.now()
    case.state, case.acknowledged_at, case.acknowledged_by = "acknowledged", now, staff.id
    name = staff.name or "片区工作人员"
    enqueue(session, f"safety:{case.id}:ack:villager", case.openid, PUSH_KIND,
            f"{name}：{words}" if words else f"{name}已经收到您的求助，正在联系您。请先按刚才说的打{case.number}。",
            {"事项": "您的求助", "状态": "有人处理了"})
    others = list(session.scalars(select(User).where(User.openid.in_(case.recipients or []),
                                                     User.id != staff.id)))
    _push(session, case, others, f"第{case.id}号紧急求助：{name}已回复去处理。", "taken")
    log.info("safety.ack case=%s staff=%s after_s=%.0f", case.id, staff.id,
             (now - case.alerted_at).total_seconds())


def tell_villager(session: Session, staff: User, case: SafetyCase, words: str, now: datetime) -> None:
    """More words from the staff member who took the case, pushed to the villager."""
    enqueue(session, f"safety:{case.id}:say:{staff.id}:{int(now.timestamp())}", case.openid, PUSH_KIND,
            f"{staff.name or '片区工作人员'}：{words}", {"事项": "您的求助", "状态": "工作人员回复"})


def follow_up_due(session: Session, now: datetime) -> int:
    """Scheduler job: 10 minutes after an alert, ask the villager again; escalate if nobody answered."""
    due = session.scalars(select(SafetyCase).where(
        SafetyCase.state != "closed", SafetyCase.followed_up_at.is_(None),
        SafetyCase.alerted_at <= now - FOLLOW_UP_AFTER).order_by(SafetyCase.id)).all()
    for case in due:
        case.followed_up_at = now
        enqueue(session, f"safety:{case.id}:follow-up", case.openid, PUSH_KIND,
                f"您刚才说的情况现在怎么样了？打通{case.number}了吗？\n"
                "还需要帮忙就直接回复，我马上转给工作人员。", {"事项": "您刚才的求助", "状态": "请回复"})
        if case.state == "open":
            _escalate(session, case, now)
    return len(due)


def _escalate(session: Session, case: SafetyCase, now: datetime) -> None:
    from .words import safety_words

    area = session.get(Area, case.area_id) if case.area_id else None
    already = set(case.recipients or [])
    people = [p for p in township_staff(session, area) if p.openid not in already]
    kind = safety_words().kind(case.kind)
    _push(session, case, people, staff_text(case, kind.label if kind else case.kind, escalated=True), "escalate")
    case.escalated_at = now
    case.recipients = [*already, *(p.openid for p in people if p.openid != case.openid)]
    log.info("safety.escalate case=%s staff=%d", case.id, len(people))
