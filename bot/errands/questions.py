"""A party member's question to the villager about an errand in hand, and the villager's answer
back (问问大娘 旧残疾证还在手上不 → the villager; 旧证在 照片没有 → the party member).

    ask_villager(session, 12, member, "旧残疾证还在手上不", now)   # history row "asked", pushed
    open_question(session, villager, now)                        # (errand, asked row) or None
    answer_question(session, errand, villager, "旧证在", now)     # history row "answered", pushed

A question waits for its answer two days at most; the first words the villager sends after it
answer it (handlers/errand_questions.py decides which words those are). Functions never commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Errand, ErrandEvent, User
from bot.outbox import enqueue
from bot.usertext import neutral
from bot.workitems import Outcome, Reason, add_event, clip_note, now_or

from .lookups import find_visible
from .notices import KIND, template
from .rules import HOLDING

ASKED, ANSWERED = "asked", "answered"
ANSWER_WITHIN = timedelta(days=2)


def ask_villager(session: Session, errand_no: int, member: User, question: str,
                 now: datetime | None = None) -> Outcome[Errand]:
    """The member holding the errand asks its villager something; the villager is pushed the question."""
    errand, now = find_visible(session, member, errand_no), now_or(now)
    if (why := HOLDING.refused(errand, member)) is not None or errand is None:
        return Outcome(False, why or Reason.NOT_FOUND, errand)
    question = clip_note(question)
    if not question:
        return Outcome(False, Reason.EMPTY_NOTE, errand)
    event = add_event(session, errand, ASKED, member, now, note=question)
    who = f"党员{member.name}" if member.name else "党员"
    text = (f"帮您办{errand.number}号代办（{neutral(errand.matter)}）的{who}问您：{neutral(question)}\n"
            f"直接回复这里就行，我转给{who}。")
    enqueue(session, f"errand:{errand.number}:asked:{event.id}", errand.villager.openid, KIND, text,
            template("党员问您代办的事", errand, "办理中", question[:100]))
    return Outcome(True, Reason.PROGRESS, errand)


def open_question(session: Session, villager: User, now: datetime) -> tuple[Errand, ErrandEvent] | None:
    """The villager's errand in hand whose newest history row is a question of the last two days."""
    newest = session.scalars(
        select(ErrandEvent).join(Errand, ErrandEvent.errand_id == Errand.id)
        .where(Errand.villager_id == villager.id, Errand.state == "accepted",
               ErrandEvent.created_at >= now - ANSWER_WITHIN)
        .order_by(ErrandEvent.created_at.desc(), ErrandEvent.id.desc()).limit(1)).first()
    if newest is None or newest.kind != ASKED:
        return None
    return newest.errand, newest


def answer_question(session: Session, errand: Errand, villager: User, words: str,
                    now: datetime | None = None) -> bool:
    """The villager's answer goes to the member holding the errand (once: the question is answered)."""
    now = now_or(now)
    member = errand.assignee
    if member is None:
        return False
    words = clip_note(words)
    event = add_event(session, errand, ANSWERED, villager, now, note=words)
    name = neutral(villager.name) if villager.name else "群众"
    text = (f"{errand.number}号代办（{neutral(errand.matter)}）{name}回复：{neutral(words)}\n"
            f"还要问就说“问问{name} …”；办理中回复“进展 {errand.number} 内容”。")
    return enqueue(session, f"errand:{errand.number}:answered:{event.id}", member.openid, KIND, text,
                   template("群众回复了您的问题", errand, "办理中", words[:100], to_member=True))
