"""A volunteer's answer about tasks in several clauses or one long run, as people talk:
"包饺子那个俺能去 拉呱那个俺就不去了", "剪头的俺去 俺家里有推子", "扫雪那个去不了了 俺那天得上医院
剪指甲的照常去", "喂那个啥…礼拜三那个帮厨我去不了了家里来客了你给我划了吧".

Each clause that names a task (by a piece of its title) says yes or can't about it; a clause that
names none belongs to the task named before it (its reason), or, when nothing is named at all, to
the newest task pushed. Yes signs up to a task not taken yet; can't gives up a place taken (a
task only offered is simply let go). The short answers (1, 行, 去不了) stay with volunteer_offers
and volunteer_give_up; this reader acts only when a task is named or the answer is long.
"""
from __future__ import annotations

import re

from bot import volunteers as rules
from bot.choices import EITHER_OR
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import did

from .others_cant import cut_after_cant
from .push_pointers import leading_number
from .answer_words import mentions_cant, says_all, says_cant, says_yes, says_yes_at_length, yes_and_why, yes_code_first
from .task_pick import named_most, pointed_task, split_at_titles, tasks_named
from .volunteer_tasks import cancel, confirm, joined, let_offer_go, pushed_task

router = Router("volunteer_clauses")

_CLAUSES = re.compile(r"[，,。.！!；;\s]+")
_LEAD = re.compile(r"^(?:的|那个|那|的那个|这个)+")
_TAIL = re.compile(r"(?:那个|这个|那|的)+$")  # 俺报名那个蒸馒头的: the pointer left where the name was
_STRIKE = re.compile(r"划了|划掉|撤了|撤掉|去掉|删了|不算(?:我|俺)")
_ASKS = re.compile(r"[?？吗么]$|咋|怎么|什么|几点|在哪|哪天")
_LONG = 14
_BARE = re.compile(r"[俺我的那这个吧啊呀嘞哩呗。.!！\s]")
# Not yes, not no: 回头再说 / 俺看看那天有空没 (a push answered with a maybe).
_HEDGE = re.compile(r"回头再说|再说吧|看看再说|再看看|到时候再说|说不准|不一定|看情况|有空没|得空没")


def _named(ctx: Context, clause: str, tasks) -> tuple[object | None, str]:
    """The task the clause names by a piece of its title, else points at (头一个 / 第二个 / 礼拜四那个)."""
    found = named_most(tasks_named(clause, tasks))
    if len(found) == 1:
        return found[0][0], _TAIL.sub("", _LEAD.sub("", found[0][1]))
    pointed, rest = pointed_task(clause, list(tasks), ctx.now, ctx.tz) if not found else (None, clause)
    return (pointed, _LEAD.sub("", rest)) if pointed is not None else (None, clause)




def _verdict(words: str) -> str | None:
    """"yes", "cant" or None for one clause (without the task's name)."""
    words = EITHER_OR.sub("", words)  # 俺得看看他去不去复查: no can't in it
    if mentions_cant(words) or _STRIKE.search(words) or says_cant(words):
        return "cant"
    if says_yes(words) or says_yes_at_length(words) or yes_and_why(words) or re.search(
            r"(?:我|俺)(?:也|就|还|自己|自个儿?)*(?:能去|去|来|参加|照常去|照样去)|照常去|照样去|算(?:我|俺)一个|"
            # 饺子的俺能包 / 扫雪俺会干: able to do the task's own work
            r"(?:我|俺)(?:也|就|还|都)*(?:能|会|可以)(?:干|包|做|弄|帮|扫|剪|擀|蒸|洗|刷|送|陪|搬|修|擦|理)", words):
        return "yes"
    return None


# A clause about someone else (老头子不去了 / 俺闺女接俺去城里): not the volunteer's own answer.
_SOMEONE_ELSE = re.compile(r"^(?:俺|我|咱)?(?:家)?(?:老头子?|老伴儿?|老婆子?|媳妇|男人|闺女|儿子|孙子|孙女|孩子|他|她|人家|对象)")


def _about_someone_else(clause: str) -> bool:
    """老头子不去了 / 客不来了: a can't whose subject is someone named before it, not the volunteer."""
    if _SOMEONE_ELSE.match(clause):
        return True
    found = _CANT_WORD.search(clause)
    if found is None:
        return False
    before = _SELF_AND_TIME.sub("", clause[:found.start()])
    return bool(before) and not re.search(r"我|俺|咱", clause[:found.start()])


# The can't words, and what may stand before them in one's own can't (这回 / 俺那天 / 实在).
_CANT_WORD = re.compile(r"去不了|去不成|来不了|来不成|不去了|不来了|没法去|不能去")
_SELF_AND_TIME = re.compile(r"我|俺|咱|这回|这次|那天|这天|明天|明儿个?|后天|今天|今儿|到时候|实在|恐怕|可能|真|就|也|还|那|这|个|是|哎|唉|喂|嗯|，|,|\s")


def _long_verdict(text: str) -> str | None:
    """The answer of a long run with no task named, clause by clause: a can't of one's own wins (这回去
    不了 俺闺女接俺去城里住几天), else a yes ("问好了 老头子不去了 那天俺能去": the can't is the husband's)."""
    verdicts = {_verdict(c) for c in _CLAUSES.split(text) if c and not _about_someone_else(c)}
    return "cant" if "cant" in verdicts else "yes" if "yes" in verdicts else None


# 除了扫雪 别的俺都能去 / 除开礼拜二那个都不去了: every task but the one named.
_EXCEPT = re.compile(r"^\s*(?:除了|除开|除去|除)(?P<but>[^，,\s]{1,12}?)(?:那个|那场|的|以外|之外|外)*(?:[，,\s]+|(?=别的|其他|其余|剩下|旁的))"
                     r"(?:别的|其他的?|其余的?|剩下的|旁的)?(?:活儿?|活动)?(?P<rest>\S.*)$")


# 1和2俺都报 / 2、3号都去不了: several task numbers said first, one answer for all of them.
_NUMBERS_FIRST = re.compile(r"^\s*(?P<nos>第?\d{1,4}号?(?:\s*(?:和|跟|与|还有|、|,|，|\s)\s*第?\d{1,4}号?)+)(?:这|那)?(?:两|几|俩|三)?(?:个|件|场)?(?P<rest>\D*)$")


def _numbered_together(text: str, tasks: dict) -> dict[int, str]:
    """The verdict of "1和2俺都报" for each task numbered; {} when a number is none of the tasks."""
    found = _NUMBERS_FIRST.match(text)
    if found is None:
        return {}
    numbers = [int(n) for n in re.findall(r"\d+", found.group("nos"))]
    verdict = _verdict(re.sub(r"都|也|全", "", found.group("rest")))
    if verdict is None or len(set(numbers)) < 2 or any(n not in tasks for n in numbers):
        return {}
    return {n: verdict for n in numbers}


def _all_but(ctx: Context, text: str, tasks: list) -> dict[int, str]:
    """The verdict of 除了X … for every task but X (X named by its title, day or place); {} otherwise."""
    found = _EXCEPT.match(text)
    if found is None or len(tasks) < 2:
        return {}
    but, _ = _named(ctx, found.group("but") + "那个", tasks)
    verdict = _verdict(re.sub(r"都|也|全", "", found.group("rest")))
    if but is None or verdict is None:
        return {}
    return {t.number: verdict for t in tasks if t is not but}


@router.reader(roles={"volunteer"})  # offers and sign-ups are volunteers' (registration gives the role)
def answer_in_clauses(ctx: Context):
    text = ctx.text.strip()
    if len(text) > 60 or _ASKS.search(text):
        return NOT_MINE
    if says_all(text):
        return NOT_MINE  # 俩活俺都能去 …: every task offered (volunteer_offers)
    offers = rules.offered_tasks(ctx.session, ctx.user, ctx.now)
    signups = rules.active_signups(ctx.session, ctx.user, ctx.now)
    tasks = {t.number: t for t in offers} | {s.task.number: s.task for s in signups}
    if not tasks:
        return NOT_MINE
    taken = {s.task.number for s in signups}
    decided: dict[int, str] = _all_but(ctx, text, list(tasks.values())) or _numbered_together(text, tasks)
    if yes_code_first(text) is None:  # 1 俺报名: the latest push's 回复1, not task 1
        current, text = leading_number(text, list(tasks.values()), lambda t: t.number)  # 2 俺去 俺有扫帚
    else:
        current = None
    text = split_at_titles(text, list(tasks.values()))  # a voice run-on naming two tasks: a clause each
    cut = cut_after_cant(text)  # 老头子说他去不了俺自己去: two clauses, two people
    long_enough = len(text) >= _LONG or cut != text
    text = cut
    named_any = current is not None
    clauses = [c for c in _CLAUSES.split(text) if c]
    for clause in clauses if not decided else []:
        task, words = _named(ctx, clause, tasks.values())
        named_any |= task is not None
        current = task or current
        verdict = _verdict(words)
        if verdict is None and task is not None and len(clauses) == 1 and not _BARE.sub("", words):
            verdict = "yes"  # 上午的 / 理发那个 / 后边那个: the answer is the pointer alone
        if current is not None and verdict is not None and current.number not in decided:
            decided[current.number] = verdict
    if not decided and not named_any and long_enough:
        pushed = pushed_task(ctx, list(tasks.values()))
        verdict = _long_verdict(text)
        if pushed is not None and verdict is not None:
            decided[pushed.number] = verdict
    if not decided and _HEDGE.search(text) and (task := pushed_task(ctx, offers)) is not None:
        return did("smalltalk.ack", f"好的，您看看再说。想去了回复“报名 {task.number}”（{task.title}）。")
    if not decided or not (named_any or long_enough or _EXCEPT.match(text) or _NUMBERS_FIRST.match(ctx.text.strip())):
        return NOT_MINE
    replies = []
    for number, verdict in decided.items():
        if verdict == "yes" and number not in taken:
            replies.append(confirm(ctx, number))
        elif verdict == "cant" and number in taken:
            replies.append(cancel(ctx, number))
        elif verdict == "cant":
            let_offer_go(ctx, number)
            if "yes" not in decided.values():  # beside a sign-up, the one let go needs no word
                replies.append(did("smalltalk.ack", f"好的，{tasks[number].title}（{number}号）这次就不算您了。"))
    if not replies:
        return NOT_MINE
    wanted = "volunteer.signup" if any(v == "yes" for v in decided.values()) else "volunteer.withdraw"
    return joined(replies, wanted)
