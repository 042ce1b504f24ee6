"""Registration in chat: which village (bind, change), invite codes for staff roles, 我的信息, leaving a role.

Flow `bind`: step `village` (asked for a name), `pick` (numbered candidates, slot `ids`),
`confirm` (slot `village_id`), `township` (the name was not found: which township, then its
villages as numbered choices), `invite` (asked for a code). A first registration with a village's
own name (with or without 村) binds at once; an alias, a sound-alike or a near miss is
confirmed first. Slot `then` (the stable name of a function registered with `@continuation`)
continues another flow once the village is known: see `ask_village_then`.
Flow `leave`: step `confirm` (slot `role`).
"""
from __future__ import annotations

import logging
import re
from typing import Callable, Union

from bot.accounts import (ROLE_WORDS, Claim, VillageChoice, claim_invite, find_village, leave_role,
                          normalise_code, set_village)
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.messages import Reply, as_reply, did
from bot.models import ROLE_LABELS, Village
from bot.village_match import EXACT, SAME_SOUND, VillageHit, match_townships, villages_in_township
from bot.choices import parse_number

from .account_texts import (ASK_CODE, ASK_VILLAGE, claim_text, leave_prompt, my_info, village_label)
from .answers import command_words, is_command, numbered, parse_yes_no
from .smalltalk import smalltalk_kinds

log = logging.getLogger(__name__)
router = Router("account")
FLOW, LEAVE_FLOW = "bind", "leave"
OWN_INTENTS = ("bind",)

_CODE = r"([0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]{6,8})"
INVITE_COMMAND = r"^\s*(?:我的)?(?:邀请码|激活码|注册码)\s*(?:是)?\s*[:：]?\s*" + _CODE + r"\s*$"
INFO_COMMAND = r"^\s*(?:我的信息|我的资料|个人信息|我的账号|查看我的信息)\s*$"
CHANGE_COMMAND = r"^\s*(?:换村|换个村|改村|换村子|改村子|更换村子|我要换村|我搬家了)\s*$"
LEAVE_COMMAND = (r"^\s*(?:我|我要|我想)?(?:退出|不当|不做|不再当|辞去|取消)了?\s*(" + "|".join(ROLE_WORDS)
                 + r")(?:身份|角色|队伍|团队)?\s*(?:了|啦)?\s*[。！!]?\s*$")
_STAFF_HINT = re.compile(r"党员|志愿者|党代表|调解员|书记|干部|网格员|邀请码|激活码")
_LOOKS_LIKE_CODE = re.compile(r"[A-Z0-9]{6,8}")
# "我是张家洼的", "俺住赵家岗村": where they are from, by a name we may not have.
_NAMES_A_PLACE = re.compile(r"(?:是|在|住|来自)[^，,。？?]{2,8}?(?:村|庄|屯|寨|沟|洼|岭|集|营|楼|坑|湾|埠|店|铺|桥|湖|坡|堡|圩|的|人)"
                            r"[的人]?\s*[。!！]?$|"
                            # "我住在苇子坑", "俺家在石碾": where one lives, with nothing else said
                            r"^(?:我|俺|我们|俺们)?(?:家)?(?:住在|家在|住(?!在))(?![这那哪])[\u4e00-\u9fff]{2,5}[。!！]?$")
# A township said as one (兰陵镇 / 卞庄街道 / 下村乡的), not a village that sounds like it.
# 俺是南桥镇的 给俺登记上: the wish to be registered may follow.
_SAYS_TOWNSHIP = re.compile(r"(?:镇|乡|街道)(?:的|上的|那边的?)?"
                            r"(?:[，,\s]*(?:给|帮)?(?:俺|我)?(?:登记|登记上|登上|记上|绑上|弄上|录上)(?:吧|一下|了)?)?[。.！!]?$")
# "说错了 俺是前埠的", "给俺改改": a correction asked for in words; the village's own name needs no 对吗.
_CORRECTS = re.compile(r"(?:说|弄|填|搞|写|登记|报)错了?|(?:改|换)(?:改|一下|下|过来|成)")
MAX_LISTED_VILLAGES = 30  # a township's villages, one reply
_CODE_INSIDE = re.compile(r"(?:邀请码|激活码|注册码)\D{0,4}?" + _CODE)


Continuation = Callable[[Context, dict], Union[Reply, str]]
_CONTINUATIONS: dict[str, Continuation] = {}  # stable name (kept in a saved dialog) → function


def continuation(name: str) -> Callable[[Continuation], Continuation]:
    """Register a function that carries on another flow once the village is known.

    A waiting dialog is saved (for a day), so it keeps `name`, not the function: keep names
    stable. One name for two functions fails when the second module is imported."""
    def register(func: Continuation) -> Continuation:
        if _CONTINUATIONS.setdefault(name, func) is not func:
            raise ValueError(f"continuation {name!r} registered twice")
        return func
    return register


def _name_of(then: Continuation) -> str:
    for name, func in _CONTINUATIONS.items():
        if func is then:
            return name
    raise ValueError(f"{then!r} is not registered with @continuation")


def _registered(name: str) -> Continuation | None:
    # Dialogs saved before names were used hold "handlers.errands:resume_after_bind": its module's name.
    return _CONTINUATIONS.get(name) or _CONTINUATIONS.get(name.partition(":")[0].rpartition(".")[2])


def ask_village_then(ctx: Context, then: Continuation, intro: str = "", **slots) -> str:
    """Ask for the village first, then call `then(ctx, slots)` (registered with `@continuation`).
    The caller answers with this text (action `bind.ask`)."""
    ctx.dialog.start(FLOW, "village", then=_name_of(then), then_slots=slots)
    return (intro + "\n" if intro else "") + ASK_VILLAGE


def _continue(ctx: Context, done_text: str) -> Reply:
    slots = ctx.dialog.slots
    then, then_slots = slots.get("then"), dict(slots.get("then_slots") or {})
    ctx.dialog.finish()
    carry_on = _registered(then) if then else None
    if carry_on is None:
        if then:
            log.warning("no continuation named %r; the village is registered, the flow not resumed", then)
        return did("bind.village", done_text)
    follow = as_reply(carry_on(ctx, then_slots))
    return did("bind.village", done_text + "\n\n" + follow.text, follow.guide)


def _bind(ctx: Context, village: Village, note: str = "") -> Reply:
    previous = set_village(ctx.session, ctx.user, village)
    if previous is not None:
        return _continue(ctx, f"好了，已经从{previous.name}换到{village_label(village)}。")
    # The township tells the villager which of two like-named villages was taken (石井, 车辋镇).
    return _continue(ctx, f"好了，已登记：{village_label(village, township=True)}。{note}")


def _is_own_name(village: Village, hit: VillageHit) -> bool:
    """The village's own name, with or without 村, or as its 社区 / 村委 (代村社区); an alias or a
    sound-alike is confirmed first."""
    base = village.name[:-1] if village.name.endswith("村") and len(village.name) > 2 else village.name
    return hit.score >= EXACT and hit.matched in {base + suffix for suffix in ("", "村", "社区", "村社区", "村委", "村委会")}


def _offer(ctx: Context, choice: VillageChoice) -> Reply:
    """Confirm one village, or list the candidates with numbers."""
    if choice.kind == "one":
        village = choice.village
        if ctx.user.village_id == village.id and not ctx.dialog.slots.get("then"):
            ctx.dialog.finish()
            return did("status.show", f"您登记的就是{village_label(village)}，不用改。")
        if (ctx.user.village_id is None or _CORRECTS.search(ctx.text)) and _is_own_name(village, choice.hits[0]):
            return _bind(ctx, village, "不对的话回复“换村”。")  # the name itself: nothing to confirm
        _flow_step(ctx, "confirm", village_id=village.id)
        # A guess put as numbered choices (CONTRACT: clarify.ask), not a question where one lives.
        return did("clarify.ask", f"您是{village_label(village, township=True)}的，对吗？\n1 对\n2 不对")
    names = [village_label(v) for v in choice.candidates]
    _flow_step(ctx, "pick", ids=[v.id for v in choice.candidates])
    return did("clarify.ask", "您说的是哪个村？回复数字：\n" + numbered(names)
               + "\n都不是的话，请再说一遍村名，或说您是哪个镇（街道）的。")


def _flow_step(ctx: Context, step: str, **slots) -> None:
    if ctx.dialog.in_flow(FLOW):
        ctx.dialog.advance(step, **slots)
    else:
        ctx.dialog.start(FLOW, step, **slots)


def _not_found(ctx: Context) -> Reply:
    misses = int(ctx.dialog.slots.get("misses", 0)) + 1
    if misses == 1:
        _flow_step(ctx, "township", misses=misses)
        return did("bind.ask", "没找到这个村。您是哪个镇（街道）的？比如“卞庄街道”“兰陵镇”。我把那里的村列给您选。")
    _flow_step(ctx, "village", misses=misses)
    text = "没找到这个村。请再说一遍村名，比如“代村”。"
    return did("bind.ask", text + ("\n实在找不到，请回复“人工”找工作人员。" if misses >= 2 else ""))


def _township_villages(ctx: Context, township: str) -> Reply:
    villages = villages_in_township(ctx.session, township)[:MAX_LISTED_VILLAGES]
    _flow_step(ctx, "pick", ids=[v.id for v in villages])
    return did("clarify.ask", f"{township}的村有这些，您是哪个？回复数字：\n"
               + numbered([v.name for v in villages]) + "\n都不是的话，请说村名，或回复“人工”。")


@router.flow(FLOW, step="township")
def township_step(ctx: Context):
    """The township of a village we did not find: its villages as numbered choices."""
    if is_command(ctx.text):
        return NOT_MINE
    townships = match_townships(ctx.session, ctx.text)
    if len(townships) == 1:
        return _township_villages(ctx, townships[0])
    return village_step(ctx)  # the village's name again, said better


def _claim(ctx: Context, code: str) -> Reply:
    result: Claim = claim_invite(ctx.session, ctx.user, code, ctx.now)
    # A mistyped code may be sent again; anything else ends the wait for a code.
    if result.reason != "unknown" and ctx.dialog.in_flow(FLOW) and ctx.dialog.state.step == "invite":
        ctx.dialog.finish()
    return did("bind.invite" if result.ok else "bind.ask", claim_text(result))


@router.command(command_words(INVITE_COMMAND))
def invite_command(ctx: Context) -> Reply:
    """邀请码 AB12CD34: take the staff role the code grants."""
    return _claim(ctx, ctx.match.group(1))


@router.command(command_words(INFO_COMMAND))
def show_info(ctx: Context) -> Reply:
    """我的信息: village, roles, masked phone."""
    return did("status.show", my_info(ctx.session, ctx.user))


@router.command(command_words(CHANGE_COMMAND))
def change_village(ctx: Context) -> Reply:
    """换村: ask for the new village."""
    ctx.dialog.start(FLOW, "village")
    if ctx.user.village is None:
        return did("bind.ask", ASK_VILLAGE)
    return did("bind.ask", f"您现在登记的是{village_label(ctx.user.village)}。要换成哪个村？请说村名。")


@router.command(command_words(LEAVE_COMMAND))
def leave_command(ctx: Context) -> str:
    """退出志愿者: confirm before giving up the role."""
    role = ROLE_WORDS[ctx.match.group(1)]
    if not ctx.user.has_role(role):
        return f"您现在不是{ROLE_LABELS[role]}，不用退出。"
    ctx.dialog.start(LEAVE_FLOW, "confirm", role=role)
    return leave_prompt(role)


@router.flow(LEAVE_FLOW, step="confirm")
def leave_confirm(ctx: Context):
    """1 确定退出 / 2 不退了."""
    if is_command(ctx.text):
        return NOT_MINE
    role = ctx.dialog.slots["role"]
    answer = parse_yes_no(ctx.text)
    number = parse_number(ctx.text)
    if answer is True or number == 1 or "确定退出" in ctx.text:
        ctx.dialog.finish()
        leave_role(ctx.session, ctx.user, role)
        return f"已经退出{ROLE_LABELS[role]}。以后想再加入，请向片区要新的邀请码。"
    if answer is False or number == 2 or "不退" in ctx.text:
        ctx.dialog.finish()
        return f"好的，没有退出，您还是{ROLE_LABELS[role]}。"
    if is_new_request(ctx):
        ctx.dialog.finish()
        return NOT_MINE
    return "请回复 1 确定退出，或 2 不退了。"


def _township_only(ctx: Context, choice: VillageChoice) -> str | None:
    """The township said as one (俺是兰陵镇的, 俺是车辋镇的: not the village 车辋 inside its name),
    with no village of its own named apart from it (卞庄街道东陈庄 names one)."""
    townships = match_townships(ctx.session, ctx.text)
    if len(townships) != 1 or not _SAYS_TOWNSHIP.search(ctx.text):
        return None
    if choice.kind != "none" and choice.hits[0].score >= SAME_SOUND and _is_own_name(choice.hits[0].village, choice.hits[0]) \
            and choice.hits[0].matched in ctx.text.replace(townships[0], ""):
        return None
    return townships[0]


@router.intent("bind")
def bind_intent(ctx: Context) -> Reply:
    """I want to register: a village name, an invite code, or a question about which."""
    if found := _CODE_INSIDE.search(ctx.text):
        return _claim(ctx, found.group(1))
    choice = find_village(ctx.session, ctx.text)
    named = choice.kind != "none" and choice.hits[0].score >= SAME_SOUND
    if _STAFF_HINT.search(ctx.text) and not named:  # "我是党员": a role, not a village
        ctx.dialog.start(FLOW, "invite")
        return did("bind.ask", ASK_CODE)
    if (township := _township_only(ctx, choice)) is not None:  # 俺是兰陵镇的: its villages to pick from
        return _township_villages(ctx, township)
    if choice.kind != "none":
        return _offer(ctx, choice)
    if _NAMES_A_PLACE.search(ctx.text.strip()):  # "我是张家洼的": a name we do not have
        return _not_found(ctx)
    return change_village(ctx)


@router.flow(FLOW, step="village")
def village_step(ctx: Context):
    """The villager names their village (or sends an invite code instead). Thanks, a greeting, a
    goodbye or "你是谁" alone names none: small talk answers it and the question waits."""
    if is_command(ctx.text) or smalltalk_kinds(ctx.text) - {"ok"}:
        return NOT_MINE
    code = normalise_code(ctx.text)
    if _LOOKS_LIKE_CODE.fullmatch(code) and re.search(r"[A-Z]", code):
        return _claim(ctx, code)
    townships = match_townships(ctx.session, ctx.text)
    if len(townships) == 1 and _SAYS_TOWNSHIP.search(ctx.text):  # 磨山镇 is the township, not 磨山屯
        return _township_villages(ctx, townships[0])
    choice = find_village(ctx.session, ctx.text)
    if choice.kind != "none":
        return _offer(ctx, choice)
    if len(townships) == 1:
        return _township_villages(ctx, townships[0])
    if is_new_request(ctx, OWN_INTENTS):
        return NOT_MINE
    return _not_found(ctx)


@router.flow(FLOW, step="pick")
def pick_step(ctx: Context):
    """A number from the candidates, or the name again."""
    if is_command(ctx.text):
        return NOT_MINE
    ids = ctx.dialog.slots.get("ids") or []
    number = parse_number(ctx.text)
    if number is not None and 1 <= number <= len(ids):
        village = ctx.session.get(Village, ids[number - 1])
        if village is not None:
            return _bind(ctx, village)
    return village_step(ctx)


@router.flow(FLOW, step="confirm")
def confirm_step(ctx: Context):
    """1 对 → bind; 2 不对 → ask again; a new name → match again."""
    if is_command(ctx.text):
        return NOT_MINE
    answer = parse_yes_no(ctx.text)
    number = parse_number(ctx.text)
    village = ctx.session.get(Village, ctx.dialog.slots.get("village_id"))
    if village is not None and (answer is True or number == 1):
        return _bind(ctx, village)
    if answer is False or number == 2:
        _flow_step(ctx, "village")  # a village's name again, or its township (listed to pick from)
        return did("bind.ask", "那您是哪个镇（街道）的？比如“卞庄街道”“兰陵镇”，我把那里的村列给您选；"
                   "也可以再说一遍村名。")
    return village_step(ctx)


@router.flow(FLOW, step="invite")
def invite_step(ctx: Context):
    """The code itself, after we asked for it."""
    if is_command(ctx.text):
        return NOT_MINE
    code = normalise_code(ctx.text)
    if found := _CODE_INSIDE.search(ctx.text):
        code = normalise_code(found.group(1))
    if _LOOKS_LIKE_CODE.fullmatch(code):
        return _claim(ctx, code)
    if is_new_request(ctx, OWN_INTENTS):
        return NOT_MINE
    choice = find_village(ctx.session, ctx.text)
    if choice.kind != "none":
        return _offer(ctx, choice)
    return did("bind.ask", "邀请码是6到8位字母和数字，请照着发过来。没有邀请码请向片区书记要；不办了请回复“取消”。")


# 俺家住西旺那边 / 俺是前埠村 / 前埠村: a newcomer telling where they live, in words the router's
# patterns miss (俺/咱, 那边, no 的). Only the village table decides: a name it holds.
_LIVES_IN = re.compile(r"^(?:我|俺|咱)?(?:们|家|家里)?(?:就)?(?:是|住在?|家在|在|来自)?(?P<place>[\u4e00-\u9fa5]{2,12}?|[\u4e00-\u9fa5a-zA-Z ]{2,36}?)"
                       r"(?:村|庄)?(?:的|的人|人|那边|那块|那里|那儿|这边)?(?:的|人)?[。.!！]?$")
_NEWCOMER_WORDS_CHARS = 14
_LATIN_RUN = re.compile(r"[a-zA-Z]+")


def _said_length(text: str) -> int:
    """Characters said, a run of pinyin letters counted by its syllables (about three letters each):
    "dongchenzhuang" is three characters' worth, not fourteen."""
    return len(_LATIN_RUN.sub(lambda run: "x" * -(-len(run.group()) // 3), text))


@router.reader()
def newcomer_names_village(ctx: Context):
    """A villager with no village naming one (and nothing else): registered as if asked. Also while
    a guide, menu or list is open (its step did not take the words); not while a form waits."""
    if ctx.user.village_id is not None or (ctx.dialog.busy() and ctx.dialog.in_form()) \
            or _said_length(ctx.text) > _NEWCOMER_WORDS_CHARS \
            or _STAFF_HINT.search(ctx.text) or not _LIVES_IN.match(ctx.text.strip()):
        return NOT_MINE
    choice = find_village(ctx.session, ctx.text)
    if choice.kind == "none" or choice.hits[0].score < SAME_SOUND:
        return NOT_MINE
    if (township := _township_only(ctx, choice)) is not None:
        return _township_villages(ctx, township)
    return _offer(ctx, choice)
