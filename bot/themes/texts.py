"""Words for the monthly themes: an activity's parts and line, the digest's texts, group names,
and why a theme rule said no (`refusal`). No database access.

Activities are written "日期｜地点｜活动" (knowledge/themes.yaml, the admin page); one without
date and place says so ("时间地点听片区通知"): nothing is guessed from the words.
"""
from __future__ import annotations

from bot.models import Area, RepGroup
from bot.outcomes import wording

from .reasons import ThemeReason as R

SEPARATORS = ("｜", "|")
SHORT_LINES = 3
NO_TIME_PLACE = "时间地点听片区通知"
STOP_HINT = "不想收，回复“不要推送活动主题”。"


def month_words(month: str) -> str:
    return f"{int(month.split('-')[1])}月"


def short_name(group: RepGroup) -> str:
    """县农业农村党代表活动组 → 农业农村组; 卞庄街道党代表活动组 → 卞庄街道组 (as chat says it)."""
    name = group.name.replace("党代表活动组", "")
    return (name[1:] if name.startswith("县") else name) + "组"


def activity_parts(activity: str) -> tuple[str, str, str]:
    """(date, place, what) of "12月5日｜代村广场｜义诊"; ("", "", words) when not written so."""
    for sep in SEPARATORS:
        parts = [p.strip() for p in activity.split(sep)]
        if len(parts) == 3 and all(parts):
            return parts[0], parts[1], parts[2]
    return "", "", activity.strip()


def activity_words(activity: str) -> str:
    """"12月6日 代村广场：义诊" for chat and the members' push; the words alone when undated."""
    date, place, what = activity_parts(activity)
    return f"{date} {place}：{what}" if date else what


def activity_line(group: RepGroup, activity: str) -> str:
    date, place, what = activity_parts(activity)
    when_where = f"{date} {place}" if date else NO_TIME_PLACE
    return f"{when_where}：{what}（{short_name(group)}）"


def digest_texts(area: Area, month: str, lines: list[str]) -> tuple[str, str]:
    """(the short push, the full digest) for one area."""
    head = f"【{month_words(month)}活动】{area.name}这个月有{len(lines)}项活动"
    shown = "\n".join(f"{i}. {line}" for i, line in enumerate(lines[:SHORT_LINES], 1))
    more = f"\n……还有{len(lines) - SHORT_LINES}项，点链接看全部。" if len(lines) > SHORT_LINES else ""
    short = f"{head}：\n{shown}{more}\n想参加请按时去，或回复“这个月有什么活动”。{STOP_HINT}"
    full = f"{head}：\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + f"\n{STOP_HINT}"
    return short, full


# Why a theme rule said no, for whoever asked (chat, the admin page, the CLI).
refusal = wording(R, {
    R.PAST_MONTH: "过去月份的主题不能再改。",
    R.PAST_MONTH_PUBLISH: "过去月份的主题不能再发布。",
    R.CREATED_MEANWHILE: "这个月的主题刚被别人建好了，请打开看看再改。",
    R.CHANGED_MEANWHILE: "这个主题刚被别人改过，请看一下现在的内容再改。",
    R.PUSHED_ALREADY: "这个主题已经推送出去了，不能撤回；可以修改内容（不会再推送）。",
})
