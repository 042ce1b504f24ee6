"""What staff see of a villager: their messages and the bot's replies of the last 48 hours, and the relay."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Conversation, InboundMessage, RelayMessage

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
