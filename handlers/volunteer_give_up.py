"""A volunteer giving a place up: "取消 12", "俺那天去不了了" (or with a reason, or naming the task:
帮厨那个去不了了). The first waiting volunteer is promoted and told (bot/volunteers/rules.py);
去不了 to a task only offered lets that offer go.
"""
from __future__ import annotations

import re

from bot import context
from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.messages import did

from .answer_words import cant_and_why, mentions_cant, may_say_cant, names_every, says_cant
from .push_pointers import on_the_day
from .task_pick import pointed_task, without_title
from .volunteer_tasks import ANSWERABLE, cancel, joined, let_offer_go, pushed_task, task_list

router = Router("volunteers")


@router.command(r"^\s*(?:取消|不去)\s*(\d{1,6})\s*号?\s*(?:了|的报名)?\s*[。.！!]?\s*$")
def cancel_by_number(ctx: Context):
    """'取消 12': give up the place on task 12 (only when signed up to it; else not ours)."""
    task_no = int(ctx.match.group(1))
    if not any(s.task.number == task_no for s in rules.active_signups(ctx.session, ctx.user, ctx.now)):
        return NOT_MINE
    return cancel(ctx, task_no)


@router.command(r"^\s*(?:取消|撤销|退出?)(?:我的|俺的)?(?:报名|志愿活动|活动报名)\s*(?:吧|了)?\s*[。.！!]?\s*$")
def cancel_sign_up(ctx: Context):
    """'取消报名' without a number: the one sign-up (the newest pushed of several), else which one."""
    signups = rules.active_signups(ctx.session, ctx.user, ctx.now)
    if not signups:
        return NOT_MINE
    meant = pushed_task(ctx, [s.task for s in signups]) if len(signups) > 1 else signups[0].task
    if meant is not None:
        return cancel(ctx, meant.number)
    return did("clarify.ask", task_list(ctx, [s.task for s in signups], "您报了几个活动，取消哪个？", "cancel"))


@router.reader()
def give_up(ctx: Context):
    """'俺那天去不了了' (or with a reason after it, or naming the task: 帮厨那个去不了了): give up the
    sign-up the user means (the task named, else the newest task item), or ask which. 去不了 to a
    task only offered lets that offer go; it never gives up another task's place."""
    if not may_say_cant(ctx.text):
        return NOT_MINE  # no can't in the words: the sign-ups need not be read
    signups = rules.active_signups(ctx.session, ctx.user, ctx.now)
    if (one := _ONE_OF.match(ctx.text)) is not None and signups and says_cant(ctx.text[one.end():]):
        if len(signups) == 1:  # 有一个俺去不了了: "one of them", so never the newest by guess
            return cancel(ctx, signups[0].task.number)
        return did("clarify.ask", task_list(ctx, [s.task for s in signups], "您报了几个活动，哪个去不了？", "cancel"))
    named, words = _named_signup(ctx.text, signups)
    if named is None and (pointed := pointed_task(ctx.text, [s.task for s in signups], ctx.now, ctx.tz))[0]:
        named, words = next(s for s in signups if s.task is pointed[0]), pointed[1]  # 头一个去不了了
    if named is None and len(signups) == 1:  # 礼拜四那个去不了了: the one sign-up, on the day said
        on_day, rest = on_the_day(ctx.text, [signups[0].task], lambda t: t.starts_at, ctx.now, ctx.tz)
        named, words = (signups[0], rest) if on_day is not None else (None, words)
    if not says_cant(words) and not _cant_about_a_signup(ctx.text, named) \
            and (cant_and_why(words) is None or is_new_request(ctx, ("cancel", "volunteer"))):
        return NOT_MINE
    if named is not None:
        return cancel(ctx, named.task.number)
    if len(signups) > 1 and names_every(words):  # 两个都去不了
        return joined([cancel(ctx, s.task.number) for s in signups], "volunteer.withdraw")
    newest = context.latest(ctx.session, ctx.user.openid, ANSWERABLE, ctx.now)
    if newest is not None and newest.kind != "task":
        return NOT_MINE  # about the errand or booking the user was last told of
    if newest is not None and newest.number not in {s.task.number for s in signups}:
        return _no_thanks(ctx)  # the newest task was offered, not taken
    if not signups:
        return _no_thanks(ctx)
    meant = pushed_task(ctx, [s.task for s in signups])
    if meant is not None:
        return cancel(ctx, meant.number)
    if len(signups) == 1:
        return cancel(ctx, signups[0].task.number)
    return did("clarify.ask", task_list(ctx, [s.task for s in signups], "您报了几个活动，哪个去不了？", "cancel"))


_CANT_SENTENCE_CHARS = 30
# 有一个俺去不了了 / 其中一个去不成了: one of the sign-ups, not said which.
_ONE_OF = re.compile(r"^\s*(?:有|其中)(?:一)?(?:个|样|件)(?:活动?|活儿)?")
# 俺报的那个… / 报名的活动: the sentence is about one's own sign-up.
_SIGNUP_WORDS = re.compile(r"报的|报名的|报了的|报上的|那个活|志愿|活动")


def _cant_about_a_signup(text: str, named) -> bool:
    """A short sentence saying can't about a sign-up it names or points at (俺报的那个打扫的活去不成了)."""
    return len(text) <= _CANT_SENTENCE_CHARS and mentions_cant(text) \
        and (named is not None or _SIGNUP_WORDS.search(text) is not None)


def _named_signup(text: str, signups) -> tuple[object | None, str]:
    """The one sign-up whose task title the text names (帮厨那个, 送年货的), and the text without it."""
    for signup in signups:
        rest = without_title(text, signup.task.title)
        if rest != text:
            others = [s for s in signups if s is not signup and without_title(text, s.task.title) != text]
            return (None, text) if others else (signup, rest)
    return None, text


def _no_thanks(ctx: Context):
    """去不了 to a task pushed but not taken: nothing to give up, the offer is simply let go."""
    offers = rules.offered_tasks(ctx.session, ctx.user, ctx.now)
    pushed = pushed_task(ctx, offers)
    if pushed is None:
        return NOT_MINE
    names, let_go = f"{pushed.title}（{pushed.number}号）", [pushed]
    if len(offers) > 1 and names_every(ctx.text):  # 两个都去不了: every offer not answered is let go
        states = rules.signup_states(ctx.session, ctx.user, [t.id for t in offers])
        let_go = [t for t in offers if t.id not in states] or let_go
        names = "、".join(f"{t.title}（{t.number}号）" for t in let_go)
    for task in let_go:
        let_offer_go(ctx, task.number)
    return did("smalltalk.ack", f"好的，{names}这次就不算您了。下回有活动再告诉您，谢谢！")
