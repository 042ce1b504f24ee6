"""Monthly themes (一组一特色、一月一主题): load them, push each month's on the 1st at 09:00
local time, and say what is on in an area this month and next.

    load_themes(session, path)            # knowledge/themes.yaml → themes, group specialities
    monthly_theme_push(session, now)      # the scheduler's job (enqueue only, idempotent)
    check_theme({...}, where)             # the checks of one theme, for the file and the admin page
    themes_for_area(session, area, "2026-12")

Who gets a group's theme: its members (representatives of the group) and the villagers who
follow the account, live in an area the group serves and have not said "不要推送活动主题"
(bot/subscriptions.py; a member always gets their own group's theme). Outbox key
`theme:<YYYY-MM>:<group>:<openid>`: however often the job runs in a month, each person gets
each group's theme once. Months are local months (TZ_NAME, Asia/Shanghai by default): at
2026-12-31T16:30Z it is already 2027-01-01 00:30 in Shanghai, and January is not due yet.
Only published themes are pushed and told (drafts and publishing: bot/theme_publishing.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .models import Area, RepGroup, Theme, User, UserRole, Village
from .outbox import enqueue_for_users
from .subscriptions import THEME_KIND, opted_out
from .yaml_files import read_yaml_file

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "themes.yaml"
PUSH_DAY, PUSH_TIME = 1, time(9, 0)
KIND = "theme"
REP_ROLE = "rep"
MAX_ACTIVITIES = 3
# A push must stay one short message (WeChat text: 2,048 bytes).
MAX_DESCRIPTION_CHARS, MAX_ACTIVITY_CHARS = 200, 60
MAX_TITLE_CHARS = 30
RECIPIENT_PAGE = 5000
STOP_HINT = "不想收，回复“不要推送活动主题”。"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class ThemeDataError(ValueError):
    """The themes file is not valid; nothing was loaded."""


# --- months in local time --------------------------------------------------------------

def local_zone(tz: ZoneInfo | str | None = None) -> ZoneInfo:
    if isinstance(tz, ZoneInfo):
        return tz
    if tz is None and has_app_context():
        tz = current_app.config.get("TZ_NAME")
    return ZoneInfo(tz or "Asia/Shanghai")


def month_of(moment: datetime, tz: ZoneInfo | str | None = None) -> str:
    """'2027-01' for any moment in January, local time."""
    local = moment.astimezone(local_zone(tz))
    return f"{local.year:04d}-{local.month:02d}"


def is_month(value) -> bool:
    """"2026-12" and the like (a text, month 01–12)."""
    return isinstance(value, str) and _MONTH.fullmatch(value) is not None


def next_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def push_due_at(month: str, tz: ZoneInfo | str | None = None) -> datetime:
    """The UTC instant a month's themes become due: the 1st at 09:00 local."""
    year, number = map(int, month.split("-"))
    local = datetime(year, number, PUSH_DAY, PUSH_TIME.hour, PUSH_TIME.minute, tzinfo=local_zone(tz))
    return local.astimezone(timezone.utc)


def month_words(month: str) -> str:
    return f"{int(month.split('-')[1])}月"


# --- loading -------------------------------------------------------------------------------

@dataclass
class ThemeLoadReport:
    created: int = 0
    updated: int = 0
    specialities_changed: int = 0
    unknown_groups: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)  # "group month" changed on the admin page

    def lines(self) -> list[str]:
        out = [f"  themes: {self.created} new, {self.updated} updated, "
               f"specialities changed in {self.specialities_changed} group(s)"]
        if self.unknown_groups:
            out.append("  themes skipped, unknown group codes: " + ", ".join(self.unknown_groups))
        if self.kept_edits:
            out.append("  themes changed on the admin page were kept: " + ", ".join(self.kept_edits)
                       + " (use --force to overwrite them)")
        return out


def _text(value, where: str, limit: int | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ThemeDataError(f"{where}: expected some words")
    if limit and len(value.strip()) > limit:
        raise ThemeDataError(f"{where}: longer than {limit} characters")
    return value.strip()


def check_theme(theme, where: str) -> dict:
    """One month's theme as the file and the admin page give it → {title, description, activities}.

    Raises ThemeDataError "<where>.<field>: what is wrong" at the first fault.
    """
    if not isinstance(theme, dict):
        raise ThemeDataError(f"{where}: expected title, description and activities")
    activities = theme.get("activities")
    if not isinstance(activities, list) or not 1 <= len(activities) <= MAX_ACTIVITIES:
        raise ThemeDataError(f"{where}.activities: must be a list of 1 to {MAX_ACTIVITIES}")
    return {"title": _text(theme.get("title"), f"{where}.title", MAX_TITLE_CHARS),
            "description": _text(theme.get("description"), f"{where}.description", MAX_DESCRIPTION_CHARS),
            "activities": [_text(a, f"{where}.activities[{i}]", MAX_ACTIVITY_CHARS) for i, a in enumerate(activities)]}


def read_themes_file(path: Path | str | None = None) -> dict[str, dict]:
    """Read and check the file: {group code: {"speciality": ..., "themes": {month: {...}}}}.

    The first error found is raised as "themes.yaml: groups.<code>.themes.<month>.title: what"
    (file: field: message, like `flask kb check`, which reports it).
    """
    path = Path(path or DEFAULT_PATH)
    data = read_yaml_file(path, ThemeDataError)
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, dict):
        raise ThemeDataError(f"{path.name}: groups: must map group codes to their themes")
    out: dict[str, dict] = {}
    for code, entry in groups.items():
        at = f"{path.name}: groups.{code}"
        if not isinstance(entry, dict) or not isinstance(entry.get("themes"), dict):
            raise ThemeDataError(f"{at}: needs `speciality` and `themes`")
        themes = {}
        for month, theme in entry["themes"].items():
            where = f"{at}.themes.{month}"
            if not isinstance(month, str) or not _MONTH.match(month):
                raise ThemeDataError(f"{where}: months look like \"2026-12\" (in quotes if need be)")
            themes[month] = check_theme(theme, where)
        out[str(code)] = {"speciality": _text(entry.get("speciality"), f"{at}.speciality", 200),
                          "themes": themes}
    return out


def load_themes(session: Session, path: Path | str | None = None, force: bool = False,
                data: dict[str, dict] | None = None) -> ThemeLoadReport:
    """Upsert the file's themes and group specialities inside the caller's transaction.

    Themes are matched by (group, month); groups not in the database are skipped and reported.
    A theme changed on the admin page is kept unless `force` (the file's version is then
    published). Nothing is deleted. `data`: already read by `read_themes_file`.
    """
    data = read_themes_file(path) if data is None else data
    report = ThemeLoadReport()
    groups = {g.code: g for g in session.scalars(select(RepGroup))}
    existing = {(t.group_code, t.month): t for t in session.scalars(select(Theme))}
    for code, entry in data.items():
        group = groups.get(code)
        if group is None:
            report.unknown_groups.append(code)
            continue
        if group.speciality != entry["speciality"]:
            group.speciality = entry["speciality"]
            report.specialities_changed += 1
        for month, values in entry["themes"].items():
            theme = existing.get((code, month))
            if theme is None:
                session.add(Theme(group_code=code, month=month, **values))
                report.created += 1
            elif theme.edited_on_page and not force:
                report.kept_edits.append(f"{code} {month}")
            elif theme.edited_on_page or any(getattr(theme, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(theme, key, value)
                theme.published, theme.edited_on_page = True, False
                report.updated += 1
    session.flush()
    return report


# --- pushing ---------------------------------------------------------------------------------

def theme_text(group: RepGroup, theme: Theme, member: bool) -> str:
    lines = [f"【{month_words(theme.month)}活动主题】{group.name}", f"主题：{theme.title}", theme.description]
    lines.append("活动：" + "；".join(f"{i}. {a}" for i, a in enumerate(theme.activities, 1)))
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
    from .theme_digest import push_digests
    return written + push_digests(session, month, now)


# --- asking ----------------------------------------------------------------------------------

def themes_for_area(session: Session, area: Area | None, month: str) -> list[tuple[RepGroup, Theme]]:
    """The month's themes of the groups serving the area (county groups only when no area):
    the township group first, then the county groups in their order."""
    groups = [g for g in session.scalars(select(RepGroup).order_by(RepGroup.id))
              if (g.serves(area.code) if area is not None else g.level == "county")]
    themes = {t.group_code: t for t in session.scalars(select(Theme).where(Theme.month == month,
                                                                            Theme.published.is_(True)))}
    groups.sort(key=lambda g: (g.level != "township", g.id))
    return [(g, themes[g.code]) for g in groups if g.code in themes]
