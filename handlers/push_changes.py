"""Stopping and restarting pushes in the villager's own words, for every kind at once.

"别给俺发村务了", "活动的就别发了", "志愿任务先别推了", "啥消息都别推了", and back: "又想收了",
"恢复推送". The words are read by bot/push_wishes.py; the choice is kept by bot/subscriptions.py
(the same rows the admin page and the push jobs read). A start that names no kind ("又想收了")
restarts every kind the villager had stopped; a stop that names none ("退订") is left to
push_settings, which shows what there is to stop.
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot import context
from bot.choices import EITHER_OR
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import did
from bot.models import EVENT_KINDS, NOTICE_KINDS
from bot.push_wishes import AFFAIRS, ALL, THEME, VOLUNTEER, read_wish
from bot.subscriptions import THEME_KIND, VOLUNTEER_KIND, choices, set_choice

from .affairs import kinds_said
from .push_settings import SHOW
from .pushed_lately import latest_mass_push
from .themes import start_push as start_themes, stop_push as stop_themes

router = Router("push_changes")
_SHOW = re.compile(SHOW)
_MEETINGS = re.compile(r"开会|会议")
# 不用给俺发这些了: what was just sent (not 这些推送, every kind of push, which push_settings lists).
_POINTS = re.compile(r"(?:这些|这种|这类|这样的|那些|那种)(?:的|东西|玩意儿?)?(?!推送|消息|通知|订阅|月|天|回|次)")
# 以后这个别给俺发了 right after the month's themes were shown: "this" is what is on screen (never a
# question such as 那个食堂收不收钱: X不X asks).
_THIS_ONE = re.compile(r"(?:这个|这|那个)(?:的|东西|玩意儿?)?(?!推送|消息|通知|订阅|月|天|回|次)")

_STORED = {AFFAIRS: NOTICE_KINDS, THEME: (THEME_KIND,), VOLUNTEER: (VOLUNTEER_KIND,)}
_NAMES = {AFFAIRS: "村务消息", THEME: "每月活动主题", VOLUNTEER: "志愿任务"}
_STOP_WORDS = {AFFAIRS: "不要推送村务", THEME: "不要推送活动主题", VOLUNTEER: "不要推送志愿任务"}
_START_WORDS = {AFFAIRS: "订阅村务", THEME: "订阅活动主题", VOLUNTEER: "订阅志愿任务"}
# The action reported, by the first kind changed (CONTRACT.md has no id of its own for volunteer
# task offers: the volunteer's profile setting is what changed).
_ACTIONS = {("stop", AFFAIRS): "affairs.optout", ("stop", THEME): "theme.optout",
            ("start", AFFAIRS): "affairs.optin", ("start", THEME): "theme.optin",
            ("stop", VOLUNTEER): "volunteer.register", ("start", VOLUNTEER): "volunteer.register"}


def _stopped_kinds(ctx: Context) -> tuple[str, ...]:
    chosen = choices(ctx.session, ctx.user)
    return tuple(k for k in ALL if not all(chosen[s] for s in _STORED[k]))


def _which(ctx: Context, change: str, named: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds named; else, to start, every kind stopped (restoring is harmless). A stop that
    names nothing ("退订") is left to push_settings, which shows what there is to stop."""
    if named:
        return named
    if change == "stop" and (_POINTS.search(ctx.text) or _THIS_ONE.search(ctx.text)) and not EITHER_OR.search(ctx.text) \
            and (shown := _matter_just_shown(ctx)) is not None:
        return (shown,)  # 这个月有啥活动 → 以后这个别给俺发了: the themes just shown
    if change == "stop" and _POINTS.search(ctx.text) and (mass := latest_mass_push(ctx, timedelta(days=1))) is not None:
        return (AFFAIRS if mass.kind == "affairs" else THEME,)  # 不用给俺发这些了: what was just sent
    return _stopped_kinds(ctx) if change == "start" else ()


def _matter_just_shown(ctx: Context) -> str | None:
    """THEME or AFFAIRS when the user's last matter is the month's themes or the village notices."""
    newest = context.topic(ctx.session, ctx.user.openid, ctx.now, within=timedelta(days=1))
    if newest is None or newest.kind != "matter":
        return None
    return {"theme": THEME, "affairs": AFFAIRS}.get(newest.ref)


def _stored_kinds(kind: str, text: str) -> tuple[str, ...]:
    """The stored kinds of one group: 议事日 alone when only it is named ("别发议事日的消息了")."""
    if kind == AFFAIRS:
        named = kinds_said(text)
        if not named and _MEETINGS.search(text):  # "开会的通知": the meetings, not every notice
            named = EVENT_KINDS
        return named or NOTICE_KINDS
    return _STORED[kind]


def _change(ctx: Context, change: str, kinds: tuple[str, ...]) -> str:
    if kinds == (THEME,):  # its own words (a representative keeps their own group's themes)
        return stop_themes(ctx) if change == "stop" else start_themes(ctx)
    stored = {kind: _stored_kinds(kind, ctx.text) for kind in kinds}
    for kind in kinds:
        set_choice(ctx.session, ctx.user, change == "start", stored[kind], ctx.now)
    names = "、".join(_NAMES[k] if stored[k] == _STORED[k] else "、".join(stored[k]) for k in kinds)
    if change == "stop":
        again = "或".join(f"“{_START_WORDS[k]}”" for k in kinds)
        return f"好的，以后不再给您推送{names}。想再收，回复{again}。"
    if ctx.user.village is None and kinds != (VOLUNTEER,):
        return f"好的，会给您推送{names}。还要告诉我您是哪个村的，比如“我是代村的”。"
    stop = "或".join(f"“{_STOP_WORDS[k]}”" for k in kinds)
    return f"好的，以后有{names}会推送给您。不想收，回复{stop}。"


@router.reader()
def change_in_words(ctx: Context):
    """Stop or start the pushes the words (or the context) name."""
    wish = None if _SHOW.search(ctx.text) else read_wish(ctx.text)  # "我的订阅" asks to see them
    if wish is None:
        return NOT_MINE
    kinds = _which(ctx, wish.change, wish.kinds)
    if not kinds:
        return NOT_MINE
    return did(_ACTIONS[(wish.change, kinds[0])], _change(ctx, wish.change, kinds))

