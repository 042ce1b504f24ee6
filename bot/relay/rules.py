"""The relay's rules, shared by chat, the admin inbox and the scheduler: keep, tell, answer, escalate.

    kept = keep_message(session, villager, "俺家低保为啥停了", now, tz_name)   # never dropped
    answer(session, conversation, "明天上午我去看看", now, staff_user=secretary)
    escalate_due(session, now, tz_name)                                       # the scheduler job

Runs in the caller's transaction; every push is an outbox row under a business key, so a
retried job or request tells nobody twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from bot.guides import matter_title
from bot.models import Area, Conversation, RelayMessage, RelayRecipient, User
from bot.needs.gist import gist
from bot.nlu import named_guides
from bot.outbox import enqueue
from bot.sqlutil import insert_or_ignore
from bot.usertext import neutral

from . import texts
from .lookups import first_staffed_level, may_answer, staff_at
from .workhours import one_working_day_after

PUSH_KIND = "human"


@dataclass(frozen=True)
class Kept:
    conversation: Conversation
    level: str
    told: int  # staff pushed for this message (0: kept for the inbox only)


def conversation_of(session: Session, villager: User, now: datetime) -> Conversation:
    """The villager's one conversation, made on first use (insert-or-ignore: two messages at once
    make one row)."""
    insert_or_ignore(session, Conversation, {"villager_id": villager.id, "area_id": villager.area_id,
                                             "level": "area", "last_message_at": now, "created_at": now},
                     ["villager_id"])
    return session.scalars(select(Conversation).where(Conversation.villager_id == villager.id)
                           .execution_options(populate_existing=True)).one()


FIELD_CHARS = 20  # WeChat shows a template field's first 20 characters (the fake refuses more)
# Who the message is addressed to, first (书记 俺家… / 您好，…): no news for the staff who read it.
_ADDRESS = re.compile(r"^(?:(?:书记|主任|领导|同志|干部|你好|您好|恁好|喂|哎)[啊呀，,。!！\s]*)+")


def field_gist(session: Session, words: str, limit: int) -> str:
    """The villager's words in `limit` characters for the push's field: without the address, the
    matter named first when it would be cut off (…想问问能不能申请危房改造 → 农村危房改造：…)."""
    words = _ADDRESS.sub("", words.strip()) or words.strip()
    if len(words) <= limit:
        return words
    named = named_guides(words)
    title = matter_title(session, next(iter(named))) if len(named) == 1 else None
    if title and title not in words[:limit - 1] and len(title) + 4 <= limit:
        return f"{title}：{gist(words, limit - len(title) - 1)}"
    return gist(words, limit)


def _tell(session: Session, conversation: Conversation, key: str, staff: list[User], text: str,
          words: str, level: str, now: datetime) -> int:
    told = 0
    for user in staff:
        if user.id == conversation.villager_id:
            continue  # a secretary asking for a person is not told of his own words
        # A template shows only its fields: the villager's own words lead, after the number to answer.
        number = f"{conversation.id}号："
        told += enqueue(session, f"relay:{conversation.id}:{key}:{user.openid}", user.openid, PUSH_KIND, text,
                        {"事项": number + field_gist(session, neutral(words), FIELD_CHARS - len(number)), "状态": "待回复"})
        values = {"conversation_id": conversation.id, "user_id": user.id, "level": level, "notified_at": now}
        if not insert_or_ignore(session, RelayRecipient, values, ["conversation_id", "user_id"]):
            session.execute(update(RelayRecipient).where(RelayRecipient.conversation_id == conversation.id,
                                                         RelayRecipient.user_id == user.id)
                            .values(level=level, notified_at=now))
    return told


def _start_waiting(session: Session, conversation: Conversation, area: Area | None, now: datetime,
                   tz_name: str) -> list[User]:
    level, staff = first_staffed_level(session, area)
    conversation.waiting_since = now
    conversation.level = level
    conversation.escalate_at = None if level == "county" else one_working_day_after(now, tz_name)
    return staff


def keep_message(session: Session, villager: User, words: str, now: datetime, tz_name: str) -> Kept:
    """Store the villager's words and push them to the staff of the first level with anyone."""
    conversation = conversation_of(session, villager, now)
    if villager.village is not None:
        conversation.area_id = villager.village.area_id
    area = session.get(Area, conversation.area_id) if conversation.area_id else None
    message = RelayMessage(conversation_id=conversation.id, direction="villager", text=words, created_at=now)
    session.add(message)
    session.flush()
    conversation.last_message_at = now
    if conversation.waiting_since is None:
        staff = _start_waiting(session, conversation, area, now, tz_name)
    else:  # still unanswered: the level already told hears the new words too
        staff = staff_at(session, area, conversation.level)
    told = _tell(session, conversation, str(message.id), staff, texts.staff_push(conversation, words),
                 words, conversation.level, now)
    return Kept(conversation, conversation.level, told)


def waiting_words(conversation: Conversation) -> str:
    """The villager's messages since the last answer, joined."""
    since = conversation.waiting_since
    words = [m.text for m in conversation.messages
             if m.direction == "villager" and (since is None or m.created_at >= since)]
    return " / ".join(words)


def move_to_area(session: Session, conversation: Conversation, area: Area, now: datetime, tz_name: str) -> int:
    """The villager named their village after the message was kept: tell that area's staff."""
    conversation.area_id = area.id
    if conversation.waiting_since is None:
        return 0
    since = conversation.waiting_since
    staff = _start_waiting(session, conversation, area, now, tz_name)
    conversation.waiting_since = since  # the wait started with the message, not with the village
    words = waiting_words(conversation)
    return _tell(session, conversation, f"area{area.id}", staff, texts.staff_push(conversation, words), words,
                 conversation.level, now)


def answer(session: Session, conversation: Conversation, words: str, now: datetime,
           staff_user: User | None = None, admin_username: str = "") -> RelayMessage:
    """A staff answer (chat or admin page): stored, pushed to the villager, the wait ends."""
    message = RelayMessage(conversation_id=conversation.id, direction="staff", text=words, created_at=now,
                           staff_user_id=staff_user.id if staff_user else None, admin_username=admin_username[:40])
    session.add(message)
    session.flush()
    conversation.waiting_since = None
    conversation.escalate_at = None
    conversation.last_message_at = now
    villager = conversation.villager
    enqueue(session, f"relay:{conversation.id}:{message.id}:{villager.openid}", villager.openid, PUSH_KIND,
            texts.answer_for_villager(words), {"事项": "您的留言", "状态": "工作人员回复了"})
    return message


def open_for(session: Session, staff_user: User) -> list[Conversation]:
    """Conversations pushed to this staff member during their current wait, longest waiting first."""
    told = exists().where(RelayRecipient.conversation_id == Conversation.id, RelayRecipient.user_id == staff_user.id,
                          RelayRecipient.notified_at >= Conversation.waiting_since)
    return list(session.scalars(select(Conversation).where(Conversation.waiting_since.is_not(None), told)
                                .order_by(Conversation.waiting_since, Conversation.id)))


def conversation_for_staff(session: Session, staff_user: User, number: int) -> Conversation | None:
    """Conversation N if this staff member was told of it or serves its area; else None."""
    conversation = session.get(Conversation, number)
    if conversation is None:
        return None
    told = session.scalar(select(RelayRecipient.id).where(RelayRecipient.conversation_id == number,
                                                          RelayRecipient.user_id == staff_user.id))
    return conversation if told or may_answer(session, staff_user, conversation.area_id) else None


def escalate_due(session: Session, now: datetime, tz_name: str) -> int:
    """Messages unanswered through one working day: the next level with anyone is told."""
    due = session.scalars(select(Conversation).where(Conversation.waiting_since.is_not(None),
                                                     Conversation.escalate_at <= now)
                          .order_by(Conversation.escalate_at).with_for_update(skip_locked=True)).all()
    for conversation in due:
        area = session.get(Area, conversation.area_id) if conversation.area_id else None
        before = conversation.level
        level, staff = first_staffed_level(session, area, after=before)
        conversation.level = level
        conversation.escalate_at = None if level == "county" or not staff else one_working_day_after(now, tz_name)
        key = f"esc:{level}:{conversation.waiting_since.isoformat()}"
        words = waiting_words(conversation)
        _tell(session, conversation, key, staff, texts.staff_push(conversation, words, before), words, level, now)
    return len(due)
