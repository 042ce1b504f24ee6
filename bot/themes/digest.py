"""The monthly themes as ONE digest per villager per month, by mass send to each area.

    push_digests(session, month, now)    # from monthly_theme_push, after the members' pushes

A villager is served by about ten groups; one template per group made ten pushes a month each
(1,000,000 outbox rows for 100,000 followers, ten days of template quota) and spent WeChat's
patience with frequent same-kind pushes. Instead each area gets one mass send (群发, one row
per 10,000 receivers, bot/outbox/mass.py): a short text naming the month's activities of the
groups that serve the area, each with its date and place, and the link to the digest page,
which lists them all as they stand (a theme published later shows there too). It is one of
the villager's four mass messages of the month; a villager with none left is skipped (the
digest is the least urgent broadcast) and the cadres' notices keep their room.

Activities are written "日期｜地点｜活动" (knowledge/themes.yaml, the admin page); one without
date and place says so ("时间地点听片区通知"): nothing is guessed from the words.
Key `theme:<month>:digest:<area code>`: a re-run of the job reaches only the area's followers
who have none yet (new this month, or back from "不要推送活动主题"), as
`…:<area code>:more<n>`; nobody gets a second digest in a month.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Area, RepGroup, Theme, User, Village
from bot.outbox import mass
from bot.subscriptions import THEME_KIND, opted_out
from bot.themes.lookups import month_words, themes_for_area
from bot.themes.notices import STOP_HINT

KIND = "theme"
SEPARATORS = ("｜", "|")
SHORT_LINES = 3
NO_TIME_PLACE = "时间地点听片区通知"


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
    from handlers.themes import short_name  # 县农业农村党代表活动组 → 农业农村组, as chat says it

    date, place, what = activity_parts(activity)
    when_where = f"{date} {place}" if date else NO_TIME_PLACE
    return f"{when_where}：{what}（{short_name(group)}）"


def area_lines(session: Session, area: Area, month: str) -> list[str]:
    """Every activity this month of the groups serving the area, the township group first."""
    return [activity_line(group, a) for group, theme in themes_for_area(session, area, month)
            for a in theme.activities]


def digest_texts(area: Area, month: str, lines: list[str]) -> tuple[str, str]:
    """(the short push, the full digest) for one area."""
    head = f"【{month_words(month)}活动】{area.name}这个月有{len(lines)}项活动"
    shown = "\n".join(f"{i}. {line}" for i, line in enumerate(lines[:SHORT_LINES], 1))
    more = f"\n……还有{len(lines) - SHORT_LINES}项，点链接看全部。" if len(lines) > SHORT_LINES else ""
    short = f"{head}：\n{shown}{more}\n想参加请按时去，或回复“这个月有什么活动”。{STOP_HINT}"
    full = f"{head}：\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + f"\n{STOP_HINT}"
    return short, full


def villagers_of(session: Session, area: Area) -> list[str]:
    """Followers living in the area who take the themes (a representative too: besides their
    own group's theme, which monthly_theme_push sends them whatever they chose)."""
    return list(session.scalars(
        select(User.openid).join(Village, User.village_id == Village.id)
        .where(Village.area_id == area.id, User.subscribed.is_(True),
               User.id.not_in(opted_out(THEME_KIND))).order_by(User.id)))


def push_digests(session: Session, month: str, now: datetime) -> int:
    """One digest per area with activities this month; returns the villagers newly reached."""
    if not session.scalar(select(Theme.id).where(Theme.month == month, Theme.published.is_(True)).limit(1)):
        return 0
    per_month = int(current_app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH)) \
        if has_app_context() else mass.DEFAULT_PER_MONTH
    reached = 0
    for area in session.scalars(select(Area).order_by(Area.id)).all():
        prefix = f"theme:{month}:digest:{area.code}"
        lines = area_lines(session, area, month)
        if not lines:
            continue
        # Who has theirs already: a re-run reaches only followers new this month (or back).
        done = set(mass.receivers(session, prefix))
        openids = [o for o in villagers_of(session, area) if o not in done]
        room = [o for o, used in _with_used(session, openids, now).items() if used < per_month]
        if not room:
            continue
        batch = prefix if not done else f"{prefix}:more{mass.rows_of(session, prefix)}"
        short, full = digest_texts(area, month, lines)
        reached += mass.broadcast(session, batch, KIND, room, short,
                                  {"事项": f"{month_words(month)}{area.name}活动", "时间": f"{month_words(month)}"},
                                  now, per_month, full=full, extra={"digest": [area.code, month]})
    return reached


def digest_reach(session: Session, group_code: str, month: str) -> tuple[int, int, datetime | None]:
    """(villagers reached, of them sent, first queued) by the month's digests of the areas the
    group serves: the group's activities are in each (or, published later, on its page)."""
    from bot.models import OutboxMessage

    group = session.scalar(select(RepGroup).where(RepGroup.code == group_code))
    codes = [a.code for a in session.scalars(select(Area)) if group is not None and group.serves(a.code)]
    count = sent = 0
    first: datetime | None = None
    for code in codes:
        for row in session.scalars(select(OutboxMessage).where(
                OutboxMessage.business_key.startswith(f"theme:{month}:digest:{code}:", autoescape=True))):
            people = len(row.payload.get("openids", [])) if row.kind == mass.MASS_KIND else 1
            count += people
            sent += people if row.status == "sent" else 0
            first = row.created_at if first is None or row.created_at < first else first
    return count, sent, first


def live_digest(session: Session, area_code: str, month: str) -> str | None:
    """The digest as it stands now (the page of a digest push): themes published since show."""
    area = session.scalar(select(Area).where(Area.code == area_code))
    if area is None:
        return None
    return digest_texts(area, month, area_lines(session, area, month))[1]


def _with_used(session: Session, openids: list[str], now: datetime) -> dict[str, int]:
    used = mass.used_counts(session, openids, mass.month_of(now))
    return {o: used.get(o, 0) for o in openids}
