"""Monthly themes from knowledge/themes.yaml: the checks of one theme (file and admin page) and the load."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import knowledge_path
from bot.models import RepGroup, Theme
from bot.yaml_files import DataFileError, read_yaml_file, report_lines

from .lookups import MONTH_RE

DEFAULT_PATH = knowledge_path("themes.yaml")
MAX_ACTIVITIES = 3
# A push must stay one short message (WeChat text: 2,048 bytes).
MAX_DESCRIPTION_CHARS, MAX_ACTIVITY_CHARS = 200, 60
MAX_TITLE_CHARS = 30


ThemeDataError = DataFileError  # the themes file is not valid; nothing was loaded


@dataclass
class ThemeLoadReport:
    created: int = 0
    updated: int = 0
    specialities_changed: int = 0
    unknown_groups: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)  # "group month" changed on the admin page

    def lines(self) -> list[str]:
        kept = "themes changed on the admin page were kept (use --force to overwrite them)"
        return report_lines(f"themes: {self.created} new, {self.updated} updated, "
                            f"specialities changed in {self.specialities_changed} group(s)",
                            {"themes skipped, unknown group codes": self.unknown_groups, kept: self.kept_edits})


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
            if not isinstance(month, str) or not MONTH_RE.match(month):
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
