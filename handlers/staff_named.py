"""Staff taking, or turning down, one of several pushed items by naming it in words:
虫子那个俺来管 / 李建国那个我接了 / 王庄修桥的事交给我 (a word of the matter, the villager's name or
village), a mediator's 借钱那个俺确认了, 剩下那个也接 / 另一个我也管 (the only one still waiting), 这个俺们组管不了 (a representative
letting a whistle go: nothing is done, the need stays for the others).
The numbered and bare commands are handlers/staff_words.py; this module only picks the item.
"""
from __future__ import annotations

import re

from bot.choices import pick_named
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept, decline, report_progress
from bot.messages import did
from bot.needs import claim, claimable_for

from bot.needs import held_by
from bot.needs import report_progress as need_progress

from .mediation_staff import confirm_requested, requested
from .mediator_words import CONFIRM, MEDIATOR
from .others_cant import taken_after_all
from .push_pointers import leading_number, on_the_day
from .staff_pick import picked
from .staff_words import (_ASKS_OWN, ACCEPT, CLAIM_WORDS, DECLINE, FINISH, _reports_work, MEMBER, REP, _accepted_by_me, _finish, _member_did,
                          _offered_to_me, _rep_did, gave_back, gives_back)

router = Router("staff_named")

# "<name> 那个 / 的那件 / 的事 / 这单 …, <take words>": the name is a few words of the item
# (高龄津贴的接了: a bare 的 only right before the take words).
_NAMED = re.compile(r"^\s*(?P<name>[^，,。.！!？?\s\d]{1,14}?)\s*(?:的)?(?:那个事儿?|那个|那件|那单|那一个|那一件|那家|那户|那事儿?|这个|这件|这单|的事儿?|的活儿?|的单子?|(?<=[\u4e00-\u9fff]{2})的(?=(?:我|俺)?(?:也|都|就)?(?:接|来|报到|报道|认领|认|领|去|办|管|交?给(?:我|俺|咱))))"
                    r"\s*[，,\s]*(?P<rest>\S.{0,14})$")
_ALSO = re.compile(r"也|都|还|就")
# A representative letting a whistle go (no number): 管不了 / 接不了 / 不归俺们管 / 不是俺们的事.
DECLINE_NEED = re.compile(r"^(?!.*(?:[吗么?？]|能不能)\s*$).{0,12}?(?:管不了|接不了|办不了|顾不上|不归(?:我|俺|咱)(?:们)?[\u4e00-\u9fff]{0,4}?(?:组)?管?|"
                          r"(?:得|该|应该|要|你)找[\u4e00-\u9fff]{1,6}?(?:站|所|局|组|办|委|队)|"
                          r"不是(?:我|俺|咱)(?:们)?(?:组)?的事|不接|(?:我|俺)(?:们)?(?:组)?不管|处理不了).{0,16}$")


def _describe(item) -> str:
    villager = item.villager
    village = villager.village.name if villager is not None and villager.village is not None else ""
    what = getattr(item, "matter", None) or getattr(item, "text", "")
    return f"{what} {getattr(villager, 'name', '') or ''} {village}"


# 头一个俺来办 / 后面那个我接 / 第二个归俺: an item pointed at by its place among those waiting.
_PLACE = re.compile(r"^\s*(?P<place>(?:头一|第[一二三四五1-5]|前面|前边|上面|上边|后面|后边|下面|下边|最后|末了)(?:一)?(?:个|件|单)?)"
                    r"(?:的)?(?:那个|那件|那单)?\s*[，,\s]*(?P<rest>\S.{0,14})$")


# The take words first, the name after (报到 健身器材那个 / 俺接 李建国那单).
_TAKE_FIRST = re.compile(r"^\s*(?P<rest>(?:我|俺)?(?:报到|报道|报个到|认领|接了?|接单|来办|来管|确认|确定))\s*[，,\s]*"
                         r"(?P<name>[^，,。.！!？?\s\d]{1,14}?)\s*(?:的)?(?:那个事儿?|那个|那件|那单|那一个|那一件|那家|那户|"
                         r"那事儿?|这个|这件|这单|的事儿?|的活儿?|的单子?)\s*[。.!！]?\s*$")


def _split(ctx: Context) -> tuple[str, str] | None:
    found = _NAMED.match(ctx.text) or _TAKE_FIRST.match(ctx.text)
    if found is None or found.group("name") in _NOT_A_NAME:
        return None
    rest = found.group("rest")
    return found.group("name"), _ALSO.sub("", "俺" + rest if rest in ("报到", "报道", "报个到", "认领") else rest)


# 危房那个也接着: after an item named, 接着 takes it (alone, 接着 is "go on", no taking: staff_patterns.ACCEPT).
_TAKE_ON = re.compile(r"^(?:我|俺)?接着(?:吧|了|啦)?$")


# One character names an item (羊那个事俺报到), but not a person or a pointing word (俺那个接了).
_NOT_A_NAME = set("我俺咱你恁您他她这那就也都还是")


@router.reader(roles=MEMBER | REP)
def take_by_place(ctx: Context):
    """头一个俺来办 / 后面那个我接: the item at that place among those waiting (by number)."""
    found = _PLACE.match(ctx.text)
    if ctx.dialog.busy() or found is None:
        return NOT_MINE
    rest, place = _ALSO.sub("", found.group("rest")), found.group("place")
    if not (ACCEPT.match(rest) or CLAIM_WORDS.match(rest)):
        return NOT_MINE
    roles = ctx.user.role_names
    errands = sorted(_offered_to_me(ctx), key=lambda e: e.number) if roles & MEMBER else []
    needs = sorted(claimable_for(ctx.session, ctx.user), key=lambda n: n.number) if roles & REP else []
    if errands and (errand := picked(place, errands)) is not None:
        return _member_did("errand.accept", errand.number, accept(ctx.session, errand.number, ctx.user, ctx.now))
    if needs and (need := picked(place, needs)) is not None:
        return _rep_did("need.claim", need.number, claim(ctx.session, need.number, ctx.user, ctx.now))
    return NOT_MINE


@router.reader(roles=MEMBER | REP)
def take_named(ctx: Context):
    """虫子那个俺来管 / 李建国那个我接了 / 剩下那个也接: the item named, among those waiting."""
    if ctx.dialog.busy() or (said := _split(ctx)) is None:
        return NOT_MINE
    name, rest = said
    roles = ctx.user.role_names
    # 路灯那个俺报到 俺认识电工: the take words, then a reason in a clause of its own
    takes = any(ACCEPT.match(r) or CLAIM_WORDS.match(r) or _TAKE_ON.match(r) for r in (rest, re.split(r"[，,。.！!；;\s]+", rest)[0]))
    if roles & MEMBER and takes:
        errand = pick_named(name, _offered_to_me(ctx), _describe)
        if errand is not None:
            return _member_did("errand.accept", errand.number, accept(ctx.session, errand.number, ctx.user, ctx.now))
    if roles & REP and takes:
        need = pick_named(name, claimable_for(ctx.session, ctx.user), _describe)
        if need is not None:
            return _rep_did("need.claim", need.number, claim(ctx.session, need.number, ctx.user, ctx.now))
    if FINISH.match(rest):  # 身份证那个办好了 给她送家去了: the one in hand of that name is done
        in_hand = (list(held_by(ctx.session, ctx.user)) if roles & REP else []) + \
            (_accepted_by_me(ctx) if roles & MEMBER else [])
        item = pick_named(name, in_hand, _describe)
        if item is not None:
            return _finish(ctx, ctx.text.strip()[:500], item.number)
    return NOT_MINE


# "<name> 那个 …, <a can't and its reason>": the reason may be long (残疾那个俺办不了 俺对那个不熟 让别人去吧).
_NAMED_THEN_ANY = re.compile(r"^\s*(?P<name>[^，,。.！!？?\s\d]{1,14}?)\s*(?:的)?(?:那个事儿?|那个|那件|那单|那一个|那一件|的事儿?|的单子?)"
                             r"\s*[，,\s]*(?P<rest>\S.*)$")


@router.reader(roles=MEMBER)
def decline_named(ctx: Context):
    """残疾那个俺办不了 让别人去吧 / 1 接不了 俺腰闪了: the errand named or numbered first, among those
    offered to me, passed on."""
    offered = [e for e in _offered_to_me(ctx) if e.state == "offered"]
    numbered, rest = leading_number(ctx.text, offered, lambda e: e.number)
    found = _NAMED_THEN_ANY.match(ctx.text) if numbered is None else None
    if ctx.dialog.busy() or (numbered is None and (found is None or found.group("name") in _NOT_A_NAME)):
        return NOT_MINE
    said = DECLINE.match(rest if found is None else found.group("rest"))
    if said is None or said.group("pre") or said.group("no") or taken_after_all(said.group("before"), said.group("why")):
        return NOT_MINE
    errand = numbered or pick_named(found.group("name"), offered, _describe)
    if errand is None:
        return NOT_MINE
    return _member_did("errand.decline", errand.number, decline(ctx.session, errand.number, ctx.user, ctx.now))


@router.reader(roles=MEMBER | REP)
def progress_named(ctx: Context):
    """高龄那个 表交上去了 等着批: news of the errand or need in hand named first, among several in hand
    (one in hand: staff_words.progress_words reads the news without a name)."""
    found = _NAMED_THEN_ANY.match(ctx.text)
    if ctx.dialog.busy() or found is None or found.group("name") in _NOT_A_NAME:
        return NOT_MINE
    rest = found.group("rest").strip()
    if not _reports_work(rest) or _ASKS_OWN.search(rest):
        return NOT_MINE
    roles = ctx.user.role_names
    in_hand = (list(held_by(ctx.session, ctx.user)) if roles & REP else []) + \
        (_accepted_by_me(ctx) if roles & MEMBER else [])
    item = pick_named(found.group("name"), in_hand, _describe) if len(in_hand) > 1 else None
    if item is None:
        return NOT_MINE
    note = ctx.text.strip()[:500]
    if not hasattr(item, "matter") and gives_back(rest):  # 音响那个俺顾不上 退回去让别人接吧
        return gave_back(ctx, item.number, note)
    if FINISH.match(rest):
        return _finish(ctx, note, item.number)
    if hasattr(item, "matter"):  # an errand
        return _member_did("errand.progress", item.number,
                           report_progress(ctx.session, item.number, ctx.user, note, ctx.now), note)
    return _rep_did("need.progress", item.number, need_progress(ctx.session, item.number, ctx.user, note, ctx.now), note)


def _describe_booking(booking) -> str:
    villager = booking.villager
    return f"{booking.kind} {booking.description or ''} {booking.other_party or ''} {getattr(villager, 'name', '') or ''}"


@router.reader(roles=MEDIATOR)
def confirm_named(ctx: Context):
    """借钱那个中 俺确认了 / 老张家那个确认: the booking named, among those waiting for the mediator."""
    if ctx.dialog.busy():
        return NOT_MINE
    waiting = requested(ctx)
    place = _PLACE.match(ctx.text)  # 头一个确认 / 后面那个中
    in_order = sorted(waiting, key=lambda b: (len(str(b.number)), str(b.number)))
    by_place = (picked(place.group("place"), in_order), place.group("rest")) if place is not None and waiting else (None, "")
    for pointed, rest in (on_the_day(ctx.text, waiting, lambda b: b.slot.starts_at, ctx.now, ctx.tz),
                          leading_number(ctx.text, waiting, lambda b: b.number), by_place):
        if pointed is not None and CONFIRM.match(_ALSO.sub("", rest)):  # 礼拜四那个俺确认 / 2 中
            return confirm_requested(ctx, pointed)
    if (said := _split(ctx)) is None or not CONFIRM.match(said[1]):
        return NOT_MINE
    booking = pick_named(said[0], waiting, _describe_booking)
    return confirm_requested(ctx, booking) if booking is not None else NOT_MINE


_TAKEN_BACK = re.compile(r"不对|等等|说错了|弄错了")


@router.reader(roles=REP)
def let_whistle_go(ctx: Context):
    """这个俺们组管不了 with a whistle waiting and nothing held to decline: say it stays for the others."""
    if ctx.dialog.busy() or not DECLINE_NEED.match(ctx.text.strip()) or _TAKEN_BACK.search(ctx.text):
        return NOT_MINE  # 这个不归俺管吧 哦不对 俺报到: taken back, the take words after it count (staff_spotted)
    if ctx.user.role_names & MEMBER and _offered_to_me(ctx):
        return NOT_MINE  # an errand offered to a party member: staff_words declines it
    waiting = claimable_for(ctx.session, ctx.user)
    if not waiting:
        return NOT_MINE
    return did("smalltalk.ack", "好的，这件您先不接，留给组里其他党代表；一直没人认领会交给组长。"
                                "想接时回复“报到 编号”。")
