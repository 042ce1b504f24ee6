"""Monthly themes, the read side: local months, when a month is due, what is on in an area."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.localtime import zone
from bot.models import Area, OutboxMessage, RepGroup, Theme
from bot.outbox.mass import MASS_KIND

PUSH_DAY, PUSH_TIME = 1, time(9, 0)
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def local_zone(tz: ZoneInfo | str | None = None) -> ZoneInfo:
    if isinstance(tz, ZoneInfo):
        return tz
    if tz is None and has_app_context():
        tz = current_app.config.get("TZ_NAME")
    return zone(tz)


def month_of(moment: datetime, tz: ZoneInfo | str | None = None) -> str:
    """'2027-01' for any moment in January, local time."""
    local = moment.astimezone(local_zone(tz))
    return f"{local.year:04d}-{local.month:02d}"


def is_month(value) -> bool:
    """"2026-12" and the like (a text, month 01–12)."""
    return isinstance(value, str) and MONTH_RE.fullmatch(value) is not None


def next_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def push_due_at(month: str, tz: ZoneInfo | str | None = None) -> datetime:
    """The UTC instant a month's themes become due: the 1st at 09:00 local."""
    year, number = map(int, month.split("-"))
    local = datetime(year, number, PUSH_DAY, PUSH_TIME.hour, PUSH_TIME.minute, tzinfo=local_zone(tz))
    return local.astimezone(timezone.utc)


def month_is_past(month: str, now: datetime, tz: ZoneInfo | str | None = None) -> bool:
    return month < month_of(now, tz)


def themes_for_area(session: Session, area: Area | None, month: str) -> list[tuple[RepGroup, Theme]]:
    """The month's themes of the groups serving the area (county groups only when no area):
    the township group first, then the county groups in their order."""
    groups = [g for g in session.scalars(select(RepGroup).order_by(RepGroup.id))
              if (g.serves(area.code) if area is not None else g.level == "county")]
    themes = {t.group_code: t for t in session.scalars(select(Theme).where(Theme.month == month,
                                                                            Theme.published.is_(True)))}
    groups.sort(key=lambda g: (g.level != "township", g.id))
    return [(g, themes[g.code]) for g in groups if g.code in themes]


def find_theme(session: Session, group_code: str, month: str) -> Theme | None:
    return session.scalar(select(Theme).where(Theme.group_code == group_code, Theme.month == month))


@dataclass(frozen=True)
class PushStatus:
    count: int = 0                     # pushes enqueued for this group's theme of the month
    sent: int = 0                      # … of which WeChat accepted
    first_at: datetime | None = None   # when the first was enqueued


def push_status(session: Session, themes: list[Theme]) -> dict[int, PushStatus]:
    """What the outbox holds for each theme: its members' pushes (keys `theme:<month>:<group>:`)
    and the villagers the digests of the group's areas reached (digest.py sends them)."""
    out: dict[int, PushStatus] = {}
    for theme in themes:
        if not theme.published:
            out[theme.id] = PushStatus()
            continue
        count, sent, first_at = session.execute(
            select(func.count(), func.sum(case((OutboxMessage.status == "sent", 1), else_=0)),
                   func.min(OutboxMessage.created_at))
            .where(OutboxMessage.business_key.startswith(f"theme:{theme.month}:{theme.group_code}:",
                                                         autoescape=True))).one()
        reach, reach_sent, reach_first = digest_reach(session, theme.group_code, theme.month)
        firsts = [t for t in (first_at, reach_first) if t is not None]
        out[theme.id] = PushStatus((count or 0) + reach, (sent or 0) + reach_sent, min(firsts) if firsts else None)
    return out


def digest_reach(session: Session, group_code: str, month: str) -> tuple[int, int, datetime | None]:
    """(villagers reached, of them sent, first queued) by the month's digests of the areas the
    group serves: the group's activities are in each (or, published later, on its page)."""
    group = session.scalar(select(RepGroup).where(RepGroup.code == group_code))
    codes = [a.code for a in session.scalars(select(Area)) if group is not None and group.serves(a.code)]
    count = sent = 0
    first: datetime | None = None
    for code in codes:
        for row in session.scalars(select(OutboxMessage).where(
                OutboxMessage.business_key.startswith(f"theme:{month}:digest:{code}:", autoescape=True))):
            people = len(row.payload.get("openids", [])) if row.kind == MASS_KIND else 1
            count += people
            sent += people if row.status == "sent" else 0
            first = row.created_at if first is None or row.created_at < first else first
    return count, sent, first
