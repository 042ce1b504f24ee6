"""Words for village affairs: a notice's push text and template data, list lines, the full text.

Shared by the domain (pushes), the chat handler, the admin page and the CLI (`refusal`: why a
rule said no); no database access beyond the
notice's loaded relations. Template data keys (`title`, `time`, `place`, `remark`) are mapped to
a template's fields by the outbox sender, as for volunteer tasks.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.localtime import DEFAULT_TZ, when_words
from bot.models.affairs import Notice, VillageRules
from bot.outcomes import wording

from .reasons import AffairsReason as R

PUSH_BODY_CHARS = 200  # a push stays short; the full text is one reply away
EVENT_BODY_CHARS = 120
OPT_OUT_HINT = "不想收村务消息，回复“不要推送村务”。"


def _scope(notice: Notice) -> str:
    return notice.village.name if notice.village is not None else notice.area.name


def _meeting_lines(notice: Notice, tz: ZoneInfo) -> list[str]:
    lines = []
    if notice.event_at is not None:
        lines.append(f"时间：{when_words(notice.event_at, tz)}")
    if notice.place:
        lines.append(f"地点：{notice.place}")
    return lines


def _short(body: str, limit: int) -> tuple[str, bool]:
    return (body, False) if len(body) <= limit else (body[:limit].rstrip() + "……", True)


def push_text(notice: Notice, tz: ZoneInfo = DEFAULT_TZ) -> tuple[str, dict]:
    """The push for one notice: kind, scope and title, time and place, the start of the body."""
    body, cut = _short(notice.body, PUSH_BODY_CHARS)
    remark = (f"看全文请回复“村务 {notice.id}”。" if cut else "") + OPT_OUT_HINT
    lines = [f"【{notice.kind}】{_scope(notice)}：{notice.title}"] + _meeting_lines(notice, tz)
    if body:
        lines.append(body)
    lines.append(remark)
    data = {"事项": f"{notice.kind}：{notice.title}",
            "时间": when_words(notice.event_at, tz) if notice.event_at else when_words(notice.published_at, tz),
            "地点": notice.place}
    return "\n".join(lines), data


def list_line(notice: Notice, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """'【议事日】代村：修路的事（12月5日开会）' for a numbered list."""
    published = notice.published_at.astimezone(tz)
    when = (f"，{when_words(notice.event_at, tz)}开会" if notice.event_at is not None
            else f"，{published.month}月{published.day}日发布")
    return f"【{notice.kind}】{notice.title}（{_scope(notice)}{when}）"


def full_text(notice: Notice, tz: ZoneInfo = DEFAULT_TZ) -> str:
    published = notice.published_at.astimezone(tz)
    lines = [f"【{notice.kind}】{notice.title}", f"{_scope(notice)}，{published.year}年{published.month}月{published.day}日发布"]
    lines += _meeting_lines(notice, tz)
    if notice.body:
        lines.append(notice.body)
    return "\n".join(lines)


def event_text(notice: Notice, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """The next 议事日 in a few lines: title, time, place, and the start of what is discussed."""
    lines = [f"下一次{notice.kind}：{notice.title}（{_scope(notice)}）"] + _meeting_lines(notice, tz)
    if notice.body:
        body, cut = _short(notice.body, EVENT_BODY_CHARS)
        lines.append(body + (f"\n看全文请回复“村务 {notice.id}”。" if cut else ""))
    return "\n".join(lines)


def rules_text(rules: VillageRules, village_name: str, tz: ZoneInfo = DEFAULT_TZ) -> str:
    updated = rules.updated_at.astimezone(tz)
    head = f"{village_name}村规民约（第{rules.version}版，{updated.year}年{updated.month}月{updated.day}日更新）"
    if rules.sample:
        head += "\n（这是样例，以村里张贴公布的为准）"
    return f"{head}\n{rules.text.strip()}"


# Why a rule for notices said no, for whoever asked (chat, the admin page, the CLI).
refusal = wording(R, {
    R.NO_AREA: "没有代码为 {area_code} 的片区",
    R.NO_VILLAGE: "{area}里没有叫“{village}”的村",
    R.UNKNOWN_KIND: "不认识的类别：{kind}（可选：{choices}）",
    R.BAD_TITLE: "标题不能为空，最多{max_title}个字",
    R.BODY_TOO_LONG: "正文最多{max_body}个字",
    R.NO_MEETING_TIME: "{kind}要写开会时间（--at \"2026-12-05 09:00\"）",
    R.MASS_BUDGET: "{over} 人本月已收满{per_month}条群发，不能再发",
})
