"""A volunteer's answer to a task push: "1" / "行，俺去" / "报名" take the task of the newest push
(bot/context.py; else the one open offer, several: ask which); naming the task ("理发那个俺能去",
"头一个俺去") takes that one; "两个都去" takes every offer not answered yet.
"""
from __future__ import annotations

import re

from bot import context
from bot.choices import parse_number, strip_punctuation
from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.messages import Reply, did

from .answer_words import (yes_code_first, says_all, says_yes, says_yes_at_length, sounds_like_yes, with_yes_typos_fixed,
                           yes_and_why)
from .task_pick import pointed_task, tasks_named
from .volunteer_tasks import ANSWERABLE, confirm, joined, pushed_task, task_list

router = Router("volunteers")


def _named_task(text: str, tasks) -> tuple[object | None, str]:
    """The one task whose title the text names (理发那个俺能去), and the text without the name,
    when the rest says yes; a bare yes, or a name two tasks share, names none."""
    named = tasks_named(text, tasks)
    if len(named) == 1 and says_yes(named[0][1]):
        return named[0]
    if len(named) == 1 and (said := _DESCRIBED.match(strip_punctuation(text))) \
            and tasks_named(said.group("head"), [named[0][0]]) and says_yes(said.group("tail")):
        return named[0][0], said.group("tail")  # 那个接孩子放学的俺有空俺报名: the task told in one's own words
    return None, text


# "那个接孩子放学的 俺有空俺报名": the task described (a piece of its title among other words) up to
# 的 / 那个, then the answer.
_DESCRIBED = re.compile(r"^(?:那个|这个|那|这)?(?P<head>[\u4e00-\u9fff]{2,10}?)(?:的|那个|这个)(?P<tail>.+)$")


def _named_with_reason(text: str, tasks) -> tuple[object | None, str]:
    """防火宣传那个还能报上不 (又能去了 医院改到下礼拜了 …): one task named, a yes with its reason; the
    reason's own words (医院) ask nothing of another service."""
    named = tasks_named(text, tasks)
    if len(named) == 1 and (yes_and_why(named[0][1]) or says_yes_at_length(named[0][1])):
        return named[0]
    return None, text


# "2 俺报名 明天下午有空" / "2号 俺能去": the task's number said first, then the yes.
_NUMBER_FIRST = re.compile(r"^\s*(\d{1,3})\s*号?\s*[，,、.。:：]?\s*(?=\D)")


def _numbered_task(text: str, tasks) -> tuple[object | None, str]:
    """The offered task whose number opens the text, and the words after it. A bare 1 (no 号) with
    a yes after it is the push's "回复1" said with words (1 俺报名): the latest push's task, like "1"."""
    found = _NUMBER_FIRST.match(text)
    if (rest := yes_code_first(text)) is not None:
        return None, rest
    task = next((t for t in tasks if found and t.number == int(found.group(1))), None)
    return (task, text[found.end():]) if task is not None and found is not None else (None, text)


@router.reader()
def answer_offer(ctx: Context):
    """'1' / '行，俺去' / '报名' after a task push: take that push's task, else the one open offer.
    Naming the task ("理发那个俺能去") takes that one, however many were pushed."""
    offers = rules.offered_tasks(ctx.session, ctx.user, ctx.now)
    named, words = _named_task(ctx.text, offers)
    if named is None:  # 头一个俺去 / 礼拜四那个俺能去
        named, words = pointed_task(ctx.text, offers, ctx.now, ctx.tz)
        named, words = (named, words) if named is not None and says_yes(words) else (None, ctx.text)
    if named is None:  # 1 俺包名 明天下午俺有空
        named, words = _numbered_task(ctx.text, offers)
    by_name = False
    if named is None and (found := _named_with_reason(ctx.text, offers))[0] is not None:
        (named, words), by_name = found, True
    words = with_yes_typos_fixed(words)
    if offers and says_all(words):
        return _take_all(ctx, offers)
    if not offers or not (says_yes(words) or sounds_like_yes(words) or (
            (yes_and_why(words) or says_yes_at_length(words)) and (by_name or not is_new_request(ctx, ("volunteer",))))):
        return NOT_MINE
    if named is not None:
        return confirm(ctx, named.number)
    newest = context.latest(ctx.session, ctx.user.openid, ANSWERABLE, ctx.now)
    if newest is not None and newest.kind != "task":
        return NOT_MINE  # the newest item is an errand or booking: its own handler answers
    if newest is not None and newest.via == "declined" and parse_number(ctx.text) is None \
            and not _AGAIN.search(ctx.text):
        return NOT_MINE  # 去不了 … 好的: an ok to "这次就不算您了", not a yes to the offer let go
    states = rules.signup_states(ctx.session, ctx.user, [t.id for t in offers])
    pushed = pushed_task(ctx, offers)
    if pushed is not None and pushed.id not in states:
        return confirm(ctx, pushed.number)  # the reply to a push acts on that push's task
    unanswered = [t for t in offers if t.id not in states]
    if pushed is not None and states[pushed.id] in rules.ACTIVE and len(unanswered) == 1 \
            and parse_number(ctx.text) is None:
        return _again(ctx, pushed, unanswered)  # a yes in words again; several left: ask which (below)
    # A task the volunteer already answered (even with "不去了") is not re-taken by a bare "1".
    if len(unanswered) > 1:
        return did("clarify.ask", task_list(ctx, unanswered, "您有几个活动可以报名，想参加哪个？", "confirm"))
    if unanswered:
        return confirm(ctx, unanswered[0].number)
    answered = [t for t in offers if states[t.id] in rules.ACTIVE]
    if not answered and _AGAIN.search(ctx.text):  # 俺又能去了: the place given up is taken again
        given_up = [t for t in offers if states[t.id] not in rules.ACTIVE]
        meant = pushed if pushed is not None else given_up[0] if len(given_up) == 1 else None
        return confirm(ctx, meant.number) if meant is not None else NOT_MINE
    return confirm(ctx, answered[0].number) if answered else NOT_MINE


_AGAIN = re.compile(r"又|还是|重新|再报|再去")


def _again(ctx: Context, pushed, unanswered: list) -> Reply | str:
    """中 … 中: the same yes in words again is about the push answered (already signed up), not a
    yes to the one older push left; that one is named with how to take it. A "1" takes it, and
    with several left a yes asks which (tests/test_volunteers_chat.py)."""
    reply = confirm(ctx, pushed.number)
    if not unanswered or isinstance(reply, str):
        return reply
    others = "；".join(f"{t.title}（回复“报名 {t.number}”）" for t in unanswered[:3])
    return did(reply.action, f"{reply.text}\n另外的活动也想去的话：{others}。")


def _take_all(ctx: Context, offers) -> Reply:
    """两个都去: a place on every task offered and not answered yet (one reply for all)."""
    states = rules.signup_states(ctx.session, ctx.user, [t.id for t in offers])
    replies = [confirm(ctx, t.number) for t in offers if t.id not in states] or [confirm(ctx, offers[0].number)]
    return joined(replies, "volunteer.signup")
