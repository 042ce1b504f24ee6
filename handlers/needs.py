"""Reporting a need in chat, and the villager's side afterwards (我反映的问题, 满意/不满意).

Flow `need` (slots text, kind, photos, photo, voice, lat, lon, label, urgency):
  `what` what happened (text or voice; photos, places and unheard voice are attached at any
  step) → the village, from registration, else the account flow asks "我是XX村的" and comes
  back → `phone` (unless known; 没有 / 不用 / 俺没手机 skip it: the representative comes by)
  → `urgency` (1 一般 2 很急; asked only when emptied by 3: not said is 一般, on the summary)
  → `confirm` (1 submit, 2 say it again, 3 urgency; 很急 / 不急 there change it) → number.
The request itself may already say what happened ("俺村停水三天了"): then `what` is skipped.
"算了 不报了" / "不反映了" at any step drops the form, as 取消 does. The words are kept without the
opening fillers of speech (喂喂 那个 俺想问问…), so the representative's push starts with the problem.
Representatives' commands are in need_reps.py.
"""
from __future__ import annotations

import re

from bot import limits
from bot.choices import parse_number
from bot.dispatch import NOT_MINE, Context, Router
from bot.forms import NO_PHONE, FormSpec, only_a_phone, register, says_no_phone, says_that_is_all, story_corrected
from bot.messages import Reply, did
from bot.models import FamilyMember, RepGroup
from bot.needs import needs_of_villager, rate, report_need
from bot.needs import SORTING_FIELD, group_by_code
from bot.nlu.phone import corrected_tail
from bot.spoken import spoken_plain, without_fillers
from bot.village_match import normalise

from . import need_texts as texts
from .account import ask_village_then, continuation
from .answers import command_words, is_command, parse_phone
from .form_steps import ConfirmMenu, Field, ask_next, asks_another_service, confirm, leaves, leaves_free_text, small_talk

router = Router("needs")
FLOW = "need"
MAX_TEXT_CHARS = 500

MINE = command_words(r"^\s*(?:我反映的问题|我反映的事|我反映的|我的问题|问题进度|反映的问题)\s*[?？]?\s*$")
RATE = r"^\s*(不满意|满意|很满意|非常满意|挺满意)\s*(?:第?\s*(\d{1,9})\s*号?)?\s*[,，。.:：!！]?\s*(.*)$"
_LEAD_IN = re.compile(r"^(?:我|俺|咱)?(?:要|想|来)?(?:反映|反应|报告|举报|提)(?:一下|个|一个)?"
                      r"(?:情况|问题|困难|事情|事|需求|建议)?[:：,，。.\s]*")
_GENERIC = re.compile(r"我|俺|咱|要|想|有|个|一下|反映|反应|困难|问题|情况|事情|事|需求|和|的|了|啊|呀|吧")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASKING = re.compile(r"[?？吗么]\s*$|啥|什么|咋|怎么|为啥|干啥")
# 急 said, or help wanted today / at once (今天能来人修不 / 快给看看 / 越快越好): urgent without asking.
_URGENT_WORDS = re.compile(r"很急|挺急|特别急|非常急|紧急|急死|着急|马上|赶紧|急|尽快|越快越好|立马|立刻|抓紧|"
                           r"快(?:点|些|来|给|派|找|修|过来)|"
                           r"(?:今天|今儿|今个|当天)(?:就|能|得|要|务必|一定|来人|派人|来修|过来|给修|修好)")
# 不急 / 不算太急 / 不是很急 / 没那么急 / 别着急: a negated 急 is never urgent.
# A few days' time (这两天就想看 / 过几天来看看就行 / 抽空来): soon, but no danger: 一般.
_NORMAL_WORDS = re.compile(r"(?:不|没|莫|别)(?:算|是|太|很|大|那么|怎么|咋|用|必)*(?:着|紧)?急|一般|不要紧|慢慢|"
                           r"^(?:就|在)?(?:这两天|这几天|过两天|过几天|这个?礼拜|这周|抽空|有空|哪天都行|啥时候都行)|"
                           # 下雨前弄就中 / 过年以前修好就行: a time it must be done by, not danger now
                           r"(?:前|之前|以前|以内)(?:弄|修|办|来|看)?(?:好|完)?就(?:中|行|可以|成)")


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


# Clauses of the story that only give the phone or the urgency (电话138… / 不急): kept in their own
# fields, not in the story the representatives read (a group's push shows the story's start).
_PHONE_CLAUSE = re.compile(r"(?:俺|我)?(?:的)?(?:电话|手机|号码)(?:号码?)?(?:是|为|：|:)?\s*(?:\+?86)?[\d\s\-]{11,}|"
                           r"(?<!\d)1[3-9][\d\s\-]{9,}")
_URGENCY_CLAUSE = re.compile(r"(?:^|[\s，,。；;]+)(?:不|没|挺|很|特别|非常|有点|比较)?(?:太|那么)?(?:着|紧)?急(?:的|了|啊|呀|着呢)?"
                             r"(?=$|[\s，,。；;！!])")
_SEPARATORS = re.compile(r"([\s，,。；;])[\s，,。；;]+")


def _story_alone(text: str) -> str:
    """The story without the clauses that only give the phone or the urgency; its own punctuation kept."""
    rest = _URGENCY_CLAUSE.sub("", _PHONE_CLAUSE.sub("", text))
    if rest == text:
        return text
    story = _SEPARATORS.sub(r"\1", rest).strip(" ，,。；;")
    if _cjk_count(without_fillers(story).replace("俺", "").replace("我", "")) < 2:
        return ""  # 俺电话138… 不着急: a phone and an urgency, no story (what happened is asked)
    return story


def description_in(text: str) -> str | None:
    """The need itself when the request already says it ("反映一下：村里停水了"), else None."""
    rest = _LEAD_IN.sub("", without_fillers(_story_alone(text)), count=1).strip()
    if _cjk_count(_GENERIC.sub("", normalise(rest))) < 2:
        return None
    return rest[:MAX_TEXT_CHARS]


def _input_kind(ctx: Context) -> str:
    return "voice" if ctx.incoming.kind == "voice" else "text"


def _need_village(ctx: Context) -> Reply:
    """Not a slot: the villager's village, asked through the account flow, which comes back here."""
    return did("bind.ask", ask_village_then(ctx, resume_after_bind,
                                            intro="反映问题要先知道您是哪个村的。", **ctx.dialog.slots))


def _summary(ctx: Context) -> Reply:
    """The summary; without a phone it asks for one (1 submits without: the representative comes by)."""
    member = _for_family(ctx)
    if member is None:
        return did("need.ask", texts.summary_text(ctx.dialog.slots, ctx.user.village.name))
    return did("need.ask", f"替{member.label}反映：\n" + texts.summary_text(ctx.dialog.slots, member.village.name))


def _for_family(ctx: Context) -> FamilyMember | None:
    """The confirmed family member this need is reported for (代亲属办), if any."""
    member_id = ctx.dialog.slots.get("for_family")
    member = ctx.session.get(FamilyMember, member_id) if member_id else None
    return member if member is not None and member.owner_id == ctx.user.id and member.state == "confirmed" else None


FIELDS = [Field("text", "what", lambda ctx: did("need.ask", texts.ASK_WHAT)),
          Field("phone", "phone", lambda ctx: did("need.ask", texts.ASK_PHONE)),
          Field("urgency", "urgency", lambda ctx: did("need.ask", texts.ask_urgency()))]
# Words that drop the report at any step (取消 itself is a global command, handlers/menu.py).
_STOP_REPORT = re.compile(r"^(?:算了|那就|那|哎|唉)*(?:我|俺)?(?:不(?:报|反映|反应|说|弄|提|要|找)了|不用(?:报|反映|反应|弄)了|"
                          r"算了吧?|不想(?:报|反映|反应|说)了)(?:吧|啊|呀)*$")
# Words that skip the phone (besides 没有 / 俺没手机, bot/forms.says_no_phone).
_SKIP_PHONE = re.compile(r"^(?:不用|不用了|不留|不留了|不给|不方便|跳过|算了不留了?|就不留了?|不要了)(?:吧|啊)*$")


def _next_question(ctx: Context) -> Reply:
    """Ask for the first thing still missing; when nothing is, show the summary."""
    if ctx.dialog.slots.get("text") and ctx.user.village is None:
        return _need_village(ctx)
    slots = ctx.dialog.slots
    if not slots.get("phone") and ctx.user.phone:
        slots["phone"] = ctx.user.phone  # saved by the step ask_next moves to
    if "urgency" not in slots and slots.get("text") and slots.get("phone"):
        # Not said: ordinary, shown on the summary with 3 to change it (one question fewer; danger
        # never reaches this form). Emptied by 3 (the key kept, None): asked.
        slots["urgency"] = "normal"
    return ask_next(ctx, FLOW, FIELDS, _summary)


register(FormSpec(flow=FLOW, intent="need",
                  gist_slots=("text",), label="反映问题", ask=_next_question, ask_action="need.ask",
                  missing={"what": "什么事", "urgency": "急不急", "phone": "电话", "confirm": "确认提交"}))


@continuation("needs")
def resume_after_bind(ctx: Context, slots: dict) -> Reply:
    """The account flow calls this once the village is registered."""
    ctx.dialog.start(FLOW, "what", **slots)
    return _next_question(ctx)


@router.intent("need")
def need_intent(ctx: Context) -> Reply:
    """我要反映问题 / 俺村的路坏了: start the report, with the words when they say what happened."""
    return start_need(ctx)


def start_need(ctx: Context, for_family: int | None = None, said: str | None = None) -> Reply:
    """Start the report (for a confirmed family member when `for_family` is their id, handlers/family.py;
    `said`: the words about the problem when the message also named whom it is for)."""
    said = ctx.text if said is None else said
    words = description_in(said)
    ctx.dialog.start(FLOW, "what", **({"text": words, "kind": _input_kind(ctx)} if words else {}),
                     **_told_with_story(said), **({"for_family": for_family} if for_family else {}))
    return _next_question(ctx)


def _told_with_story(text: str) -> dict:
    """What the story itself fills besides: a phone, 不急 / 很急, and 俺没手机 (someone comes to the door)."""
    found = _by_meaning(text)
    if "phone" not in found and says_no_phone(text) and re.search(r"手机|电话", text):
        found["phone"] = NO_PHONE
    return found


def _by_meaning(text: str) -> dict:
    """What else a message fills, whichever question was asked: a phone number, 不急 / 很急."""
    found: dict = {}
    if phone := parse_phone(text):
        found["phone"] = phone
    if _NORMAL_WORDS.search(text):
        found["urgency"] = "normal"
    elif _URGENT_WORDS.search(text):
        found["urgency"] = "urgent"
    return found


def _stops_report(ctx: Context) -> bool:
    return bool(_STOP_REPORT.match(spoken_plain(ctx.text)))


def _drop(ctx: Context) -> Reply:
    from .menu import cancel  # at call time: the menu's cancel knows every form

    return cancel(ctx)


@router.flow(FLOW, step="what")
def what_step(ctx: Context):
    """What happened, in the villager's words (typed or said)."""
    if _stops_report(ctx):
        return _drop(ctx)
    if leaves_free_text(ctx) or asks_another_service(ctx):
        return NOT_MINE
    words = ctx.text.strip()
    if _cjk_count(words) < 2:
        return did("need.ask", texts.TOO_SHORT)
    kind = ctx.dialog.slots.get("kind") or _input_kind(ctx)
    ctx.dialog.advance("what", text=without_fillers(_story_alone(words))[:MAX_TEXT_CHARS], kind=kind, **_told_with_story(words))
    return _next_question(ctx)


def _urgency_of(text: str) -> str | None:
    number = parse_number(text)
    if number in (1, 2):
        return ("normal", "urgent")[number - 1]
    if _NORMAL_WORDS.search(text):
        return "normal"
    return "urgent" if _URGENT_WORDS.search(text) else None


@router.flow(FLOW, step="phone")
def phone_step(ctx: Context):
    """A phone number, or 没有 / 不用 / 俺没手机 (the representative comes to the door)."""
    if is_command(ctx.text):
        return NOT_MINE
    plain = spoken_plain(ctx.text)
    if phone := parse_phone(ctx.text):
        if not only_a_phone(ctx.text) and leaves(ctx, ("need",)):  # 还想请党员帮俺办个低保 139…: that errand's phone
            return NOT_MINE
        ctx.dialog.advance("phone", **(_by_meaning(ctx.text) | {"phone": phone}))
        return _next_question(ctx)
    if says_no_phone(plain) or _SKIP_PHONE.match(plain):
        ctx.dialog.advance("phone", **(_by_meaning(ctx.text) | {"phone": NO_PHONE}))
        return _next_question(ctx)
    if _stops_report(ctx):
        return _drop(ctx)
    if says_that_is_all(plain):  # 没了 就这些: nothing more to give; filed as it stands
        ctx.dialog.advance("phone", phone=NO_PHONE, urgency=ctx.dialog.slots.get("urgency") or "normal")
        return _submit(ctx)
    if found := _by_meaning(ctx.text):  # 不急 before the urgency is asked: kept, the phone asked again
        ctx.dialog.advance("phone", **found)
        return did("need.ask", texts.ASK_PHONE)
    if leaves(ctx, ("need",)) or small_talk(ctx):  # 你好 / 谢谢: no words about the problem
        return NOT_MINE
    return _more_words_than_phone(ctx)


def _more_words_than_phone(ctx: Context) -> Reply:
    """代村南头 往王庄去的那段 while the phone is asked: more about the problem, kept with it. The
    phone is asked once more; a second answer without one goes on without it (the representative
    comes by), so that nobody is stuck repeating a question they cannot answer."""
    slots = ctx.dialog.slots
    words = without_fillers(ctx.text.strip())
    adds = _cjk_count(words) >= 2 and not _ASKING.search(words)
    text = f"{slots['text']}；{words}"[:MAX_TEXT_CHARS] if adds and slots.get("text") else slots.get("text")
    if int(slots.get("phone_asked") or 0) >= 1:
        ctx.dialog.advance("phone", text=text, phone=NO_PHONE)
        return did("need.ask", texts.NO_PHONE_GOING_ON + "\n" + _next_question(ctx).text)
    ctx.dialog.advance("phone", text=text, phone_asked=1)
    return did("need.ask", ("记下了。" if adds else "") + texts.PHONE_AGAIN)


@router.flow(FLOW, step="urgency")
def urgency_step(ctx: Context):
    """1 一般 / 2 很急 (or the words)."""
    if is_command(ctx.text):
        return NOT_MINE
    if _stops_report(ctx):
        return _drop(ctx)
    if parse_phone(ctx.text) and parse_number(ctx.text) is None:  # a phone is not an urgency
        ctx.dialog.advance("urgency", **_by_meaning(ctx.text))  # 很急 俺电话139…: both kept
        if ctx.dialog.slots.get("urgency"):
            return _next_question(ctx)
        return did("need.ask", f"电话记下了：{ctx.dialog.slots.get('phone') or ''}。\n" + texts.ask_urgency())
    if says_no_phone(ctx.text) and re.search(r"手机|电话|号", ctx.text) and _urgency_of(ctx.text) is None \
            and parse_number(ctx.text) is None:
        ctx.dialog.advance("urgency", phone=NO_PHONE)  # 俺没手机: kept for the summary, urgency still asked
        return did("need.ask", "好的，不留电话，党代表上门找您。\n" + texts.ask_urgency())
    urgency = _urgency_of(ctx.text)
    if urgency is None:
        # A choice was asked, not free words: a clearly different request is answered (the form waits).
        return NOT_MINE if leaves(ctx, ("need",)) else did("need.ask", "请回复 1（一般）或 2（很急）。" + texts.CANCEL_HINT)
    ctx.dialog.advance("urgency", urgency=urgency)
    return _next_question(ctx)


def _phone_at_summary(ctx: Context) -> dict:
    """The phone (or 没手机) the summary asked for, and 很急 / 不急 said with it or alone (the
    urgency is shown there, set to 一般 when the story did not say)."""
    phone = parse_phone(ctx.text) or corrected_tail(ctx.text, ctx.dialog.slots.get("phone")) \
        or (NO_PHONE if says_no_phone(ctx.text) else None)
    found = {key: value for key, value in _by_meaning(ctx.text).items() if key == "urgency"}
    if found and parse_number(ctx.text) is not None and not phone:
        return {}  # 1 / 3 are the summary's choices
    if not found and not phone and (story := story_corrected(ctx.dialog.slots.get("text") or "", ctx.text)):
        return {"text": story}  # 不对 不是路口 是胡同: the story corrected, the summary shown again
    return found | ({"phone": phone} if phone else {})


def _leaves_at_choice(ctx: Context) -> bool:
    """A choice was asked, not free words: a clearly different request is answered (the form waits)."""
    return leaves(ctx, ("need",))


@router.flow(FLOW, step="confirm")
def confirm_step(ctx: Context):
    """1 submit; 2 say it again; 3 change the urgency."""
    if _stops_report(ctx):
        return _drop(ctx)
    return confirm(ctx, ConfirmMenu(
        submit=_submit, again=_next_question, by_meaning=_phone_at_summary, leaves=_leaves_at_choice,
        action="need.ask", changes={2: ("what", {"text": None}), 3: ("urgency", {"urgency": None})},
        retry="请回复 1 确认提交；要重新说回复 2，改急不急回复 3。" + texts.CANCEL_HINT))


def _submit(ctx: Context) -> Reply:
    slots = ctx.dialog.slots
    kind = slots.get("kind") or "text"
    if slots.get("phone") and slots["phone"] != NO_PHONE:
        ctx.user.phone = slots["phone"]  # the representative reads the villager's number
    if refusal := limits.need_cap(ctx.session, ctx.user, ctx.now):
        ctx.dialog.finish()
        return refusal
    urgency = limits.urgency_allowed(ctx.session, ctx.user, slots.get("urgency") or "normal", ctx.now)
    need = report_need(ctx.session, ctx.user, slots["text"], urgency=urgency,
                       input_kind=kind, photo_media_id=slots.get("photo"), voice_media_id=slots.get("voice"),
                       latitude=slots.get("lat"), longitude=slots.get("lon"), now=ctx.now,
                       for_family=_for_family(ctx))
    ctx.dialog.finish()
    group: RepGroup | None = group_by_code(ctx.session, need.group_code)
    reply = texts.submitted(need, group, sorting=group is not None and group.field == SORTING_FIELD) + (
        limits.URGENT_CAPPED_NOTE if urgency != (slots.get("urgency") or "normal") else "")
    return did("need.report", reply)


# --- pictures, places and unheard voice inside the flow ------------------------------------

def _attached(ctx: Context, what: str, **slots) -> Reply:
    if not ctx.dialog.slots.get("kind"):
        slots["kind"] = {"image": "photo", "location": "location", "voice": "voice"}[ctx.incoming.kind]
    ctx.dialog.advance(ctx.dialog.state.step, **slots)
    if ctx.dialog.slots.get("text"):
        return did("need.ask", f"{what}\n\n" + _next_question(ctx).text)
    return did("need.ask", f"{what}\n请再用一两句话说说是什么事（打字、说话都行）。")


@router.message("image")
def photo(ctx: Context):
    """A photo while reporting: attach it (the latest one is kept with the need)."""
    if not ctx.dialog.in_flow(FLOW):
        return NOT_MINE
    count = int(ctx.dialog.slots.get("photos") or 0) + 1
    return _attached(ctx, "照片收到了，会一起交给党代表。", photo=ctx.incoming.media_id, photos=count)


@router.message("location")
def place(ctx: Context):
    """A location while reporting: where the problem is."""
    if not ctx.dialog.in_flow(FLOW):
        return NOT_MINE
    label = ctx.incoming.label[:60]
    return _attached(ctx, "位置收到了" + (f"（{label}）" if label else "") + "。",
                     lat=ctx.incoming.latitude, lon=ctx.incoming.longitude, label=label)


@router.message("voice")
def unheard_voice(ctx: Context):
    """Voice WeChat could not turn into words: keep it, and ask once more."""
    if not ctx.dialog.in_flow(FLOW):
        return NOT_MINE
    slots = {"voice": ctx.incoming.media_id} if ctx.incoming.media_id else {}
    if not ctx.dialog.slots.get("kind"):
        slots["kind"] = "voice"
    ctx.dialog.advance(ctx.dialog.state.step, **slots)
    return did("need.ask", "语音收到了，但没听清说的什么。请再说一遍，或者打字告诉我。" + texts.CANCEL_HINT)


# --- afterwards ----------------------------------------------------------------------------

@router.command(MINE)
def my_needs(ctx: Context) -> Reply:
    """我反映的问题: the villager's own needs and where they stand."""
    return did("status.show", texts.villager_list(needs_of_villager(ctx.session, ctx.user)))


@router.command(RATE)
def rating(ctx: Context):
    """满意 / 不满意 (optionally with the number and a few words) after a need was closed."""
    number = int(ctx.match.group(2)) if ctx.match.group(2) else None
    satisfied = ctx.match.group(1) != "不满意"
    outcome = rate(ctx.session, ctx.user, satisfied, number, note=ctx.match.group(3) or "", now=ctx.now)
    if not outcome.ok and outcome.reason == "nothing_to_rate" and number is None:
        return NOT_MINE  # not about a need: let the other handlers answer
    return did("need.rate" if outcome.ok else None, texts.rating_reply(outcome))
