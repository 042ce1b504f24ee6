"""A villager writing back after a staff member's answer (人工): "那他们啥时候来扶" / "那俺月底再问问
要是批不下来咋办" goes on to the same staff as the first message did, within a day of the answer,
when the words are no request of their own (a guide, a need, a booking: those capabilities answer)
and no small talk (谢谢书记 / 好的: a short answer). The relay's rules are bot/relay.
A question about what was just pushed that no handler answers (俺能带俺儿一块去不, after a booking was
confirmed; 几点来水啊, after a notice) goes to a person the same way, with the item named.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select

from bot import context, relay
from bot.choices import clauses
from bot.dispatch import NOT_MINE, Context, Router
from bot.kept_sql import KeptSql
from bot.models import Conversation, RelayMessage
from bot.new_request import NEW_REQUEST_SCORE

from .human import MIN_WORDS, forward_text
from .pushed_lately import latest_mass_push
from .smalltalk import smalltalk_kinds

router = Router("human_followup")
# How long after a staff answer the villager's next words are taken as writing back.
FOLLOW_UP_WITHIN = timedelta(days=1)
_NOT_A_REQUEST = ("unknown", "menu", "human")
# A reading this sure of another capability answers the question there (a cadre's word added through
# the unheard board scores about 0.7): only what nothing reads goes to a person.
_ANSWERED_ELSEWHERE = 0.6


_MESSAGES, _CONVERSATIONS = RelayMessage.__table__, Conversation.__table__
# The newest message's direction and time, on the DBAPI cursor (bot/kept_sql.py): asked for about one
# message in nine; as an ORM read of the whole row it cost ~0.6 ms in a gunicorn worker under load.
_NEWEST = KeptSql(lambda _insert: select(_MESSAGES.c.direction, _MESSAGES.c.created_at)
                  .select_from(_MESSAGES.join(_CONVERSATIONS, _MESSAGES.c.conversation_id == _CONVERSATIONS.c.id))
                  .where(_CONVERSATIONS.c.villager_id == bindparam("villager_id"))
                  .order_by(_MESSAGES.c.created_at.desc(), _MESSAGES.c.id.desc()).limit(1), ("villager_id",))


def _newest_message(ctx: Context) -> tuple[str, datetime] | None:
    """(direction, created_at) of the newest message of the villager's conversation, or None."""
    session = ctx.session
    if session.new or session.dirty or session.deleted:  # the ORM read flushes them first
        newest = session.scalars(
            select(RelayMessage).join(Conversation, RelayMessage.conversation_id == Conversation.id)
            .where(Conversation.villager_id == ctx.user.id)
            .order_by(RelayMessage.created_at.desc(), RelayMessage.id.desc()).limit(1)).first()
        return None if newest is None else (newest.direction, newest.created_at)
    rows = _NEWEST.rows_in(session, {"villager_id": ctx.user.id})
    return rows[0] if rows else None


def _answered_lately(ctx: Context) -> bool:
    """The villager's conversation's newest message is a staff answer of the last day."""
    newest = _newest_message(ctx)
    if newest is None or newest[0] != "staff":
        return False
    at = newest[1] if newest[1].tzinfo else newest[1].replace(tzinfo=ctx.now.tzinfo)
    return ctx.now - at <= FOLLOW_UP_WITHIN


@router.reader()
def write_back(ctx: Context):
    """Words after a staff answer, about nothing else: passed on to the staff (human.forward)."""
    text = ctx.text.strip()
    if ctx.dialog.state is not None or len(text) < MIN_WORDS + 2 or smalltalk_kinds(text):
        return NOT_MINE
    route = ctx.route
    if getattr(route, "intent", "unknown") not in _NOT_A_REQUEST and getattr(route, "score", 0.0) >= NEW_REQUEST_SCORE:
        return NOT_MINE
    if ctx.user.role_names & set(relay.RELAY_ROLES) or not _answered_lately(ctx):  # staff answer, not write back
        return NOT_MINE
    return forward_text(ctx, text)


# A question (能带俺儿一块去不 / 几点来水啊 / 要带啥): words that ask, or a yes-no ending.
_QUESTION = re.compile(r"[?？]|[吗么呢]\s*[啊呀]?\s*$|(?:能|可以|行|中|用)[^，,。]{0,10}(?:不|没)\s*[啊呀]?\s*$|"
                       r"几点|啥时候|什么时候|多少|多长|咋|怎么|哪|啥|什么|是不是|能不能|可不可以|用不用|要不要")
_LABELS = {"booking": "{n}号调解预约", "errand": "{n}号代办", "need": "{n}号反映的问题", "task": "{n}号志愿活动"}
_CAPABILITY = {"booking": "mediation", "errand": "errand", "need": "need", "task": "volunteer"}


def _pushed_lately(ctx: Context) -> tuple[str, str] | None:
    """The label and capability of the booking, errand, need or task pushed to the villager in the last
    day, or of a notice of their village's area published then; None when nothing was."""
    item = context.topic(ctx.session, ctx.user.openid, ctx.now, within=FOLLOW_UP_WITHIN)
    if item is not None and item.via == "push" and item.kind in _LABELS:
        return _LABELS[item.kind].format(n=item.ref), _CAPABILITY[item.kind]
    if item is not None and item.via == "shown":
        return None
    mass = latest_mass_push(ctx, FOLLOW_UP_WITHIN)
    return (mass.label, "affairs") if mass is not None and mass.kind == "affairs" else None


@router.reader()
def question_after_push(ctx: Context):
    """A question about what was just pushed, that nothing else answered: passed on to a person."""
    text = ctx.text.strip()
    if ctx.dialog.state is not None or len(text) < MIN_WORDS + 2 or len(text) > 60 \
            or not any(_QUESTION.search(c) for c in clauses(text)):  # 能带俺家小子去不 他放假了
        return NOT_MINE
    if ctx.user.role_names & set(relay.RELAY_ROLES) or (pushed := _pushed_lately(ctx)) is None:
        return NOT_MINE
    label, capability = pushed
    intent, score = getattr(ctx.route, "intent", "unknown"), getattr(ctx.route, "score", 0.0)
    if intent not in _NOT_A_REQUEST and (score >= _ANSWERED_ELSEWHERE or intent == capability):
        return NOT_MINE  # 最近有啥志愿活儿 / 村里大喇叭喊的啥: a capability reads it (the pushed item's or another)
    return forward_text(ctx, f"（问{label}）{text}")
