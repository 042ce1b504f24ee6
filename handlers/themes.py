"""这个月有什么活动 (intent `theme`): this month's and next month's themes of the groups serving
the villager's area (the county groups only, until the village is registered)."""
from __future__ import annotations

from bot.dispatch import Context, Router
from bot.models import RepGroup, Theme
from bot.themes import local_zone, month_of, month_words, next_month, themes_for_area

router = Router("themes")
NONE_YET = "这个月还没有安排活动主题。有新活动会通知您。"
REGISTER_HINT = "告诉我您是哪个村的（比如“我是代村的”），还能看到本镇的活动。"


def short_name(group: RepGroup) -> str:
    """县农业农村党代表活动组 → 农业农村组; 卞庄街道党代表活动组 → 卞庄街道组."""
    name = group.name.replace("党代表活动组", "")
    return (name[1:] if name.startswith("县") else name) + "组"


def _month_block(month: str, themes: list[tuple[RepGroup, Theme]], with_activity: bool) -> list[str]:
    lines = [f"【{month_words(month)}】"]
    for group, theme in themes:
        first = f"（{theme.activities[0]}）" if with_activity and theme.activities else ""
        lines.append(f"· {short_name(group)}：{theme.title}{first}")
    return lines


@router.intent("theme")
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
