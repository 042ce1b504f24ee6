"""A volunteer's question about a task pushed to them: "几点到哪集合", "河道那个要自己带工具不",
"管饭不" → that task's card (time, place, places left) and how to sign up.

The task is the one the question names (by a piece of its title), else the newest item the
volunteer was told of, when that is a task (bot/context.py). What the card does not say (tools,
meals, clothes) is the organisers' to answer: the reply says to ask a person (人工), rather than
guessing. A question that is clearly another request (低保咋办) is left to its own handler.
"""
from __future__ import annotations

import re

from bot import context
from bot import volunteers as rules
from bot.choices import strip_punctuation
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import did
from bot.new_request import is_new_request
from bot.volunteers.texts import format_when

from .answer_words import says_cant, says_yes
from .task_pick import tasks_named
from .volunteer_tasks import confirm

router = Router("volunteer_questions")

_CLAUSES = re.compile(r"[，,。.！!；;\s]+")

# What one asks about a task: when, where, what to bring, meals, what the work is, how many go.
# These words ask by themselves ...
_ASKS_ABOUT_TASK = re.compile(r"几点|啥时候|什么时候|哪天|几号|在哪|到哪|去哪|哪里|哪儿|带(啥|什么)|穿(啥|什么)|"
                              r"多长时间|多久|干(啥|什么)|做(啥|什么)|咋干|怎么干|几个人|管不管|要人不|找谁|"
                              r"谁带队|谁领着|用不用带|要不要带|缺不缺|够不够")
# ... these only with a question mark or particle: "扫帚俺自己带着" tells, "要自己带工具不" asks.
_TELLS_OR_ASKS = re.compile(r"集合|地点|地方|带工具|带家伙|带家什|自己带|要带|用带|管饭|还差|名额|还要人|缺人|人够|够人|人齐|"
                            r"碰头|会合|汇合")
_QUESTION_MARK = re.compile(r"[?？吗嘛呢]|[不没](?=[\s，。,.!！]|$)")  # 要带扫帚不 俺家有两把: 不 ends a clause
# Parts of the card the bot cannot answer from the task itself.
_NOT_ON_CARD = re.compile(r"带|管饭|穿|工具|家伙|家什|干(啥|什么)|做(啥|什么)|咋干|怎么干|找谁|谁带队|谁领着")


# One's own sign-ups asked about (俺报上的都是啥活 / 俺都报了哪些): the list of them (status), not one card.
_OWN_SIGNUPS = re.compile(r"(?:我|俺)(?:都)?报(?:上|了|名)?的|报了(?:哪些|啥|什么|几个)|都报了")


# A wish to go said with the question (俺也想去 还有地方不): the question is whether there is room.
_WANTS_TO_GO = re.compile(r"(?:我|俺)(?:们|俩)?(?:也)?(?:想|要|能|可以)(?:去|参加|报名)|算(?:我|俺)一个")


def _asks_about_task(text: str) -> bool:
    return not _OWN_SIGNUPS.search(text) and bool(_ASKS_ABOUT_TASK.search(text)
                or (_TELLS_OR_ASKS.search(text) and _QUESTION_MARK.search(text)))


def _asked_task(ctx: Context, offers) -> object | None:
    words = strip_punctuation(ctx.text)
    named = tasks_named(words, offers)
    if len(named) == 1:
        return named[0][0]
    if is_new_request(ctx, ("volunteer",)):
        return None
    newest = context.latest(ctx.session, ctx.user.openid, None, ctx.now)
    if newest is not None and (newest.kind, newest.ref) == ("matter", "volunteer"):  # a sign-up's reply since
        newest = context.latest(ctx.session, ctx.user.openid, ("task",), ctx.now)
    if newest is not None and newest.kind == "task":
        return next((task for task in offers if task.number == newest.number), None)
    # Talk went elsewhere since (or days passed): the one task the volunteer is signed up to.
    signed = [s.task for s in rules.active_signups(ctx.session, ctx.user, ctx.now) if s.state == "confirmed"]
    return signed[0] if len(signed) == 1 else None


@router.reader(roles={"volunteer"})  # tasks are pushed to volunteers only: no look-up for others' questions
def question_about_task(ctx: Context):
    """A question about a task offered to this volunteer: its card and how to answer."""
    words = strip_punctuation(ctx.text)
    if not words or not _asks_about_task(ctx.text) or says_yes(ctx.text) or says_cant(ctx.text):
        return NOT_MINE
    if any(says_yes(c) or says_cant(c) for c in _CLAUSES.split(ctx.text.strip())[1:] if c):
        return NOT_MINE  # 还要人不 俺能去: the answer after the question is what counts (volunteer_clauses)
    offers = rules.offered_tasks(ctx.session, ctx.user, ctx.now)
    task = _asked_task(ctx, offers) if offers else None
    if task is None:
        return NOT_MINE
    if _WANTS_TO_GO.search(words) and not says_cant(ctx.text):
        return confirm(ctx, task.number)  # 俺也想去 还有地方不: signed up, or on the waiting list when full
    context.remember(ctx.session, ctx.user.openid, "task", task.number)
    places = f"还差{task.free_places}人" if task.free_places else "人已经满了，可以排候补"
    lines = [f"【{task.title}】{task.number}号", f"时间：{format_when(task, ctx.tz)}",
             f"地点：{task.place}" if task.place else "地点：村里会再通知", places]
    if _NOT_ON_CARD.search(words):
        lines.append("带什么、管不管饭这些，通知里没写，回复“人工”问问组织的干部。")
    if rules.signup_states(ctx.session, ctx.user, [task.id]).get(task.id) in rules.ACTIVE:
        lines.append(f"您已经报上名了；去不了请回复“取消 {task.number}”。")
    else:
        lines.append(f"想去请回复“1”或“报名 {task.number}”。")
    return did("volunteer.list", "\n".join(lines))
