"""这个月有什么活动 (intent `theme`): this month's and next month's themes of the groups serving
the villager's area (the county groups only, until the village is registered); and stopping or
restarting the monthly theme push ("活动主题别推了", "又想收每月活动了"), kept by bot/subscriptions.py.

The router only says the message is about themes; the words below tell what about them.
"""
from __future__ import annotations


import re

from sqlalchemy import select

from bot import context
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import RepGroup, Theme
from bot.subscriptions import THEME_KIND, choices, set_choice
from bot.themes import local_zone, month_of, month_words, next_month, themes_for_area
from bot.themes.texts import activity_parts, short_name

from .push_settings import push_wish

router = Router("themes")
NONE_YET = "这个月还没有安排活动主题。有新活动会通知您。"
REGISTER_HINT = "告诉我您是哪个村的（比如“我是代村的”），还能看到本镇的活动。"

STOPPED = ("好的，以后不再给您推送每月活动主题。想看的时候回复“这个月有什么活动”；"
           "想再收，回复“订阅活动主题”。")


def _first_activity(theme: Theme) -> str:
    """（12月6日 义诊）: the month's first activity, with its date when it has one."""
    date, _place, what = activity_parts(theme.activities[0])
    return f"（{date} {what}）" if date else f"（{what}）"


def _month_block(month: str, themes: list[tuple[RepGroup, Theme]], with_activity: bool) -> list[str]:
    lines = [f"【{month_words(month)}】"]
    for group, theme in themes:
        first = _first_activity(theme) if with_activity and theme.activities else ""
        lines.append(f"· {short_name(group)}：{theme.title}{first}")
    return lines


def _own_groups(ctx: Context) -> list[str]:
    """Short names of the groups the user represents (they keep getting those themes)."""
    codes = {r.group_code for r in ctx.user.roles if r.role == "rep" and r.group_code}
    if not codes:
        return []
    return [short_name(g) for g in ctx.session.scalars(
        select(RepGroup).where(RepGroup.code.in_(codes)).order_by(RepGroup.id))]


def stop_push(ctx: Context) -> str:
    set_choice(ctx.session, ctx.user, False, (THEME_KIND,), ctx.now)
    if groups := _own_groups(ctx):
        return STOPPED + f"\n您是{'、'.join(groups)}的党代表，本组的主题还会照常发给您。"
    return STOPPED


def start_push(ctx: Context) -> str:
    set_choice(ctx.session, ctx.user, True, (THEME_KIND,), ctx.now)
    village = ctx.user.village
    if village is None:
        return "好的。每月活动主题是按片区推送的，请告诉我您是哪个村的，比如“我是代村的”。"
    return f"好的，每月1日上午会把{village.area.name}的活动主题推送给您。"


def how_to(ctx: Context) -> str:
    if choices(ctx.session, ctx.user, (THEME_KIND,))[THEME_KIND]:
        return "每月1日上午会推送本片区党代表活动组的活动主题。不想收，回复“不要推送活动主题”。"
    return "您现在不收活动主题推送。想收，回复“订阅活动主题”；想看，回复“这个月有什么活动”。"


# "下个月呢", "那这个月的呢", "还有别的活动没": a short question after the themes were shown is
# about the themes still (the newest topic is the themes, see bot/context.py).
_MONTH_FOLLOWUP = re.compile(r"^(?:那|还有)?(?:这个?月|本月|下个?月|下下个?月|月底|年前|年后|过年|元旦|往后|以后)"
                             r"(?:的|呢|有啥|有什么|有没有|干啥|搞啥|活动|主题|[呢吗啊呀？?，, ])*$|"
                             r"^(?:那)?还有(?:别的|其他|啥)(?:活动|主题)?(?:吗|没|没有|不|呢)?[？?]?$")
_FOLLOWUP_CHARS = 14
# "咋参加", "在哪搞", "几号开始", "要报名不", "谁都能去吗": how to take part in what was just shown,
# which the themes' reply answers (dates, places, the area's phone to join).
# a place asked: 哪, 哪个地方, 哪个村, 啥地方, 哪块
_WHERE = r"(?:哪个?(?:地方|地儿|村|庄|旮旯|块|场)?|哪里|哪儿|啥地方|什么地方|啥地儿)"
_JOIN_DETAIL = re.compile(r"(?:咋|怎么|怎样|如何|去哪|上哪|在哪|找谁)(?:个)?(?:参加|报名|加入|去|参与|掺和)|"
                          rf"(?:在|去|上|到)?{_WHERE}(?:搞|办|举行|举办|集合|开|弄|进行|碰头)|"
                          r"(?:要|得|用)(?:不要|不用)?报名|(?:谁|俺|我|老人|外村的?)(?:都)?(?:能|可以)(?:去|参加)|"
                          r"几号|哪天|(?:啥|什么)时候(?:搞|办|开始|去|放|演|唱|开|来|有)|"
                          # 头一个活动在哪 / 走访那个几点: where or when, asked at the end
                          r"(?:在哪|哪里|哪儿|几点|啥时候|什么时候)(?:啊|呀|呢|来着)?\s*[?？]?\s*$")


_OTHER_SERVICES = ("affairs", "guide", "canteen", "mediation", "need", "errand", "status", "volunteer")
_SURE = 0.9


def _another_service(ctx: Context) -> bool:
    route = ctx.route
    return route is not None and route.intent in _OTHER_SERVICES and route.score >= _SURE


@router.reader()
def month_followup(ctx: Context):
    """下个月呢 (after the themes): the themes again, this month's and next."""
    text = ctx.text.strip()
    if len(text) > _FOLLOWUP_CHARS or not (_MONTH_FOLLOWUP.match(text) or _JOIN_DETAIL.search(text)):
        return NOT_MINE
    if _another_service(ctx):
        return NOT_MINE  # 这个月议事日是哪天: the village meeting, named outright, not the themes
    if context.topic_ref(ctx.session, ctx.user.openid, "matter", ctx.now) != "theme" and not _after_digest(ctx):
        return NOT_MINE
    return did("theme.show", this_month(ctx))


def _after_digest(ctx: Context) -> bool:
    """The month's digest was the last thing sent to the area, and an activity is asked about."""
    from .pushed_lately import latest_mass_push  # at call time: it reads the outbox

    mass = latest_mass_push(ctx)
    if mass is None or mass.kind != "theme":
        return False
    listed = mass.words + this_month(ctx)  # 入户走访那个咋报名: a word of the activities sent, or 活动 itself
    return "活动" in ctx.text or any(ctx.text[i:i + 3] in listed for i in range(len(ctx.text) - 2)
                                   if all("\u4e00" <= ch <= "\u9fff" for ch in ctx.text[i:i + 3]))


early_router = Router("themes_early")  # before the guides: 入户走访 after the digest is no 入户 (落户)


@early_router.reader()
def question_after_digest(ctx: Context):
    """俺想参加那个入户走访的 咋报名, the month's digest just sent: this month's activities."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) > 2 * _FOLLOWUP_CHARS or not _JOIN_DETAIL.search(text) or _another_service(ctx) \
            or not _after_digest(ctx):
        return NOT_MINE
    return did("theme.show", this_month(ctx))


@router.intent("theme")
def theme_intent(ctx: Context) -> Reply:
    """About the monthly theme push (a question, stop, start), else what is on."""
    text = ctx.text
    wish = push_wish(text)
    if wish == "ask":
        return did("status.show", how_to(ctx))
    if wish == "stop":
        return did("theme.optout", stop_push(ctx))
    if wish == "start":
        return did("theme.optin", start_push(ctx))
    return did("theme.show", this_month(ctx))


def this_month(ctx: Context) -> str:
    """List this month's themes (with one activity each) and next month's titles."""
    zone = local_zone(ctx.app_config.get("TZ_NAME"))
    month = month_of(ctx.now, zone)
    area = ctx.user.village.area if ctx.user.village else None
    current = themes_for_area(ctx.session, area, month)
    coming = themes_for_area(ctx.session, area, next_month(month))
    if not current and not coming:
        return NONE_YET
    where = area.name if area is not None else "全县"
    lines = [f"{where}党代表活动组的活动主题："]
    if current:
        lines += _month_block(month, current, with_activity=True)
    if coming:
        lines += _month_block(next_month(month), coming, with_activity=False)
    if area is None:
        lines.append(REGISTER_HINT)
    elif area.phone:
        lines.append(f"想参加请联系片区，电话 {area.phone}。")
    return "\n".join(lines)
