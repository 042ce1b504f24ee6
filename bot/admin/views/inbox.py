"""群众留言 (人工): conversations in scope, unanswered first with the time waited; answer one from here.

The answer goes through the same rule as a chat answer (bot.relay.answer): stored, pushed to the
villager from the account. The history shown is the villager's last 48 hours (bot.relay.recent).
"""
from __future__ import annotations

from flask import redirect, render_template, url_for
from sqlalchemy import select

from bot import clock, relay
from bot.models import Conversation
from bot.relay import texts

from .. import audit
from ..blueprint import bp
from ..figures import duration_words
from ..web import FormError, fail, ok, row_in_scope, scope, text_field, transaction

ANSWER_LIMIT = 500


def _last_words(conversation: Conversation) -> str:
    return next((m.text for m in reversed(conversation.messages) if m.direction == "villager"), "")


@bp.route("/inbox")
def inbox():
    """Conversations of the areas in scope: waiting ones first (longest wait first), then the latest."""
    now = clock.now()
    with transaction() as s:
        rows = s.scalars(select(Conversation).where(scope().where_area(s, Conversation.area_id))
                         .order_by(Conversation.waiting_since.is_(None), Conversation.waiting_since,
                                   Conversation.last_message_at.desc()).limit(300)).all()
        areas = {a.id: a.name for a in scope().areas(s)}
        listed = [{"c": c, "who": texts.who(c.villager), "area": areas.get(c.area_id, "未登记"),
                   "last": _last_words(c)[:60], "level": texts.LEVEL_WORDS.get(c.level, c.level),
                   "waited": duration_words(now - c.waiting_since) if c.waiting_since else ""}
                  for c in rows]
    return render_template("admin/inbox.html", rows=listed)


@bp.route("/inbox/<int:conversation_id>")
def inbox_detail(conversation_id: int):
    """One conversation: the villager, the last 48 hours of chat, and the answer form."""
    now = clock.now()
    with transaction() as s:
        conversation = row_in_scope(s, Conversation, conversation_id)
        lines = relay.recent(s, conversation, now)
        who = texts.who(conversation.villager)
        relayed = [(m, m.staff_user.name if m.staff_user else m.admin_username) for m in conversation.messages]
        waited = duration_words(now - conversation.waiting_since) if conversation.waiting_since else ""
    return render_template("admin/inbox_detail.html", c=conversation, who=who, lines=lines, relayed=relayed,
                           waited=waited, limit=ANSWER_LIMIT)


@bp.route("/inbox/<int:conversation_id>/answer", methods=["POST"])
def inbox_answer(conversation_id: int):
    """Answer the villager: pushed to them from the account, as a chat answer would be."""
    with transaction() as s:
        conversation = row_in_scope(s, Conversation, conversation_id)
        try:
            words = text_field("text", ANSWER_LIMIT, label="回复")
        except FormError as error:
            fail(str(error))
            return redirect(url_for("admin.inbox_detail", conversation_id=conversation_id))
        before = {"waiting_since": conversation.waiting_since}
        relay.answer(s, conversation, words, clock.now(), admin_username=scope().username)
        audit.record(s, "relay.answer", target_type="Conversation", target_id=conversation.id,
                     area_id=conversation.area_id, summary=f"回复{conversation.id}号留言：{words[:80]}",
                     before=before, after={"waiting_since": None})
    ok("已回复，群众会在公众号里收到。")
    return redirect(url_for("admin.inbox_detail", conversation_id=conversation_id))
