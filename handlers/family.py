"""Acting for family in chat (代亲属办): "添加亲属" adds a relative without WeChat, "亲属码 K7P2QX"
confirms one with the code the area's staff gave, and "帮俺娘办低保" starts an errand for that
person (handlers/errands.py, `for_family`).

Flow `family`: steps `name`, `relation`, `village` (slots `name`, `relation`) and `pick` (slot
`ids`: which of several relatives). Only confirmed relatives can have errands made for them;
a need reported for them goes the same way (handlers/needs.py), and a mediation booking
(handlers/mediation.py: the booking stays the villager's, its description names the relative).
The rules live in bot/family/.
"""
from __future__ import annotations

import re

from bot import family
from bot.choices import parse_number
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import FamilyMember
from bot.nlu import named_guides
from bot.village_match import match_villages

from .account import ask_village_then, continuation
from .answers import command_words
from .errands import start_errand
from .mediation import start_for_family
from .needs import start_need

router = Router("family")
FLOW = "family"

ADD = command_words(r"^\s*(?:我|俺)?(?:要|想)?(?:添加|加个|加一个|登记|绑定|增加)(?:一个|一位|个|位)?"
                    r"(?:亲属|家人|家里人|亲人|老人)\s*$|^\s*代亲属办\s*$")
CODE = command_words(r"^\s*亲属码\s*[:：]?\s*([A-Za-z0-9]{6})\s*$")
_WHO = "|".join(re.escape(w) for w in family.RELATION_WORDS)
# "俺要把俺娘加上", "把俺爹也绑上 以后替他办": adding a named relative, in words.
ADD_NAMED = command_words(r"(把)?(俺|我|咱)?(家)?(的)?(" + _WHO + r")(也)?(给)?(加上|添上|添加|加进来|加进去|加到|绑上|绑定|"
                          r"登记上|关联上|关联|加个|加进|弄上|弄进来|弄进去|添进来)")
# "俺爹没微信 想把他也弄上", "俺娘不会用手机 俺替她办": a relative without WeChat of their own, told
# with a wish to add or act for them, is the start of adding one; the relative and a "him/her" are
# read as a bag of signs, in any order.
_NO_WECHAT = re.compile(r"没(?:有)?(?:微信|手机|智能机)|不会(?:用|玩|弄|使)(?:微信|手机)|用不了(?:微信|手机)|不会上网")
_WANTS_IN = re.compile(r"(?:把|给)(?:俺|我|咱)?(?:家)?(?:的)?(?:他|她|老人|" + _WHO + r")?(?:也)?(?:加上|添上|弄上|绑上|登记上|加进|弄进|关联)|"
                       r"(?:替|帮|给)(?:他|她)(?:办|弄|跑|问)|代(?:他|她)")
_RELATIVE_SAID = re.compile(r"(?:俺|我|咱)(?:家)?(?:的)?(?:" + _WHO + r")")
ACT = re.compile(r"^\s*(?:我|俺)?(?:想|要)?(?:帮|替|给)(?:俺|我|咱)?(?:家)?(?:的)?(?P<who>" + _WHO
                 + r"|[\u4e00-\u9fff]{2,4}?)(?:的)?(?:办|申请|代办|跑|弄|问问|请人|找人|找党员|反映|报|说说|约|预约)")
# A relative who is named is acted for in an errand (or a matter named) or a need.
ERRAND_INTENTS = ("errand", "guide")
ACTING_INTENTS = (*ERRAND_INTENTS, "need", "mediation")


def _ask(text: str) -> Reply:
    return did("family.ask", text)


def wants_relative_added(text: str) -> bool:
    """A relative without WeChat, and adding or acting for them wished (see _NO_WECHAT)."""
    return bool(_RELATIVE_SAID.search(text) and _WANTS_IN.search(text)
                and (_NO_WECHAT.search(text) or re.search(r"(?:把|给)(?:他|她)", text)))


@router.reader()
def relative_without_wechat(ctx: Context):
    """俺爹没微信 想把他也弄上: as 添加亲属. A matter named outright goes first; one only guessed
    (俺娘八十五了 不会使手机 俺帮她弄中不: 八十五 → 高龄) does not stop acting for her."""
    if not wants_relative_added(ctx.text) or (getattr(ctx.route, "guide", None) and named_guides(ctx.text)):
        return NOT_MINE
    return add_start(ctx)


@router.command(ADD)
@router.command(ADD_NAMED)
def add_start(ctx: Context):
    """添加亲属: ask the relative's name (the villager's village first, when unknown)."""
    if ctx.user.village is None:
        return did("bind.ask", ask_village_then(ctx, after_village, "替家人办事，要先知道您是哪个村的。"))
    ctx.dialog.start(FLOW, "name")
    return _ask(family.texts.ASK_NAME)


@continuation("family")
def after_village(ctx: Context, slots: dict):
    ctx.dialog.start(FLOW, "name")
    return _ask(family.texts.ASK_NAME)


# 他叫王守田 八十二了: the name in the first clause, what follows it is chatter.
_NAME_FIRST = re.compile(r"^(?:(?:她|他|俺|我)?(?:爹|娘|爸|妈|奶奶|爷爷)?(?:的)?(?:名字)?(?:叫|是))?"
                         r"(?P<name>[\u4e00-\u9fff·]{2,4})(?:[\s，,。]|$)")


@router.flow(FLOW, step="name")
def name_step(ctx: Context):
    name = re.sub(r"^(?:叫|是|她叫|他叫|名字叫)", "", ctx.text).strip("。，, ")
    if not re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", name):
        first = _NAME_FIRST.match(ctx.text.strip())
        if first is None:
            return NOT_MINE if len(ctx.text) > 8 else _ask("名字请写2到6个汉字，比如“王桂兰”。")
        name = first.group("name")
    if relation := ctx.dialog.slots.get("relation"):  # 俺想替俺爹办事: who they are was said first
        ctx.dialog.advance("village", name=name, relation=relation)
        return _ask(family.texts.ASK_VILLAGE.format(name=name))
    ctx.dialog.advance("relation", name=name)
    return _ask(family.texts.ASK_RELATION.format(name=name))


@router.flow(FLOW, step="relation")
def relation_step(ctx: Context):
    word = re.sub(r"^(?:是)?(?:俺|我|咱)?(?:的)?", "", ctx.text).strip("。，, ")
    relation = family.relation_of(word) or (word if 1 <= len(word) <= 4 else None)
    if relation is None:
        return NOT_MINE if len(ctx.text) > 8 else _ask("请说是您的什么人，比如“母亲”“父亲”“奶奶”。")
    ctx.dialog.advance("village", relation=relation)
    return _ask(family.texts.ASK_VILLAGE.format(name=ctx.dialog.slots["name"]))


@router.flow(FLOW, step="village")
def village_step(ctx: Context):
    text = ctx.text
    if parse_number(text) == 1 or re.search(r"同村|一个村|一样|是的|是$|对", text):
        village = ctx.user.village
    else:
        hits = match_villages(ctx.session, text)
        if len(hits) != 1:  # a long message is something else said meanwhile (its handler answers it)
            return NOT_MINE if len(text) > 8 else _ask("没找到这个村，请说全村名，比如“王庄”；和您同村回复 1。")
        village = hits[0].village
    slots = ctx.dialog.slots
    try:
        member = family.add_member(ctx.session, ctx.user, slots["name"], slots["relation"], village, ctx.now)
    except family.FamilyError as refusal:
        ctx.dialog.finish()
        return Reply(f"{refusal}。回复“添加亲属”重新来。")
    ctx.dialog.finish()
    return did("family.add", family.texts.added(member))


@router.command(CODE)
def confirm_code(ctx: Context):
    """亲属码 K7P2QX: the relative the area's staff checked is confirmed."""
    member = family.confirm_by_code(ctx.session, ctx.user, ctx.match.group(1), ctx.now)
    if member is None:
        return Reply("这个亲属码不对。请核对片区工作人员给您的6位码，或回复“人工”问工作人员。")
    return did("family.add", family.texts.confirmed(member))


def _act_for(ctx: Context, member: FamilyMember):
    if member.state != "confirmed":
        ctx.dialog.finish()
        return _ask(f"{member.label}还在等片区工作人员确认，确认后就能替{member.name}办。"
                    "工作人员给了亲属码的话，回复“亲属码 XXXXXX”。")
    route = ctx.route
    said = (ctx.text[ctx.match.end():] if ctx.match is not None else "").strip("，,。 ")
    if getattr(route, "intent", None) == "need":
        return start_need(ctx, for_family=member.id, said=said)
    if getattr(route, "intent", None) == "mediation":
        return start_for_family(ctx, member.id, said or ctx.text)
    guide = getattr(route, "guide", None) if getattr(route, "intent", None) in ERRAND_INTENTS else None
    return start_errand(ctx, guide, for_family=member.id)


# "替俺娘办事", "帮俺爹办点事": an errand for a relative with no matter named yet (the errand asks it).
_GENERAL_ERRAND = re.compile(r"^(办|代办|跑|弄|申请)(个|点|些|一些|一下|一件)?(事|事情|事儿|手续)")


def _general_errand(ctx: Context) -> bool:
    if getattr(ctx.route, "intent", None) not in (None, "unknown", "menu") or ctx.match is None:
        return False
    return bool(_GENERAL_ERRAND.match(ctx.text[ctx.match.end("who"):].lstrip("的")))


@router.command(ACT.pattern)
def act_for(ctx: Context):
    """帮俺娘办低保: an errand for the villager's confirmed relative (asked which, when several)."""
    if ctx.user.village is None or not (getattr(ctx.route, "intent", None) in ACTING_INTENTS or _general_errand(ctx)):
        return NOT_MINE
    word = ctx.match.group("who")
    found = family.find_members(ctx.session, ctx.user, word)
    if not found:
        if word not in family.RELATIONS:
            return NOT_MINE  # "帮我办…" with a word that names nobody: the villager's own errand
        if ctx.route.intent == "guide" and (named_guides(ctx.text) or not _NO_WECHAT.search(ctx.text)):
            # 俺想给俺娘办高龄补贴 with nobody added: how it is done (the guide) comes first. A matter
            # only guessed (八十五 → 高龄) beside 她不会弄手机 is acting for her: adding her starts.
            return NOT_MINE
        label = family.RELATIONS[word]  # 俺想替俺爹办事: adding him starts here, his relation known
        if ctx.user.village is None:
            return add_start(ctx)
        ctx.dialog.start(FLOW, "name", relation=label)
        return _ask(f"您还没添加{label}。替{label}办事要先添加一下，片区工作人员确认后就能办。\n"
                    f"{label}叫什么名字？比如“王桂兰”。")
    if len(found) == 1:
        return _act_for(ctx, found[0])
    ctx.dialog.start(FLOW, "pick", ids=[m.id for m in found], guide=getattr(ctx.route, "guide", None),
                     need=ctx.route.intent == "need", mediation=ctx.route.intent == "mediation",
                     said=ctx.text[ctx.match.end():].strip("，,。 "))
    return _ask("替哪位办？回复数字：\n" + "\n".join(f"{i} {m.label}" for i, m in enumerate(found, 1)))


@router.flow(FLOW, step="pick")
def pick_step(ctx: Context):
    ids = ctx.dialog.slots.get("ids") or []
    number = parse_number(ctx.text)
    if number is None or not 1 <= number <= len(ids):
        return NOT_MINE
    member = ctx.session.get(FamilyMember, ids[number - 1])
    if member is None or member.owner_id != ctx.user.id:
        return NOT_MINE
    if member.state != "confirmed":
        return _act_for(ctx, member)
    slots = ctx.dialog.slots
    if slots.get("need"):
        return start_need(ctx, for_family=member.id, said=slots.get("said") or "")
    if slots.get("mediation"):
        return start_for_family(ctx, member.id, slots.get("said") or "")
    return start_errand(ctx, slots.get("guide"), for_family=member.id)
