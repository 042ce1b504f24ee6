"""The monthly themes as ONE digest per villager per month, by mass send to each area.

    push_digests(session, month, now)    # from monthly_theme_push, after the members' pushes

Its words (the short push, the full digest, one line an activity) are in texts.py.

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

from bot.models import Area, Theme, User, Village
from bot.outbox import mass
from bot.subscriptions import THEME_KIND, opted_out
from bot.themes.lookups import themes_for_area
from bot.themes.texts import activity_line, digest_texts, month_words

KIND = "theme"


def area_lines(session: Session, area: Area, month: str) -> list[str]:
    """Every activity this month of the groups serving the area, the township group first."""
    return [activity_line(group, a) for group, theme in themes_for_area(session, area, month)
            for a in theme.activities]


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


def live_digest(session: Session, area_code: str, month: str) -> str | None:
    """The digest as it stands now (the page of a digest push): themes published since show."""
    area = session.scalar(select(Area).where(Area.code == area_code))
    if area is None:
        return None
    return digest_texts(area, month, area_lines(session, area, month))[1]


def _with_used(session: Session, openids: list[str], now: datetime) -> dict[str, int]:
    used = mass.used_counts(session, openids, mass.month_of(now))
    return {o: used.get(o, 0) for o in openids}
