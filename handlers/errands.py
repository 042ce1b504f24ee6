"""Errands in chat: a villager asks a party member to handle a matter; members accept and report.

Flow `errand` (slots guide, proposed, matter, phone, when):
  `matter` confirm a named matter → `pick` numbered matters (or words) → `describe` (other) →
  `phone` → `when` → `confirm` (1 submit, 2 phone, 3 time, 4 another matter). With a phone to
  call the time is not asked (the member agrees it on the phone; 3 on the summary sets one).
A villager without a village is asked for it first (the account flow), then comes back here.
The numbered commands (接单 12, 我的代办, 取消代办 12 …) are handlers/errand_commands.py.
"""
from __future__ import annotations

import re
from typing import Callable

from bot import context, limits
from bot.errands import create_errand, escalation_staff
from bot.dispatch import NEW_REQUEST_SCORE, NOT_MINE, Context, Router
from bot.forms import NO_PHONE, FormSpec, is_confirm, looks_like_time, register, said_time, says_no_phone, without_correction
from bot.guides import GUIDE_IDS, get_guide, matter_title
from bot.messages import Reply, did
from bot.models import Area, FamilyMember
from bot.nlu import named_guides
from bot.nlu.phone import corrected_tail
from bot.choices import parse_number

from . import errand_texts as texts
from .account import ask_village_then, continuation
from .answers import is_command, numbered, parse_phone, parse_yes_no
from .errand_words import HAS_CJK, MAX_WHEN_CHARS, matter_in_words, said_along, time_besides
from .guide_answers import answer_part
from .guide_parts import asked_part
from .form_steps import ConfirmMenu, Field, ask_next, confirm, leaves, leaves_free_text, small_talk, step

router = Router("errands")
FLOW = "errand"
OWN_INTENTS = ("errand",)
MEMBER_ROLES = {"party_member", "grid_worker", "secretary"}
MAX_MATTER_CHARS = 60


_KEEP_PHONE = re.compile(r"这个号|用这个|就这个|原来的|老号|还用|就用|不换")


# --- the villager's request -------------------------------------------------------------

def start_errand(ctx: Context, guide_id: str | None, for_family: int | None = None) -> Reply:
    """Begin the request flow, for a named matter (guide id) or with the list of matters; for a
    confirmed family member (handlers/family.py) when `for_family` is their id."""
    if ctx.user.village is None:
        return did("bind.ask", ask_village_then(ctx, resume_after_bind,
                                                intro="请党员帮您代办，要先知道您是哪个村的。", guide=guide_id))
    title = matter_title(ctx.session, guide_id)
    said = said_along(ctx.text) if ctx.text else {}  # everything in the first message counts
    if title is None and (named := matter_in_words(ctx.text)):  # 帮俺代办个老年证: that matter, confirmed
        if _says_everything(said):
            return _summary_at_once(ctx, None, named, for_family, said)
        ctx.dialog.start(FLOW, "matter", guide=None, proposed=named, for_family=for_family, **said)
        return _noted(_said_along_noted(said), did("errand.ask", texts.confirm_matter(named)))
    if title is None:
        if for_family is not None:
            ctx.dialog.start(FLOW, "pick", guide=None, matter=None, for_family=for_family)
        reply = _show_matters(ctx)
        if said:
            ctx.dialog.advance("pick", **said)
        return reply
    if _says_everything(said):
        return _summary_at_once(ctx, guide_id, title, for_family, said)
    ctx.dialog.start(FLOW, "matter", guide=guide_id, proposed=title, for_family=for_family, **said)
    return _noted(_said_along_noted(said), did("errand.ask", texts.confirm_matter(title), guide_id))


def _said_along_noted(said: dict) -> str:
    """电话记下了：138… for a number given in the first message along with the matter (not asked again)."""
    phone = said.get("phone")
    return f"电话记下了：{phone}。" if phone and phone != NO_PHONE else ""


def _says_everything(said: dict) -> bool:
    """Matter and a phone to call are all a member needs (the time is agreed on the phone); without
    a phone, the time too."""
    return _callable(said) or bool(said.get("phone") and said.get("when"))


def _callable(slots: dict) -> bool:
    phone = slots.get("phone")
    return bool(phone) and phone != NO_PHONE


def _summary_at_once(ctx: Context, guide_id: str | None, title: str, for_family: int | None,
                     said: dict) -> Reply:
    """Matter, phone and time all in the first message: the summary (with 4 换一件事) is the one
    question, so the villager's first yes submits. Asking "this matter?" first made a yes to it
    look final while a second confirmation still waited, and nothing reached the members."""
    ctx.dialog.start(FLOW, "confirm", guide=guide_id, proposed=title, matter=title, for_family=for_family, **said)
    return _next_question(ctx)


@continuation("errands")
def resume_after_bind(ctx: Context, slots: dict) -> Reply:
    """The account flow calls this once the village is registered."""
    return start_errand(ctx, slots.get("guide"))


def _show_matters(ctx: Context) -> Reply:
    step(ctx, FLOW, "pick", guide=None, matter=None)
    titles = [matter_title(ctx.session, gid) for gid in GUIDE_IDS]
    other = len(titles) + 1
    return did("errand.ask", "想请党员帮您办哪件事？回复数字：\n" + numbered(titles) + f"\n{other} 别的事\n"
               "也可以直接说是什么事。")


def _ask(text_of) -> Callable[[Context], Reply]:
    return lambda ctx: did("errand.ask", text_of(ctx), ctx.dialog.slots.get("guide"))


FIELDS = [Field("matter", "pick", _show_matters), Field("phone", "phone", _ask(lambda ctx: texts.ask_phone(ctx.user))),
          Field("when", "when", _ask(lambda ctx: texts.ask_time()))]
def _summary_text(ctx: Context) -> str:
    member = _for_family(ctx)
    village = member.village.name if member is not None else ctx.user.village.name
    text = texts.summary(ctx.dialog.slots["matter"], ctx.dialog.slots["phone"], ctx.dialog.slots["when"], village)
    return f"替{member.label}办：\n{text}" if member is not None else text


def _for_family(ctx: Context) -> FamilyMember | None:
    """The confirmed family member this request is made for (代亲属办), if any."""
    member_id = ctx.dialog.slots.get("for_family")
    member = ctx.session.get(FamilyMember, member_id) if member_id else None
    return member if member is not None and member.owner_id == ctx.user.id and member.state == "confirmed" else None


_summary = _ask(_summary_text)


def _next_question(ctx: Context) -> Reply:
    """Ask for the first thing still missing; when nothing is, show the summary. With a phone to call
    and no time said, the member agrees the time on the phone (3 on the summary sets one): one
    question fewer for an elderly villager. Without a phone the member comes to the door, so the
    time is asked. A time emptied by 3 (the key kept, None) is asked."""
    slots = ctx.dialog.slots
    if "when" not in slots and slots.get("matter") and _callable(slots):
        slots["when"] = texts.WHEN_BY_PHONE  # saved by the step ask_next moves to
    return ask_next(ctx, FLOW, FIELDS, _summary)


def _ask_again(ctx: Context) -> Reply:
    """The question of the step the form stopped at: "this matter?" again while a named matter waits
    for its yes (the matter kept), else the first thing still missing."""
    slots = ctx.dialog.slots
    if ctx.dialog.state is not None and ctx.dialog.state.step == "matter" and slots.get("proposed") \
            and not slots.get("matter"):
        return did("errand.ask", texts.confirm_matter(slots["proposed"]), slots.get("guide"))
    return _next_question(ctx)


register(FormSpec(flow=FLOW, intent="errand", takes_time=True,
                  gist_slots=("matter", "proposed"), label="请党员代办", ask=_ask_again, ask_action="errand.ask",
                  missing={"matter": "确认要办的事", "pick": "办什么事", "describe": "办什么事", "phone": "电话",
                           "when": "时间", "confirm": "确认提交"}))


def _leaves(ctx: Context) -> bool:
    return leaves(ctx, OWN_INTENTS)


def _routed_guide(ctx: Context) -> str | None:
    guide = getattr(ctx.route, "guide", None)
    return guide if guide in GUIDE_IDS else None


@router.intent("errand")
def errand_intent(ctx: Context) -> Reply:
    """请党员帮我办…: start the request, with the matter named, else the guide just read (confirmed first)."""
    return start_errand(ctx, _routed_guide(ctx) or context.topic_ref(ctx.session, ctx.user.openid, "guide", ctx.now))


@router.flow(FLOW, step="matter")
def matter_step(ctx: Context):
    """Is this the matter? 1 yes / 2 another one (or words naming another)."""
    if is_command(ctx.text):
        return NOT_MINE
    answer, number = parse_yes_no(ctx.text), parse_number(ctx.text)
    found = _by_meaning(ctx) or _time_alone(ctx)  # 这礼拜五上午都在家
    if answer is True or number == 1 or is_confirm(ctx.text) or found:  # an answer to a later question takes the matter as said
        noted = _phone_noted(ctx, found)
        ctx.dialog.advance("matter", matter=ctx.dialog.slots["proposed"], **found)
        return _noted(noted, _next_question(ctx))
    if answer is False or number == 2:
        return _show_matters(ctx)
    if asked := _part_of_the_matter(ctx):
        return asked
    if (guide := _routed_guide(ctx)) and guide != ctx.dialog.slots.get("guide"):
        return start_errand(ctx, guide)
    if _leaves(ctx) or small_talk(ctx):
        return NOT_MINE
    return did("errand.ask", "请回复 1（就办这个）或 2（换一件事）。" + texts.CANCEL_HINT)


# 俺家木有电话 俺也不会摆弄手机: words about one's own phone, told, not asked.
_TELLS_OF_PHONE = re.compile(r"^(?!.*(?:[吗么呢?？]|多少|啥|什么|哪)).*(?:手机|电话|号码)")


def _part_of_the_matter(ctx: Context) -> Reply | None:
    """办这个要带啥材料 while the matter is being confirmed: that part of the matter's guide, the form
    kept and offered back (the router's guess of a matter from part words alone is no new matter)."""
    if says_no_phone(ctx.text) or parse_phone(ctx.text) or _TELLS_OF_PHONE.search(ctx.text):
        return None  # 俺家木有电话: an answer, not a question about the guide's phone
    part, guide_id, route = asked_part(ctx.text), ctx.dialog.slots.get("guide"), ctx.route
    if part is None or guide_id is None or named_guides(ctx.text) - {guide_id}:
        return None
    if route is not None and route.intent not in ("guide", "errand", "unknown") and route.score >= NEW_REQUEST_SCORE:
        return None  # 食堂吃饭要钱不: another service's question (the dispatcher answers it there)
    guide = get_guide(ctx.session, guide_id)
    if guide is None:
        return None
    ctx.dialog.pause()
    return answer_part(ctx, guide, part)


@router.flow(FLOW, step="pick")
def pick_step(ctx: Context):
    """A number from the list, 'other', or the matter in the villager's words."""
    if is_command(ctx.text):
        return NOT_MINE
    if kept := _kept_out_of_turn(ctx):
        return kept
    number = parse_number(ctx.text)
    if number is not None:
        if 1 <= number <= len(GUIDE_IDS):
            gid = GUIDE_IDS[number - 1]
            ctx.dialog.advance("pick", guide=gid, matter=matter_title(ctx.session, gid))
            return _next_question(ctx)
        if number == len(GUIDE_IDS) + 1:
            ctx.dialog.advance("describe")
            return did("errand.ask", "请说说要办什么事，比如“帮我去镇上交材料”。")
        return did("errand.ask", f"请回复 1 到 {len(GUIDE_IDS) + 1} 的数字，或者直接说是什么事。")
    return describe_step(ctx)


@router.flow(FLOW, step="describe")
def describe_step(ctx: Context):
    """The matter in the villager's own words (or one of the 18, if the words name it)."""
    if guide := _routed_guide(ctx):
        ctx.dialog.advance("describe", guide=guide, matter=matter_title(ctx.session, guide))
        return _next_question(ctx)
    if leaves_free_text(ctx):
        return NOT_MINE
    if kept := _kept_out_of_turn(ctx):
        return kept
    words = ctx.text.strip()
    # 中 就这么着 / 好的: a yes is no matter (the matter is still to be told)
    if len(words) < 2 or not HAS_CJK.search(words) or is_confirm(words) or parse_yes_no(words) is not None:
        return did("errand.ask", "请用几个字说说要办什么事，比如“帮我去镇上交材料”。" + texts.CANCEL_HINT)
    ctx.dialog.advance("describe", guide=None, matter=words[:MAX_MATTER_CHARS])
    return _next_question(ctx)


@router.flow(FLOW, step="phone")
def phone_step(ctx: Context):
    """A mobile number, or 就用这个号 when one is on file."""
    phone = parse_phone(ctx.text)
    if phone is None and ctx.user.phone and (parse_yes_no(ctx.text) is True or parse_number(ctx.text) == 1
                                             or _KEEP_PHONE.search(ctx.text)):
        phone = ctx.user.phone
    if phone is None and says_no_phone(ctx.text):
        phone = NO_PHONE
    if phone is not None:
        noted = _phone_noted(ctx, {"phone": phone})  # said back: a number misheard by voice shows at once
        ctx.dialog.advance("phone", phone=phone, **_time_besides(ctx))
        return _noted(noted, _next_question(ctx))
    if looks_like_time(ctx.text) and not re.search(r"\d{5,}", ctx.text):  # a time is not a phone: keep it
        ctx.dialog.advance("phone", when=ctx.text.strip()[:MAX_WHEN_CHARS])
        return did("errand.ask", "时间记下了。" + texts.ask_phone(ctx.user))
    if not re.search(r"\d", ctx.text) and (_leaves(ctx) or small_talk(ctx)):
        return NOT_MINE
    if not re.search(r"\d", ctx.text) and (asked := _part_of_the_matter(ctx)):
        return asked  # 对了 这个要钱不: a question about the matter, answered; the form is offered back
    return did("errand.ask", texts.BAD_PHONE)


@router.flow(FLOW, step="when")
def when_step(ctx: Context):
    """When to come, in the villager's words (or a numbered choice)."""
    if leaves_free_text(ctx):
        return NOT_MINE
    if phone := parse_phone(ctx.text):  # a phone number is not a time: it fills the phone
        noted = _phone_noted(ctx, {"phone": phone})
        ctx.dialog.advance("when", phone=phone, **_time_besides(ctx))
        return _noted(noted, _next_question(ctx))
    timed = looks_like_time(ctx.text)
    if says_no_phone(ctx.text) and not timed:  # 俺没手机 is not a time either
        ctx.dialog.advance("when", phone=NO_PHONE)
        return _next_question(ctx)
    number = parse_number(ctx.text)
    if number is None and not timed and _leaves(ctx):  # 等等，先问下残疾证去哪办: answered, the form waits
        return NOT_MINE
    if number is None and not timed and (asked := _part_of_the_matter(ctx)):
        return asked  # 办这个要带啥: no time, a question about the matter
    if number is not None and 1 <= number <= len(texts.TIME_CHOICES):
        when = texts.TIME_CHOICES[number - 1]
    elif not timed and (is_confirm(ctx.text) or parse_yes_no(ctx.text) is not None):
        return did("errand.ask", "还差时间。" + texts.ask_time())  # 确认提交 / 对 is no time
    else:
        when = without_correction(ctx.text.strip())[:MAX_WHEN_CHARS]
    if not when:
        return did("errand.ask", texts.ask_time())
    ctx.dialog.advance("when", when=when)
    return _next_question(ctx)


def _phone_noted(ctx: Context, found: dict) -> str:
    """哎呀号码说错了 是138…: a number given out of turn is said back, the more so when it replaces one."""
    phone, before = found.get("phone"), ctx.dialog.slots.get("phone")
    if not phone or phone == NO_PHONE or phone == before:
        return ""
    return f"电话改成 {phone} 了。" if before and before != NO_PHONE else f"电话记下了：{phone}。"


def _noted(note: str, reply: Reply) -> Reply:
    if note and reply.text and not reply.text.startswith("请核对"):  # the summary shows the number anyway
        reply.text = f"{note}\n{reply.text}"
    return reply


def _kept_out_of_turn(ctx: Context) -> Reply | None:
    """A phone number, 没手机 or a time while the matter is asked: kept, the matter asked again."""
    found = _by_meaning(ctx)
    if not found and looks_like_time(ctx.text) and len(ctx.text) <= MAX_WHEN_CHARS:
        found = {"when": ctx.text.strip()}
    if not found:
        return None
    ctx.dialog.advance(ctx.dialog.state.step, **found)
    noted = "、".join(label for key, label in (("phone", "电话"), ("when", "时间")) if key in found)
    shown = found.get("phone") if found.get("phone") not in (None, NO_PHONE) else None
    return did("errand.ask", f"{noted}记下了{'：' + shown if shown else ''}。请说说要办什么事（回复数字选，或者直接说）。")


def _by_meaning(ctx: Context) -> dict:
    """The phone (or 没手机) and the time a message gives, whichever question was asked."""
    if phone := parse_phone(ctx.text) or corrected_tail(ctx.text, ctx.dialog.slots.get("phone")):
        return {"phone": phone, **_time_besides(ctx)}  # 号码说错了 后四位是1243: the number mended
    if says_no_phone(ctx.text):  # 俺没手机 上午在家: the time said along counts too
        return {"phone": NO_PHONE, **({"when": when} if (when := said_along(ctx.text).get("when")) else {})}
    return {}


def _time_alone(ctx: Context) -> dict:
    """这礼拜五上午都在家 / 不急，过两天都行 while the matter is confirmed (a yes to the matter as said),
    or 不对，是后天上午 at the summary: the time; never a question (啥时候能办好)."""
    if _leaves(ctx):
        return {}
    return said_time(without_correction(ctx.text.strip()), MAX_WHEN_CHARS)


def _time_besides(ctx: Context) -> dict:
    return time_besides(ctx.text, MAX_WHEN_CHARS)


@router.flow(FLOW, step="confirm")
def confirm_step(ctx: Context):
    """1 submit; 2 change the phone; 3 the time; 4 the matter."""
    return confirm(ctx, ConfirmMenu(
        submit=_submit, again=_next_question, by_meaning=lambda c: _by_meaning(c) or _time_alone(c), leaves=_leaves,
        action="errand.ask",
        changes={2: ("confirm", {"phone": None}), 3: ("confirm", {"when": None}),
                 4: ("confirm", {"matter": None, "guide": None})},
        retry="请回复 1 确认提交；要改的话回复 2、3 或 4。" + texts.CANCEL_HINT))


def _submit(ctx: Context) -> Reply:
    slots = ctx.dialog.slots
    if slots["phone"] != NO_PHONE:
        ctx.user.phone = slots["phone"]  # the latest number the villager gave us
    if refusal := limits.errand_cap(ctx.session, ctx.user, ctx.now):
        ctx.dialog.finish()
        return refusal
    errand = create_errand(ctx.session, ctx.user, matter=slots["matter"], phone=slots["phone"],
                           preferred_time=slots["when"], guide_id=slots.get("guide"), now=ctx.now,
                           for_family=_for_family(ctx))
    ctx.dialog.finish()
    area = ctx.session.get(Area, errand.area_id)
    staff_told = errand.state == "escalated" and bool(escalation_staff(ctx.session, errand.area_id))
    return did("errand.submit", texts.submitted(errand, area, staff_told), errand.guide_id)
