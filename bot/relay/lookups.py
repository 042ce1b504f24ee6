"""The relay's reads: who hears a villager's message (area, township, county) and the last 48 hours staff see."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import RELAY_LEVELS, Area, Conversation, InboundMessage, RelayMessage, User, UserRole

# Roles that receive messages for a person and may answer them (片区书记, duty cadres).
RELAY_ROLES = ("secretary", "cadre")


def staff_at(session: Session, area: Area | None, level: str) -> list[User]:
    """The staff of one level for a villager of `area` (None: not registered, county only).

    area: secretary and cadres of the area itself. township: those of the township's other
    areas (the township has no role of its own). county: secretaries and cadres bound to no area.
    """
    query = select(User).join(UserRole, UserRole.user_id == User.id).where(UserRole.role.in_(RELAY_ROLES))
    if level == "county":
        query = query.where(UserRole.area_id.is_(None))
    elif area is None:
        return []
    elif level == "area":
        query = query.where(UserRole.area_id == area.id)
    elif level == "township":
        if not area.township:
            return []
        others = select(Area.id).where(Area.township == area.township, Area.id != area.id)
        query = query.where(UserRole.area_id.in_(others))
    else:
        raise ValueError(level)
    # Secretaries before cadres, each in the order they registered.
    users = session.scalars(query.order_by(UserRole.role.desc(), User.id)).unique().all()
    seen: set[int] = set()
    return [u for u in users if not (u.id in seen or seen.add(u.id))]


def first_staffed_level(session: Session, area: Area | None, after: str | None = None) -> tuple[str, list[User]]:
    """The first level (after `after`, if given) with anyone to tell; ("county", []) when nobody."""
    levels = RELAY_LEVELS[RELAY_LEVELS.index(after) + 1:] if after else RELAY_LEVELS
    for level in levels:
        staff = staff_at(session, area, level)
        if staff:
            return level, staff
    return "county", []


def may_answer(session: Session, user: User, area_id: int | None) -> bool:
    """Staff of the conversation's area, of its township, or of the county may answer it."""
    for role in user.roles:
        if role.role not in RELAY_ROLES:
            continue
        if role.area_id is None or role.area_id == area_id:
            return True
        if area_id is not None:
            mine, theirs = session.get(Area, role.area_id), session.get(Area, area_id)
            if mine and theirs and mine.township and mine.township == theirs.township:
                return True
    return False

WINDOW = timedelta(hours=48)
_KIND_WORDS = {"image": "[图片]", "location": "[位置]", "link": "[链接]", "video": "[视频]", "shortvideo": "[视频]"}


@dataclass(frozen=True)
class Line:
    at: datetime
    who: str  # 群众 | 机器人 | 工作人员
    text: str


def _said(row: InboundMessage) -> str | None:
    """The words of an inbound row as the villager sent them; None for events."""
    if row.msg_type == "text":
        return row.content
    if row.msg_type == "event":
        return None
    try:
        fields = json.loads(row.content or "{}")
    except ValueError:
        fields = {}
    if row.msg_type == "voice":
        return "[语音] " + str(fields.get("Recognition") or "")
    if row.msg_type == "location":
        return "[位置] " + str(fields.get("Label") or "")
    return _KIND_WORDS.get(row.msg_type, f"[{row.msg_type}]")


def recent(session: Session, conversation: Conversation, now: datetime) -> list[Line]:
    """The last 48 hours: what the villager sent, what the bot answered, what staff answered."""
    since = now - WINDOW
    lines: list[Line] = []
    rows = session.scalars(select(InboundMessage)
                           .where(InboundMessage.openid == conversation.villager.openid,
                                  InboundMessage.received_at >= since)
                           .order_by(InboundMessage.received_at, InboundMessage.id).limit(500))
    for row in rows:
        said = _said(row)
        if said is None:
            continue
        lines.append(Line(row.received_at, "群众", said))
        if row.reply:
            lines.append(Line(row.received_at, "机器人", row.reply))
    answers = session.scalars(select(RelayMessage)
                              .where(RelayMessage.conversation_id == conversation.id,
                                     RelayMessage.direction == "staff", RelayMessage.created_at >= since))
    for message in answers:
        lines.append(Line(message.created_at, "工作人员", message.text))
    lines.sort(key=lambda line: line.at)
    return lines
