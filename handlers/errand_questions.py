"""A party member asking the villager something about the errand in hand, and the answer going back:
"问问大娘 旧残疾证还在手上不 有没有一寸照片" (the villager is pushed the question) → the villager's
"旧证在 照片没有 得现照" (pushed to the party member). The rules live in bot/errands/questions.py.

The question is told by an ask to pass on (问问 / 问一下 / 帮俺问问) addressed to the villager (大娘,
大爷, 老人, 群众, 她, the villager's name): "问问民政所" is the member's own errand, not a question
for the villager. The answer is the villager's next words within two days, unless they are a
command, small talk alone, or a request the router is sure belongs to another service.
"""
from __future__ import annotations

import re

from bot import context
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands.questions import ANSWER_WITHIN, answer_question, ask_villager, open_question
from bot.messages import did
from bot.new_request import is_new_request

from . import errand_texts
from .answers import is_command
from .smalltalk import smalltalk_kinds
from .staff_words import MEMBER, _accepted_by_me

router = Router("errand_questions")  # before the guides: 残疾证 / 照片 in a question or answer is no guide asked

_ADDRESSEE = r"(?:大娘|大爷|大婶|婶子?|大叔|叔|阿姨|老人家?|老太太|老爷子|老两口|群众|村民|她|他|人家|(?P<name>[\u4e00-\u9fff]{2,3}?))"
_ASK = re.compile(r"^\s*(?:你|您|恁|麻烦|帮(?:我|俺)|替(?:我|俺)|给(?:我|俺))?(?:问问|问一下|问一声|问下|打听一下|捎个话问问)"
                  + _ADDRESSEE + r"(?:家)?[，,：:\s]*(?P<question>\S.*)$")
# An answer the router is this sure of is a request of its own (a need, a booking), not the answer.
_SURE_ELSEWHERE = 0.9


@router.reader(roles=MEMBER)
def member_asks_villager(ctx: Context):
    """问问大娘 … with one errand in hand (or the villager named): the question goes to the villager."""
    found = _ASK.match(ctx.text)
    if found is None or ctx.dialog.busy():
        return NOT_MINE
    held = _accepted_by_me(ctx)
    if found.group("name"):
        held = [e for e in held if e.villager is not None and e.villager.name
                and found.group("name") in e.villager.name]
    if len(held) != 1:
        return NOT_MINE
    errand = held[0]
    outcome = ask_villager(ctx.session, errand.number, ctx.user, found.group("question").strip(), ctx.now)
    if not outcome.ok:
        return did(None, errand_texts.member_outcome(errand.number, outcome))
    return did("errand.progress", f"好的，已经问群众了：{found.group('question').strip()}\n群众回复了我马上转给您。")


@router.reader()
def villager_answers(ctx: Context):
    """The villager's words after a party member's question about their errand: passed back."""
    if ctx.dialog.busy() or is_command(ctx.text) or smalltalk_kinds(ctx.text):
        return NOT_MINE
    pushed = context.latest(ctx.session, ctx.user.openid, ("errand",), ctx.now, within=ANSWER_WITHIN)
    if pushed is None or pushed.via != "push":  # read along with the sender: no statement for most messages
        return NOT_MINE
    asked = open_question(ctx.session, ctx.user, ctx.now)
    if asked is None:
        return NOT_MINE
    route = ctx.route
    if is_new_request(ctx) and route is not None and route.score >= _SURE_ELSEWHERE:
        return NOT_MINE
    errand, _question = asked
    answer_question(ctx.session, errand, ctx.user, ctx.text.strip(), ctx.now)
    member = errand.assignee
    who = f"党员{member.name}" if member is not None and member.name else "党员"
    return did("human.forward", f"好的，已经转给{who}了（{errand.number}号代办）。")
