"""Village affairs in chat: recent notices (numbered, a number gives the full text), the next
议事日, the 村规民约, and "不要推送村务" / "订阅村务".

Flow `affairs`, step `pick` (slot `ids`: the notices listed). Villagers without a village are
asked for it first (handlers/account.py `ask_village_then`), then answered.
The rules live in bot/affairs/; this module only talks.
"""
from __future__ import annotations

import re

from bot import affairs as rules
from bot import context
from bot.affairs import texts
from bot.localtime import when_words
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import NOTICE_KINDS
from bot.wechat.replies import split_text

from .account import ask_village_then, continuation
from .matters import answer_matter as matter_answer
from bot.choices import parse_number

from .answers import command_words
from .push_settings import overview as push_overview
from .push_settings import push_wish

router = Router("affairs")
FLOW = "affairs"
LISTED = 5

# 咱村的规矩 / 俺庄上的规矩 / 村里定的章程: the village's rules, however the village is named.
RULES_WORDS = re.compile(r"村规|民约|规约|(?:村|庄)(?:里|上|子)?(?:的|定的|立的)?(?:规矩|章程)")
KIND_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    ("议事日", re.compile(r"议事")),
    ("村情发布会", re.compile(r"发布会|村情")),
    ("公示", re.compile(r"公示")),
)
_WHAT = r"(?P<what>村务公开|村务|议事日|议事|村情发布会|发布会|公示|通知)"
OPT_OUT = command_words(
    r"^\s*(?:我)?(?:不要|不想|别|不用|不再|停止|取消|关闭|关掉|退订)(?:再)?(?:给我)?"
    r"(?:推送|接收|收|发|推|订阅|提醒)?(?:了)?" + _WHAT + r"(?:的)?(?:消息|通知|推送|提醒)?(?:了|啦)?\s*[。！!]?\s*$")
OPT_IN = command_words(
    r"^\s*(?:我)?(?:要|想)?(?:订阅|接收|收|恢复|开启|打开|重新)(?:推送|接收|订阅|收)?" + _WHAT
    + r"(?:的)?(?:消息|通知|推送|提醒)?\s*[。！!]?\s*$")
READ_NUMBER = command_words(r"^\s*(?:村务|通知|公示)\s*(\d{1,6})\s*号?\s*$")
_KIND_OF_WORD = {"议事日": ("议事日",), "议事": ("议事日",), "村情发布会": ("村情发布会",),
                 "发布会": ("村情发布会",), "公示": ("公示",), "村务公开": ("村务公开",)}


def _push_hint(ctx: Context) -> str:
    if all(rules.subscriptions(ctx.session, ctx.user).values()):
        return "不想收村务推送，回复“不要推送村务”。"
    return "想收村务推送，回复“订阅村务”。"


def _numbered(ctx: Context, notices, heading: str) -> list[str]:
    ctx.dialog.start(FLOW, "pick", ids=[n.id for n in notices])
    return [heading] + [f"{i} {texts.list_line(n, ctx.tz)}" for i, n in enumerate(notices, 1)]


def overview(ctx: Context) -> str:
    """The recent notices of the villager's village and area, the next 议事日, where the rules are."""
    village = ctx.user.village
    notices = rules.recent_notices(ctx.session, ctx.user, limit=LISTED)
    if notices:
        lines = _numbered(ctx, notices, f"{village.name}最近的村务消息，回复数字看全文：")
    else:
        ctx.dialog.finish()
        lines = [f"{village.name}和{village.area.name}最近没有发布村务消息，有新消息会推送给您。"]
    meeting = rules.next_event(ctx.session, ctx.user, ctx.now)
    if meeting is not None:
        where = f"，{meeting.place}" if meeting.place else ""
        lines.append(f"下一次议事日：{when_words(meeting.event_at, ctx.tz)}{where}")
    lines.append("看本村的村规民约，回复“村规民约”。" + _push_hint(ctx))
    return "\n".join(lines)


def meetings(ctx: Context, kind: str) -> str:
    """议事日 / 村情发布会: the next one, and the recent ones to read."""
    scope = ctx.user.village.name
    lines = []
    if kind == "议事日":
        lines.append("议事日是村里的大事大家一起商量的日子（“四议两公开”）。")
    upcoming = rules.next_event(ctx.session, ctx.user, ctx.now, kind)
    if upcoming is not None:
        lines.append(texts.event_text(upcoming, ctx.tz))
    else:
        lines.append(f"{scope}最近还没有安排{kind}，安排好了会推送给您。")
    past = [n for n in rules.recent_notices(ctx.session, ctx.user, kind=kind, limit=LISTED + 1)
            if upcoming is None or n.id != upcoming.id][:LISTED]
    if past:
        lines += _numbered(ctx, past, f"以前的{kind}消息，回复数字看全文：")
    else:
        ctx.dialog.finish()
    lines.append(_push_hint(ctx))
    return "\n".join(lines)


def notices_of(ctx: Context, kind: str) -> str:
    found = rules.recent_notices(ctx.session, ctx.user, kind=kind, limit=LISTED)
    if not found:
        ctx.dialog.finish()
        return f"{ctx.user.village.name}最近没有{kind}。回复“村务”看别的村务消息。"
    return "\n".join(_numbered(ctx, found, f"{ctx.user.village.name}最近的{kind}，回复数字看全文："))


def village_rules(ctx: Context) -> Reply:
    village = ctx.user.village
    found = rules.village_rules(ctx.session, village)
    if found is None:
        return Reply(f"{village.name}的村规民约还没有放到这里。可以到村委会看，或者回复“人工”问工作人员。")
    return _split(texts.rules_text(found, village.name, ctx.tz))


def _split(text: str) -> Reply:
    parts = split_text(text)
    return Reply(parts[0], parts[1:])


def answer(ctx: Context, text: str):
    """What the villager asked about: a matter of the village, the rules, meetings, one kind of
    notice, or everything."""
    if (shown := matter_answer(ctx, text)) is not NOT_MINE:
        return shown
    if RULES_WORDS.search(text):
        return did("affairs.show", village_rules(ctx))
    for kind, words in KIND_WORDS:
        if words.search(text):
            return did("affairs.show", meetings(ctx, kind) if kind in rules.EVENT_KINDS else notices_of(ctx, kind))
    return did("affairs.show", overview(ctx))


@continuation("affairs")
def after_village(ctx: Context, slots: dict):
    """Continue after the villager named their village (see `ask_village_then`)."""
    return answer(ctx, slots.get("text") or "")


# Notices in general beside a kind: 通知 / 消息 listed (after 啊, 、, 和 …), or 所有 / 啥的 (公示的那些: 公示 only).
_EVERY_KIND = re.compile(r"(?:^|[啊呀、，,和跟还有及\s])(?:通知|消息)|所有|全部|啥的|什么的|乱七八糟")


def kinds_said(text: str) -> tuple[str, ...]:
    """The kinds of notice a free sentence names ("议事日的提醒…"), every kind when it names the notices
    in general beside a kind ("那些公示啊通知啊"), none when it names none."""
    return NOTICE_KINDS if _EVERY_KIND.search(text) else tuple(kind for kind, words in KIND_WORDS if words.search(text))


def _kinds_named(text: str) -> tuple[str, ...]:
    """The kinds of notice a free sentence names, all kinds when none."""
    return kinds_said(text) or NOTICE_KINDS


@router.intent("affairs")
def affairs_intent(ctx: Context):
    """村务公开 / 议事日 / 村规民约 / 村情发布会 for the villager's village and area; or, in any
    words, stopping or restarting their push ("村里的通知别再发给我了"), which needs no village."""
    wish = push_wish(ctx.text)
    if wish == "stop":
        return _stop(ctx, _kinds_named(ctx.text))
    if wish == "start":
        return _start(ctx, _kinds_named(ctx.text))
    if wish == "ask":
        return did("status.show", push_overview(ctx.session, ctx.user))
    if ctx.user.village is None:
        return did("bind.ask", ask_village_then(ctx, after_village,
                                                "村务消息是按村发的。", text=ctx.text[:200]))
    return answer(ctx, ctx.text)


def _full(ctx: Context, notice_id: int) -> Reply:
    notice = rules.notice_for(ctx.session, ctx.user, notice_id)
    if notice is None:
        return Reply("没找到这条村务消息。回复“村务”看最近的村务消息。")
    return did("affairs.show", _split(texts.full_text(notice, ctx.tz)))


@router.flow(FLOW, step="pick")
def pick_notice(ctx: Context):
    """A number from the last list: the notice in full (the list stays, for another number)."""
    ids = ctx.dialog.slots.get("ids") or []
    number = parse_number(ctx.text)
    if number is None or not 1 <= number <= len(ids):
        return NOT_MINE
    return _full(ctx, ids[number - 1])


@router.command(READ_NUMBER)
def read_by_number(ctx: Context) -> Reply:
    """'村务 12' (from a push): notice 12 in full."""
    return _full(ctx, int(ctx.match.group(1)))


def _kinds(word: str) -> tuple[str, ...]:
    return _KIND_OF_WORD.get(word, NOTICE_KINDS)


@router.command(OPT_OUT)
def opt_out(ctx: Context) -> Reply:
    """不要推送村务 (or one kind: 不要推送议事日)."""
    return _stop(ctx, _kinds(ctx.match.group("what")))


def _stop(ctx: Context, kinds: tuple[str, ...]) -> Reply:
    rules.set_subscription(ctx.session, ctx.user, False, kinds, ctx.now)
    what = "村务" if kinds == NOTICE_KINDS else "、".join(kinds)
    return did("affairs.optout", f"好的，以后不再给您推送{what}消息。想看的时候回复“村务”；"
               f"想再收推送，回复“订阅{what}”。")


@router.command(OPT_IN)
def opt_in(ctx: Context) -> Reply:
    """订阅村务 (or one kind)."""
    return _start(ctx, _kinds(ctx.match.group("what")))


def _start(ctx: Context, kinds: tuple[str, ...]) -> Reply:
    rules.set_subscription(ctx.session, ctx.user, True, kinds, ctx.now)
    what = "村务" if kinds == NOTICE_KINDS else "、".join(kinds)
    if ctx.user.village is None:
        return did("affairs.optin", f"好的，会给您推送{what}消息。还要告诉我您是哪个村的，"
                   "回复“我是XX村的”，比如“我是代村的”。")
    return did("affairs.optin", f"好的，{ctx.user.village.name}和{ctx.user.village.area.name}有新的{what}消息会推送给您。")


# "在哪开", "几点开始", "那天商量啥": a short question right after the village affairs were shown is
# about the coming meeting (议事日 or 村情发布会, whichever is sooner), not a new request.
_MEETING_DETAIL = re.compile(r"(?:在|去|上|到)?(?:哪|哪里|哪儿|啥地方|什么地方)(?:开|办|举行|集合|开会)|几点|哪天|几号|"
                             r"(?:啥|什么)时候|礼拜几|星期几|(?:议|商量|说|讨论|开)(?:的)?(?:啥|什么)|能去不|能旁听")
_DETAIL_CHARS = 12


@router.reader()
def meeting_detail(ctx: Context):
    """在哪开 (after the affairs were shown): the next meeting's time, place and business."""
    text = ctx.text.strip()
    if ctx.user.village is None or len(text) > _DETAIL_CHARS or not _MEETING_DETAIL.search(text):
        return NOT_MINE
    if context.topic_ref(ctx.session, ctx.user.openid, "matter", ctx.now) != "affairs":
        return NOT_MINE
    coming = [e for kind in rules.EVENT_KINDS if (e := rules.next_event(ctx.session, ctx.user, ctx.now, kind))]
    if not coming:
        return NOT_MINE
    soonest = min(coming, key=lambda e: e.event_at)
    return did("affairs.show", texts.event_text(soonest, ctx.tz))
