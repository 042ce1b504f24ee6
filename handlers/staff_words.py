"""Staff commands said without a number (接单, 好的我接了, 这单我接, 办好了, 报到, 这个我来) or with a
reason in words (不接 3 俺明天去县里开会; 身体不舒服去不了): they act on the one item that fits, or list
the few. The mediators' words (确认, 改到…, 调解成功了) are handlers/mediator_words.py; the patterns of the
words themselves (ACCEPT, DECLINE, FINISH, CLAIM, CLAIM_WORDS) are handlers/staff_patterns.py.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Callable, Sequence, TypeVar

from bot import context, relay
from bot.choices import clauses as split_clauses
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.errands import accept, decline, errands_for_member, finish, report_progress
from bot.messages import Reply, did
from bot.needs import claim, claimable_for, close, give_back, held_by
from bot.needs import report_progress as need_progress

from . import errand_texts, need_texts
from .answers import is_command
from .others_cant import taken_after_all
from .mediator_words import confirm_words, requested
from .staff_closing import after_the_name, closed_already, named_in_words
from .staff_done import FINDING, says_fixed, still_going, work_underway
from .staff_pick import ask_which
from .staff_patterns import ACCEPT, CLAIM, CLAIM_WORDS, DECLINE, FINISH

router = Router("staff_words")
MEMBER = {"party_member", "grid_worker", "secretary"}
REP = {"rep"}
MEDIATOR = {"mediator"}
T = TypeVar("T")

def said_number(ctx: Context) -> int | None:
    """The item's number said before (2号俺接了) or after (接单 2) the words, or None."""
    groups = ctx.match.groupdict() if ctx.match is not None else {}
    said = groups.get("pre") or groups.get("no")
    return int(said) if said else None


def _one(ctx: Context, act: str, items: Sequence[T], listing: Callable[[Sequence[T]], str]) -> T | Reply:
    """The one item, or the numbered few to choose from (the answer, 第二个, is read by staff_pick)."""
    if len(items) == 1:
        return items[0]
    return ask_which(ctx, act, items, listing(items)) if items else did("clarify.ask", listing(items))


def _offered_to_me(ctx: Context) -> list:
    return [e for e in errands_for_member(ctx.session, ctx.user)
            if e.state == "escalated" or (e.state == "offered" and e.assignee_id == ctx.user.id)]


def _accepted_by_me(ctx: Context) -> list:
    return [e for e in errands_for_member(ctx.session, ctx.user)
            if e.state == "accepted" and e.assignee_id == ctx.user.id]


def _errand_lines(errands: Sequence, word: str) -> str:
    lines = [f"{word} {e.number}：{e.matter}" for e in errands]
    return "是哪一件？请回复：\n" + "\n".join(lines)


def _need_lines(needs: Sequence, word: str) -> str:
    return "是哪一件？请回复：\n" + "\n".join(f"{word} {n.number}：{n.text[:20]}" for n in needs)


def _member_did(action: str, number: int, outcome, note: str = "") -> Reply:
    return did(action if outcome.ok else None, errand_texts.member_outcome(number, outcome, note))


def _rep_did(action: str, number: int, outcome, note: str = "") -> Reply:
    return did(action if outcome.ok else None, need_texts.rep_outcome(number, outcome, note))


@router.command(ACCEPT.pattern, roles=MEMBER)
def accept_words(ctx: Context):
    """接单 / 好的我接了 with one errand waiting for me."""
    if (number := said_number(ctx)) is None:
        errand = _one(ctx, "errand.accept", _offered_to_me(ctx), lambda es: _errand_lines(es, "接单"))
        if not _offered_to_me(ctx):
            return did("work.show", "现在没有等您接的代办。回复“我的代办”看看手上的。")
        if isinstance(errand, Reply):
            return errand
        number = errand.number
    return _member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now))


@router.command(CLAIM_WORDS.pattern, roles=MEMBER)
def accept_in_words(ctx: Context):
    """这单我接 / 我去办 with an errand waiting for me: take it (nothing waiting: not mine)."""
    offered = _offered_to_me(ctx)
    if not offered or ctx.dialog.busy():
        return NOT_MINE  # maybe a representative's whistle, or words to the bot
    if (number := said_number(ctx)) is not None:
        if number not in {e.number for e in offered}:
            return NOT_MINE  # 2号俺认了: maybe a representative's need of that number
        return _member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now))
    errand = _one(ctx, "errand.accept", offered, lambda es: _errand_lines(es, "接单"))
    if isinstance(errand, Reply):
        return errand
    return _member_did("errand.accept", errand.number, accept(ctx.session, errand.number, ctx.user, ctx.now))


@router.command(DECLINE.pattern, roles=MEMBER)
def decline_words(ctx: Context):
    """不接 3 俺明天去县里开会 / 这个我去不了 这周在外地: pass it on (the reason is for the record)."""
    if taken_after_all(ctx.match.group("before"), ctx.match.group("why")):
        return NOT_MINE  # … 那俺接了吧 / 老李说他去不了 俺替他接了: the take words take it (staff_spotted)
    offered = [e for e in _offered_to_me(ctx) if e.state == "offered"]
    if (said := said_number(ctx)) is not None:
        number = said
    elif offered:
        errand = _one(ctx, "errand.decline", offered, lambda es: _errand_lines(es, "不接"))
        if isinstance(errand, Reply):
            return errand
        number = errand.number
    elif len(held := _accepted_by_me(ctx)) == 1 and not _LATER.search(ctx.text):
        number = held[0].number  # taken, and now it cannot be done: passed on, or asked whether to
        if FINDING.search(ctx.text):  # 问过了 老人不符合条件 办不了: the answer found, told as the result
            return _finish(ctx, ctx.text.strip()[:500], number)
        if not _GIVES_UP.search(ctx.text):
            return did("clarify.ask", f"您是要把{number}号代办（{held[0].matter}）交给别的党员吗？\n"
                                      f"交给别人请回复“不接 {number}”；只是晚点办，请回复“进展 {number} 内容”，我转告群众。")
    else:
        return NOT_MINE  # 去不了 with no errand offered: maybe a volunteer's or a villager's words
    return _member_did("errand.decline", number, decline(ctx.session, number, ctx.user, ctx.now))


@router.command(DECLINE.pattern, roles=REP)
def give_up_need(ctx: Context):
    """音响那个俺顾不上 退回去让别人接吧: the need in hand (or the one named of several) given back to the
    group; 这两天去不了 alone is asked what is meant (退回; another group by 分派; a later visit is progress)."""
    held = held_by(ctx.session, ctx.user)
    if len(held) > 1 and (named := named_in_words(ctx.text, held)) is not None:
        held = [named]
    if ctx.dialog.busy() or len(held) != 1 or _LATER.search(ctx.text):
        return NOT_MINE
    number = held[0].number
    if gives_back(ctx.text):
        return gave_back(ctx, number, ctx.text.strip())
    return did("clarify.ask", f"{number}号（{held[0].text[:20]}）您办不了的话：\n退回组里请别人接，回复“退回 {number}”；"
                              f"交给别的组请回复“分派 {number} 组名”；只是晚点去，请回复“进展 {number} 内容”，我转告群众。")


def gave_back(ctx: Context, number: int, note: str) -> Reply:
    """Give need `number` back to the group (bot/needs/giving_back.py) and say what was done; no
    action id, as CONTRACT.md has none for it."""
    return did(None, need_texts.rep_outcome(number, give_back(ctx.session, number, ctx.user, note, ctx.now)))


def gives_back(text: str) -> bool:
    """A can't that lets the item go for good (顾不上 退回去让别人接吧), not one put off (明天再去)."""
    return DECLINE.match(text) is not None and bool(_GIVES_UP.search(text) or _GIVEN_BACK.search(text)) \
        and not _LATER.search(text)


_GIVEN_BACK = re.compile(r"退回|退还|交回|还回去|退给|(?:让|叫|请)(?:别人|别的党代表|其他党代表|组里)")


# A can't with a later time is news of the errand in hand (今天镇上去不了 明天再去): progress.
_LATER = re.compile(r"明天再|后天再|改天|过两天|过几天|回头再|晚两天|等.{1,6}再|再去|再办|再跑")
# An errand in hand given up for good (让别人去吧 / 换个人 / 这个办不了了), not only put off.
_GIVES_UP = re.compile(r"(?:让|叫|请|找|派|换)(?:别的|别|其他|另外的?|旁的)|换个?(?:别的)?人|另找|"
                       r"(?:办|干|弄|接|跑)不了了|办不成了|不办了|不接了|干不了|顾不过来|顾不上")


@router.command(FINISH.pattern, roles=MEMBER | REP)
def finish_words(ctx: Context):
    """办好了 / 修好了 with one errand or need in hand."""
    if ctx.match.group("no"):
        return NOT_MINE  # 办结 12: the numbered commands of need_reps / errands
    deed = ctx.text[:ctx.match.start("note")]
    next_step = _NEXT_STEP.search(ctx.match.group("note")) or _HANDED_ON.search(ctx.match.group("note"))
    if next_step and said_number(ctx) is None and not _WHOLE.search(deed):
        return progress_words(ctx)  # 表填好了 明儿送镇上去: one step done, the next to come
    return _finish(ctx, ctx.match.group("note").strip(), said_number(ctx))


# The whole matter done (已经给你办完了 卡下周送到家): what follows is only its delivery.
_WHOLE = re.compile(r"办(?:完|好|妥|结|利索|下来)|搞定|解决|完成|批下来|到账")
# After a step done, the next one to come (… 明儿送镇上去 / 下午再去交): the item is not finished.
_NEXT_STEP = re.compile(r"(?:明天|明儿|后天|下午|晚上|回头|过两天|下礼拜|下周|再|还得|还要|等)(?:就|再)?"
                        r"(?:送|交|递|报|去|跑|拿|领|办|找|盖章|审)")


# The papers handed on to the office that decides (表填好了 交到残联了 / 报上去了): it is theirs to act now.
_HANDED_ON = re.compile(r"(?:交|报|递|送)(?:到|给|上去|上)[\u4e00-\u9fff]{0,6}?了|等(?:着)?(?:批|审|通知|消息|回信)")


def _finish(ctx: Context, note: str, number: int | None = None):
    """Close the one need or errand in hand, or the one of `number` (several: which one?; none:
    not ours)."""
    needs = held_by(ctx.session, ctx.user) if ctx.user.role_names & REP else []
    errands = _accepted_by_me(ctx) if ctx.user.role_names & MEMBER else []
    if number is not None:
        needs, errands = [n for n in needs if n.number == number], [e for e in errands if e.number == number]
    if len(needs) + len(errands) > 1 and (named := named_in_words(ctx.text, needs + errands)) is not None:
        needs, errands = [n for n in needs if n is named], [e for e in errands if e is named]
    if len(needs) + len(errands) > 1:
        return did("clarify.ask", "是哪一件办好了？请回复：\n" + "\n".join(
            [f"办结 {n.number}：{n.text[:20]}" for n in needs] + [f"办结 {e.number}：{e.matter}" for e in errands]))
    if needs:
        number = needs[0].number
        return _rep_did("need.done", number, close(ctx.session, number, ctx.user, note, ctx.now), note)
    if errands:
        number = errands[0].number
        return _member_did("errand.done", number, finish(ctx.session, number, ctx.user, note, ctx.now), note)
    return closed_already(ctx) if number is None else NOT_MINE


@router.command(CLAIM.pattern, roles=REP)
def claim_words(ctx: Context):
    """A bare 报到 with one need waiting: claim it (several: the list)."""
    waiting = claimable_for(ctx.session, ctx.user)
    if (number := said_number(ctx)) is None:
        if len(waiting) != 1:
            return NOT_MINE  # none or several: need_reps lists them
        number = waiting[0].number
    return _rep_did("need.claim", number, claim(ctx.session, number, ctx.user, ctx.now))


@router.command(CLAIM_WORDS.pattern, roles=REP)
def claim_in_words(ctx: Context):
    """这个我来 / 我去 after a whistle: the need of the newest whistle push, else the one waiting."""
    if ctx.dialog.busy():
        return NOT_MINE
    waiting = claimable_for(ctx.session, ctx.user)
    if not waiting:
        return NOT_MINE
    if (number := said_number(ctx)) is not None:
        return _rep_did("need.claim", number, claim(ctx.session, number, ctx.user, ctx.now))
    meant = _newest_pushed(ctx, waiting)
    if meant is None:
        meant = _one(ctx, "need.claim", waiting, lambda ns: _need_lines(ns, "报到"))
        if isinstance(meant, Reply):
            return meant
    return _rep_did("need.claim", meant.number, claim(ctx.session, meant.number, ctx.user, ctx.now))


# Pushes this close together came in one round: a reply cannot tell them apart.
_SAME_ROUND = timedelta(minutes=2)


def _newest_pushed(ctx: Context, waiting: Sequence):
    """The waiting need of the newest whistle push, unless another came in the same round."""
    numbers = {n.number: n for n in waiting}
    pushed = [i for i in context.recent(ctx.session, ctx.user.openid, ("need",), ctx.now) if i.number in numbers]
    if not pushed or (len(pushed) > 1 and pushed[0].at - pushed[1].at < _SAME_ROUND):
        return None
    return numbers[pushed[0].number]


@router.command(r"^\s*(?:回复?)?\s*[12１２]\s*[。.]?\s*$", roles=MEMBER | REP | MEDIATOR)
def quick_reply(ctx: Context):
    """The pushes' quick replies (回复1接单，2不接 / 回复1认领 / 回复1确认), when one item fits."""
    if ctx.dialog.busy():
        return NOT_MINE  # a number inside a menu or a form answers that
    yes = ctx.text.strip().lstrip("回复").strip().translate(str.maketrans("１２", "12")).startswith("1")
    roles = ctx.user.role_names
    waiting_errands = _offered_to_me(ctx) if roles & MEMBER else []  # offered to me, or escalated to me
    if len(waiting_errands) == 1:
        number = waiting_errands[0].number
        if yes:
            return _member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now))
        if waiting_errands[0].state == "offered":
            return _member_did("errand.decline", number, decline(ctx.session, number, ctx.user, ctx.now))
    if not yes:
        return NOT_MINE
    if roles & REP and len(waiting := claimable_for(ctx.session, ctx.user)) == 1:
        number = waiting[0].number
        return _rep_did("need.claim", number, claim(ctx.session, number, ctx.user, ctx.now))
    if roles & MEDIATOR and requested(ctx):
        return confirm_words(ctx)
    return NOT_MINE


@router.command(r"^\s*\S.{1,60}$", roles=MEMBER | REP, free=True)
def progress_words(ctx: Context):
    """Free words from staff with exactly one item in hand (材料交上去了, 明天找电工来): its progress."""
    if is_command(ctx.text) or ctx.dialog.busy() or _ASKS_OWN.search(ctx.text):
        return NOT_MINE  # 俺手上有啥没办完的 asks; it tells the villager nothing
    if ctx.user.role_names & set(relay.RELAY_ROLES) and relay.open_for(ctx.session, ctx.user):
        return NOT_MINE  # plain words from staff with a villager's message waiting answer that (relay)
    needs = held_by(ctx.session, ctx.user) if ctx.user.role_names & REP else []
    errands = _accepted_by_me(ctx) if ctx.user.role_names & MEMBER else []
    after = ""
    if len(needs) + len(errands) > 1 and (named := named_in_words(ctx.text, needs + errands)) is not None:
        needs, errands = [n for n in needs if n is named], [e for e in errands if e is named]  # 垃圾箱那个清空了
        after = after_the_name(ctx.text.strip(), named)  # 王秀英的医疗救助办完了: 办完了 said of it
    done = (_ends_done(ctx.text.strip()) or _DONE_FIRST.match(ctx.text.strip()) is not None or says_fixed(ctx.text)
            or (bool(after) and (done_after := FINISH.match(after)) is not None and not done_after.group("no"))) \
        and not still_going(ctx.text)
    if len(needs) + len(errands) != 1 or not (done or _reports_work(ctx.text)):
        return NOT_MINE
    if is_new_request(ctx) and not done and not work_underway(ctx.text) and not _told_of_the_item(ctx, errands[0] if errands else None,
                                                     needs[0].text if needs else errands[0].matter):
        return NOT_MINE
    note = ctx.text.strip()[:500]
    if done or _DELIVERED.search(note):  # … 都给您弄好了 / 妥了 / 不漏了 …: done
        return _finish(ctx, note)
    if needs and _VISIT_ASKED.search(needs[0].text) and _VISITED.search(note) and not _ON_TRIAL.search(note):  # the visit asked for was made
        return _finish(ctx, note)
    if needs:
        number = needs[0].number
        return _rep_did("need.progress", number, need_progress(ctx.session, number, ctx.user, note, ctx.now), note)
    number = errands[0].number
    return _member_did("errand.progress", number, report_progress(ctx.session, number, ctx.user, note, ctx.now),
                       note)


# Words of work being done (在焊着呢: at it now): a deed (交/送/找/联系/去/跑/报/修…), a time it happens, or a wait (还没到货 往后推两天).
_WORK = re.compile(r"(?:礼拜|星期|周)[一二三四五六七日天]|在[\u4e00-\u9fff]{1,2}着呢|零件|配件|(?:电工|师傅|工人|施工队|大夫|医生|技术员|镇上|县里|水厂|供电所)(?:说|讲|答应)|"
                   r"交|送|递|等着|找|联系|去了?|跑|报上|修|弄|办|问了|催|约了|上去|下来|批|审|明天|后天|后儿个?|下午|上午|后晌|前晌|晌午|已经|正在|在办|"
                   r"说好|讲好|商量|协调|安排|来人|派人|换|检查|看了|看过|下周|下礼拜|过几天|这两天|马上|尽快|开工|施工|动工|"
                   r"对接|通知|反映给|报给|打了?电话|(?:跟|和|给|向).{1,8}(?:说|讲|反映|联系|打招呼)(?:了|过)|装|架|建|挖|填|清|抽|排查|查了|"
                   r"下个?月|月底|年前|开春|这个?礼拜|这周|来过|打上|上门|垫|铺|拉了|运了|补上|补了|搬|堵上|接上|通了|砌|拆|割了|砍了|"
                   r"到货|没到|缺|还差|卡在|卡住|耽误|耽搁|推迟|延期|往后推|往后拖|过两天|过些天|订上|订了|订好|下单|推[一两俩几二三]天|晚[一两俩几二三]天|[一两俩几二三四五\d]{1,2}天(?:后|以后|之后|就|再|能|才)")


# A need that asks someone to come and look (想找家庭医生上门, 找个技术员来瞅瞅) is done when the visit is
# told as made (医生去过了 药也开了 / 看过了 是缺肥); 下午去看看 is only planned.
_VISIT_ASKED = re.compile(r"上门|来(?:看|瞅|瞧)|(?:看看|瞅瞅|瞧瞧|看一下|瞅一眼)$|(?:看看|瞅瞅|瞧瞧)(?=\s|$|[，,。])")
# 看过了 换了一种药 / 先喷上药试试 / 过两天看效果: a remedy on trial, the outcome not known yet (progress).
_ON_TRIAL = re.compile(r"换了?(?:一|个)?(?:种|样|个|回)|试试|试一试|试一下|看(?:看)?效果|观察|先(?:用|打|喷|吃|撒)")
_VISITED = re.compile(r"(?:去|来|看|瞅|瞧|上门)(?:过|完)了|上过门了|已经(?:去|来)(?:看)?了")


# A question of one's own (有啥没办完的, 还有什么要办的): not news to pass on.
_ASKS_OWN = re.compile(r"[?？吗么]\s*$|(?:有|还有|剩|剩下|落下|压着|挂着)(?:啥|什么|哪些|多少|几个|几件|几样)|(?:是不是|能不能|行不行|中不中)")
# Done said first, the deed after it (妥了 换了根新管子 / 齐活了 都弄好了).
# What was fetched, handed to the villager at home (卡拿回来了 给她送家去了): the errand is done.
_DELIVERED = re.compile(r"(?:送|交|递|拿)(?:到|给)?(?:她|他|人家|老人|本人)?(?:家里?|家去|手上|手里)(?:了|去了)|"
                        r"给(?:她|他|人家|老人|本人|您|恁)?送(?:过)?(?:去|到家)了|"  # 证拿到了 给送过去了
                        r"(?:送|交)给(?:她|他|本人|老人)了|(?:交|递)到(?:她|他|本人|老人)手(?:里|上)")
_DONE_FIRST = re.compile(r"^(?:妥了|妥妥的|办妥了|齐活了?|完事了|完事儿了|搞定了?|利索了|弄利索了|弄力索了|弄利落了|都弄完了|全弄好了|干完了|干完啦)(?:[，,。.！!\s]|$)")


def _ends_done(text: str) -> bool:
    """The last clause of a longer message says the work is finished (… 都给您弄好了)."""
    clauses = split_clauses(text)
    last = clauses[-1] if len(clauses) > 1 else ""
    return bool(last) and (_DONE_END.match(last) is not None or ((done := FINISH.match(last)) is not None and not done.group("no")))


# A last clause that closes the matter without naming the deed (… 这事完了 / 这事儿就算结了).
_DONE_END = re.compile(r"^(?:这|那)?(?:个|件)?事儿?(?:就|也)?(?:算)?(?:完了|结了|了了|了结了|办完了|弄完了)$|^(?:完事儿?了|齐活了?|妥了)$")


# Work told as done or under way (已经联系了…, 材料已经递上去了, 正在帮她填表); "羊已经两天不吃草了" is no work.
_TOLD = re.compile(r"(?:已经|已|正在|刚刚|刚才|在)(?:帮.{0,3})?(?:联系|找|交|递|送|报|修|去|跑|办|填|问|约|打|通知|安排|派|催|把)|(?:去|跑)了一?趟|"
                   r"还没到货|没到货|(?:得|要|只能)?往后(?:推|拖|延)|推迟|延期|耽误了|耽搁了|"
                   r"(?:老人|大爷|大娘|老太太|老爷子|婶子?|您|恁|你|她|他)(?:家)?的?.{0,8}?(?:有没有|在不在|准备|带上|找出来|备好)")
# …着呢 tells (工人在修着呢); a bare 呢 at the end asks.
_ASKING = re.compile(r"(?:[吗么?？]|(?<!着)呢)\s*$|啥|什么|咋|怎么|哪|谁|多少|几[个天号点]")


def _told_of_the_item(ctx: Context, errand, item_words: str) -> bool:
    """Words a router reads as a new request are still news of the one item in hand when they
    tell of work done on it, or name its own matter ("材料已经递到残联了" for a 残疾证 errand), or
    tell of work planned with a word of the item's own (明天找人来换管子, for 自来水管子冻裂了)."""
    if _ASKING.search(ctx.text):
        return False
    route = ctx.route
    return _told_work(ctx.text) or (errand is not None and errand.guide_id is not None
                                    and getattr(route, "guide", None) == errand.guide_id) \
        or (_PLANNED.search(ctx.text) is not None and _shares_a_word(ctx.text, item_words))


# Work planned for a time (明天找人来…, 下午就派人去…): the deed follows the time.
# A weekday or a date may be the time, and who comes may stand between (礼拜四家庭医生上门).
_PLANNED = re.compile(r"(?:今天|今儿|明天|明儿|后天|后儿个?|上午|下午|晚上|后晌|前晌|晌午|傍黑|马上|这就|回头|过两天|这两天|下周|下礼拜|"
                      r"(?:这|下)?(?:礼拜|星期|周)[一二三四五六日天]|\d{1,2}号)(?:[\u4e00-\u9fff]{0,4}?)(?:就|再)?"
                      r"(?:找|派|叫|联系|安排|去|来|过去|带|上门)")
_FILLER_PIECES = re.compile(r"^(?:俺们|我们|咱们|这个|那个|一下|明天|后天|今天|找人|来人|的事|事情)$")


def _shares_a_word(text: str, item_words: str) -> bool:
    """A piece of two characters of `text` (not a filler) found in the item's words."""
    return any(text[i:i + 2] in item_words and not _FILLER_PIECES.match(text[i:i + 2])
               and all("\u4e00" <= ch <= "\u9fff" for ch in text[i:i + 2]) for i in range(len(text) - 1))


def _told_work(text: str) -> bool:
    """Work done or under way, or the papers handed on (照片跟复印件都递上去了 就等卡出来)."""
    return not _ASKING.search(text) and bool(_TOLD.search(text) or _HANDED_ON.search(text))


def _reports_work(text: str) -> bool:
    return bool(_WORK.search(text) or _TOLD.search(text) or work_underway(text)) and not re.search(r"(?:[?？吗]|(?<!着)呢)$", text.strip())
