"""A villager writing back after a staff member's answer (人工): "那他们啥时候来扶" / "那俺月底再问问
要是批不下来咋办" goes on to the same staff as the first message did, within a day of the answer,
when the words are no request of their own (a guide, a need, a booking: those capabilities answer)
and no small talk (谢谢书记 / 好的: a short answer). The relay's rules are bot/relay.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import relay
from bot.dispatch import NOT_MINE, Context, Router
from bot.models import Conversation, RelayMessage
from bot.new_request import NEW_REQUEST_SCORE

from .human import MIN_WORDS, forward_text
from .smalltalk import smalltalk_kinds

router = Router("human_followup")
# How long after a staff answer the villager's next words are taken as writing back.
FOLLOW_UP_WITHIN = timedelta(days=1)
_NOT_A_REQUEST = ("unknown", "menu", "human")


def _answered_lately(ctx: Context) -> bool:
    """The villager's conversation's newest message is a staff answer of the last day."""
    newest = ctx.session.scalars(
        select(RelayMessage).join(Conversation, RelayMessage.conversation_id == Conversation.id)
        .where(Conversation.villager_id == ctx.user.id)
        .order_by(RelayMessage.created_at.desc(), RelayMessage.id.desc()).limit(1)).first()
    if newest is None or newest.direction != "staff":
        return False
    at = newest.created_at if newest.created_at.tzinfo else newest.created_at.replace(tzinfo=ctx.now.tzinfo)
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
