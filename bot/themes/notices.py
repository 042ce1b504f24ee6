"""Monthly theme pushes: each month's themes on the 1st at 09:00 local time, late ones later.

    monthly_theme_push(session, now)      # the scheduler's job (enqueue only, idempotent)
    push_due_themes(session, now)         # scheduler job "theme-late": themes published late

Who gets a group's theme: its members (representatives of the group) and the villagers who
follow the account, live in an area the group serves and have not said "不要推送活动主题"
(bot/subscriptions.py; a member always gets their own group's theme). Outbox key
`theme:<YYYY-MM>:<group>:<openid>`: however often the job runs in a month, each person gets
each group's theme once. Months are local months (TZ_NAME, Asia/Shanghai by default): at
2026-12-31T16:30Z it is already 2027-01-01 00:30 in Shanghai, and January is not due yet.
Only published themes are pushed and told (drafts and publishing: staff.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterator
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.models import Area, RepGroup, Theme, User, UserRole, Village
from bot.outbox import enqueue_for_users
from bot.subscriptions import THEME_KIND, opted_out

from .lookups import local_zone, month_of, push_due_at
from .texts import STOP_HINT, activity_words, month_words

KIND = "theme"
REP_ROLE = "rep"
RECIPIENT_PAGE = 5000


def theme_text(group: RepGroup, theme: Theme, member: bool) -> str:
    lines = [f"【{month_words(theme.month)}活动主题】{group.name}", f"主题：{theme.title}", theme.description]
    lines.append("活动：" + "；".join(f"{i}. {activity_words(a)}" for i, a in enumerate(theme.activities, 1)))
    lines.append("请按计划组织开展。" if member else "想参加请联系片区。回复“这个月有什么活动”看全部。"
                 + STOP_HINT)
    return "\n".join(lines)


def _template(group: RepGroup, theme: Theme, member: bool = True) -> dict:
    return {"事项": f"{group.name}：{theme.title}", "时间": f"{theme.month[:4]}年{month_words(theme.month)}"}


def _recipient_selects(group: RepGroup) -> tuple[Select, Select]:
    """SELECTs of (id, openid): the group's subscribed members, and the villagers who get its
    theme (subscribed, in an area it serves, not a member, not opted out)."""
    member_ids = select(UserRole.user_id).where(UserRole.role == REP_ROLE, UserRole.group_code == group.code)
    members = select(User.id, User.openid).where(User.id.in_(member_ids), User.subscribed.is_(True))
    villagers = (select(User.id, User.openid)
                 .join(Village, User.village_id == Village.id).join(Area, Village.area_id == Area.id)
                 .where(User.subscribed.is_(True), Area.code.in_(group.area_codes or []),
                        User.id.not_in(member_ids), User.id.not_in(opted_out(THEME_KIND))))
    return members, villagers


def theme_recipients(session: Session, group: RepGroup) -> Iterator[tuple[str, bool]]:
    """(openid, is member) for everyone who gets the group's theme; members first, each once.

    Villagers are read a page at a time (by id), so a county of subscribers is never in memory.
    """
    members, villagers = _recipient_selects(group)
    yield from ((openid, True) for _, openid in session.execute(members.order_by(User.id)).all())
    page = villagers.order_by(User.id).limit(RECIPIENT_PAGE)
    last = 0
    while rows := session.execute(page.where(User.id > last)).all():
        yield from ((openid, False) for _, openid in rows)
        last = rows[-1].id


def monthly_theme_push(session: Session, now: datetime, tz: ZoneInfo | str | None = None) -> int:
    """The scheduler's job: from 09:00 local on the 1st, enqueue this month's themes.

    Before that moment it does nothing (not even last month's). Returns the new outbox rows.
    The rows are made in the database (`enqueue_for_users`: INSERT … SELECT … ON CONFLICT DO
    NOTHING on the business key, a range of users per statement), so a re-run writes only
    what is missing and a county of subscribers never passes through Python.
    """
    zone = local_zone(tz)
    month = month_of(now, zone)
    if now < push_due_at(month, zone):
        return 0
    groups = {g.code: g for g in session.scalars(select(RepGroup))}
    written = 0
    for theme in session.scalars(select(Theme).where(Theme.month == month).order_by(Theme.group_code)).all():
        group = groups.get(theme.group_code)
        if group is None or not theme.published:  # a draft is never pushed
            continue
        prefix = f"theme:{month}:{group.code}:"
        members, _villagers = _recipient_selects(group)  # villagers: one digest a month, below
        written += enqueue_for_users(session, members, prefix, KIND, theme_text(group, theme, True),
                                     _template(group, theme, True))
    from bot.themes.digest import push_digests
    return written + push_digests(session, month, now)


def push_due_themes(session: Session, now: datetime, tz: ZoneInfo | str | None = None,
                    only_if_waiting: bool = True) -> int:
    """The scheduler's job: push this month's published themes that were not pushed yet.

    Does nothing before the 1st at 09:00, nor when every published theme of the month was
    pushed (`only_if_waiting=False`: push anyway, as `flask themes push` does — newcomers get
    theirs). Returns the new outbox rows.
    """
    zone = local_zone(tz)
    month = month_of(now, zone)
    if now < push_due_at(month, zone):
        return 0
    waiting = list(session.scalars(select(Theme).where(Theme.month == month, Theme.published.is_(True),
                                                       Theme.pushed_at.is_(None))))
    if not waiting and only_if_waiting:
        return 0
    written = monthly_theme_push(session, now, zone)
    for theme in waiting:
        theme.pushed_at = now
    session.flush()
    return written
