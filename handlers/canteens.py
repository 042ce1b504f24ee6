"""Elderly canteens (暖心食堂) in chat: the villager's canteen, the nearest one, what it costs, when,
who may eat there, its phone; then "1 换个食堂 2 当食堂志愿者".

Flow `canteen`, steps:
- `where`: we asked for a village name or a location (a location message is handed over by
  handlers/media.py through `nearest_from_location`);
- `village`: numbered village candidates (slot `ids`);
- `shown`: a canteen's card is on screen (slots `code`, `km`, `origin`, `others`: [code, km]);
- `pick`: numbered other canteens (slots `codes`, `origin`).
The rules live in bot/canteens/; this module only talks.
"""
from __future__ import annotations

import re

from bot import canteens as rules
from bot.accounts import find_village
from bot.canteens import Nearby, Origin
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.messages import Reply, did
from bot.models import Village
from bot.village_match import SAME_SOUND, match_villages
from bot.volunteers import get_profile

from . import canteen_texts as texts
from bot.choices import parse_number

from .answers import is_command, numbered

router = Router("canteens")
FLOW = "canteen"
OWN_INTENTS = ("canteen",)
NEAREST = re.compile(r"最近|附近|离我近|离俺近|近点|近些|就近|跟前|周边|周围")
SWITCH = re.compile(r"换|别的食堂|别家|其他食堂|其它食堂|另一个|另外|还有哪")
HELP_OUT = re.compile(r"志愿|帮忙|帮厨|帮把手|义工|出力")
NEARBY_SHOWN, OTHERS_LISTED = 2, 5
SHORT_QUESTION = 8  # "电话多少", "几点开饭呀": too short to name another matter


def _origin_slot(origin: Origin | None) -> list | None:
    return [origin.latitude, origin.longitude, origin.label] if origin else None


def _origin_from(slots: dict) -> Origin | None:
    value = slots.get("origin")
    return Origin(float(value[0]), float(value[1]), str(value[2])) if value else None


def _named_village(ctx: Context) -> Village | None:
    """A village the text names outright (same name or same sound), not a guess."""
    hits = match_villages(ctx.session, ctx.text)
    if hits and hits[0].score >= SAME_SOUND and (len(hits) == 1 or hits[1].score < hits[0].score):
        return hits[0].village
    return None


def _show(ctx: Context, nearby: Nearby, origin: Origin | None, aspect: str | None,
          others: list[Nearby] = (), intro: str = "") -> Reply:
    ctx.dialog.start(FLOW, "shown", code=nearby.canteen.code, km=nearby.km, origin=_origin_slot(origin),
                     others=[[o.canteen.code, o.km] for o in others])
    return did("canteen.show", texts.card(nearby, origin, aspect, ctx.user.village, others, intro))


def _reshow(ctx: Context, canteen, aspect: str) -> str:
    """The card on screen again, the asked part first ("多少钱" after seeing it)."""
    slots = ctx.dialog.slots
    pairs = slots.get("others") or []
    found = {c.code: c for c in rules.by_codes(ctx.session, [code for code, _ in pairs])}
    others = [Nearby(found[code], km) for code, km in pairs if code in found]
    return _show(ctx, Nearby(canteen, slots.get("km")), _origin_from(slots), aspect, others)


def show_nearest(ctx: Context, origin: Origin, aspect: str | None = None, intro: str = "") -> str:
    """The nearest canteen's card, naming the next nearest."""
    near = rules.nearest_canteens(ctx.session, origin.latitude, origin.longitude, 1 + NEARBY_SHOWN)
    if not near:
        ctx.dialog.finish()
        return did("canteen.show", texts.NONE_REGISTERED)
    return _show(ctx, near[0], origin, aspect, near[1:], intro or "最近的暖心食堂：")


def show_for_village(ctx: Context, village: Village, aspect: str | None = None) -> str:
    """The village's canteen; else the nearest in its area; else the nearest anywhere."""
    origin = rules.village_origin(village)
    found = rules.canteen_for_village(ctx.session, village)
    if found is not None and found.canteen.village_id == village.id:
        return _show(ctx, found, origin, aspect)
    if found is not None:
        intro = f"{village.name}还没有暖心食堂，{village.area.name}离得最近的是："
        return _show(ctx, found, origin, aspect, intro=intro)
    if origin is not None:
        return show_nearest(ctx, origin, aspect,
                            f"{village.area.name}还没有暖心食堂，离{village.name}最近的是：")
    return ask_where(ctx, aspect, f"{village.area.name}还没有暖心食堂。")


def ask_where(ctx: Context, aspect: str | None = None, intro: str = "") -> Reply:
    """Which village (or a location) to search from: asked where the villager is (bind.ask)."""
    ctx.dialog.start(FLOW, "where", aspect=aspect)
    return did("bind.ask", (intro + "\n" if intro else "") + texts.ASK_WHERE)


@router.intent("canteen")
def canteen_intent(ctx: Context) -> str:
    """A named village's canteen, the nearest one, or the villager's own; else ask where."""
    aspect = texts.asked_aspect(ctx.text)
    if (village := _named_village(ctx)) is not None:
        return show_for_village(ctx, village, aspect)
    origin = rules.user_origin(ctx.user, ctx.now)
    if NEAREST.search(ctx.text):
        return show_nearest(ctx, origin, aspect) if origin else ask_where(ctx, aspect)
    if ctx.user.village is not None:
        return show_for_village(ctx, ctx.user.village, aspect)
    return show_nearest(ctx, origin, aspect) if origin else ask_where(ctx, aspect)


def nearest_from_location(ctx: Context) -> str:
    """A location message sent while the canteen chat is open (see handlers/media.py)."""
    aspect = ctx.dialog.slots.get("aspect")
    return show_nearest(ctx, Origin(ctx.incoming.latitude, ctx.incoming.longitude, "您的位置"), aspect)


def _leave_or(ctx: Context, reply: str):
    if is_new_request(ctx, OWN_INTENTS):
        ctx.dialog.finish()
        return NOT_MINE
    return reply


@router.flow(FLOW, step="where")
def where_step(ctx: Context):
    """A village name (or 'nearest', which needs a location)."""
    if is_command(ctx.text):
        return NOT_MINE
    aspect = ctx.dialog.slots.get("aspect")
    choice = find_village(ctx.session, ctx.text)
    if choice.kind == "one":
        return show_for_village(ctx, choice.village, aspect)
    if choice.kind == "several":
        ctx.dialog.advance("village", ids=[v.id for v in choice.candidates])
        return did("clarify.ask", "您说的是哪个村？回复数字：\n" + numbered([v.name for v in choice.candidates]))
    if NEAREST.search(ctx.text):
        origin = rules.user_origin(ctx.user, ctx.now)
        return show_nearest(ctx, origin, aspect) if origin else texts.SEND_LOCATION
    return _leave_or(ctx, texts.NOT_FOUND)


@router.flow(FLOW, step="village")
def village_step(ctx: Context):
    """A number from the village candidates, or a name again."""
    ids = ctx.dialog.slots.get("ids") or []
    number = parse_number(ctx.text)
    if number is not None and 1 <= number <= len(ids):
        village = ctx.session.get(Village, ids[number - 1])
        if village is not None:
            return show_for_village(ctx, village, ctx.dialog.slots.get("aspect"))
    return where_step(ctx)


def _current(ctx: Context):
    code = ctx.dialog.slots.get("code")
    return rules.by_code(ctx.session, code) if code else None


def other_canteens(ctx: Context) -> str:
    """1 换个食堂: the nearest others, numbered; without a place to measure from, ask where."""
    origin = _origin_from(ctx.dialog.slots) or rules.user_origin(ctx.user, ctx.now)
    if origin is None:
        return ask_where(ctx)
    current = ctx.dialog.slots.get("code")
    choices = rules.nearest_canteens(ctx.session, origin.latitude, origin.longitude, OTHERS_LISTED,
                                     exclude=(current,) if current else ())
    if not choices:
        return ask_where(ctx)
    ctx.dialog.start(FLOW, "pick", codes=[c.canteen.code for c in choices], origin=_origin_slot(origin))
    return did("canteen.show", texts.other_list(choices, origin))


def helper_tasks(ctx: Context, canteen) -> str:
    """2 当食堂志愿者: the canteen's open volunteer tasks, to sign up with '报名 N'."""
    ctx.dialog.finish()
    tasks = rules.canteen_tasks(ctx.session, canteen, ctx.now)
    registered = get_profile(ctx.session, ctx.user) is not None
    return did("volunteer.list", texts.tasks_text(canteen, tasks, registered, ctx.tz))


@router.flow(FLOW, step="shown")
def after_card(ctx: Context):
    """1 换个食堂, 2 当食堂志愿者, another question about this canteen, or another village."""
    canteen = _current(ctx)
    if canteen is None or is_command(ctx.text):
        return NOT_MINE
    number = parse_number(ctx.text)
    if number in (1, 2):
        return other_canteens(ctx) if number == 1 else helper_tasks(ctx, canteen)
    if number is not None:
        return NOT_MINE
    if (village := _named_village(ctx)) is not None:
        return show_for_village(ctx, village, texts.asked_aspect(ctx.text))
    aspect = texts.asked_aspect(ctx.text)
    if aspect is not None and len(ctx.text) <= SHORT_QUESTION and getattr(ctx.route, "guide", None) is None:
        return _reshow(ctx, canteen, aspect)  # "电话多少" names nothing else: this canteen's phone
    if is_new_request(ctx, OWN_INTENTS):  # "医保报销多少钱" is not about this canteen's price
        ctx.dialog.finish()
        return NOT_MINE
    if SWITCH.search(ctx.text):
        return other_canteens(ctx)
    if HELP_OUT.search(ctx.text):
        return helper_tasks(ctx, canteen)
    if NEAREST.search(ctx.text):
        origin = rules.user_origin(ctx.user, ctx.now)
        return show_nearest(ctx, origin) if origin else ask_where(ctx)
    if aspect is not None:
        return _reshow(ctx, canteen, aspect)
    return NOT_MINE


@router.flow(FLOW, step="pick")
def pick_canteen(ctx: Context):
    """A number from the list of other canteens, or a village name."""
    if is_command(ctx.text):
        return NOT_MINE
    codes = ctx.dialog.slots.get("codes") or []
    number = parse_number(ctx.text)
    if number is not None and 1 <= number <= len(codes):
        canteen = rules.by_code(ctx.session, codes[number - 1])
        if canteen is not None:
            origin = _origin_from(ctx.dialog.slots)
            return _show(ctx, Nearby(canteen, rules.distance_from(origin, canteen)), origin, None)
    if number is None and (village := _named_village(ctx)) is not None:
        return show_for_village(ctx, village, texts.asked_aspect(ctx.text))
    return NOT_MINE
