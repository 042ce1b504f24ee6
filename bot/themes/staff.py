"""Monthly themes made on the admin page: drafts, publishing, what was pushed, late pushes.

    save_theme(session, "tw-bianzhuang", "2027-01", values, now)  → ThemeChange
    publish_theme(session, theme, now) / unpublish_theme(session, theme, now)
    push_status(session, [themes])          → {theme id: PushStatus(count, sent, first_at)}
    push_due_themes(session, now)           # scheduler job "theme-late" (enqueue only)

A theme made here starts as a draft; only published themes are pushed (notices.py). The
monthly job pushes a month's themes from 09:00 on the 1st; a theme of the current month
published later is pushed by `push_due_themes` on its next run. Both go through
`monthly_theme_push`, whose outbox keys `theme:<month>:<group>:<openid>` let each person get a
group's theme of a month once: an edit after the push pushes nothing again. `values` are
checked with `bot.themes.check_theme`, the checks of knowledge/themes.yaml. Functions never commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Theme

from .loader import check_theme
from .lookups import find_theme, month_is_past, push_status
from .reasons import ThemeReason, ThemeRuleError

EDITABLE = ("title", "description", "activities")


@dataclass
class ThemeChange:
    theme: Theme
    created: bool
    before: dict = field(default_factory=dict)  # the changed fields, old values
    after: dict = field(default_factory=dict)   # … new values (all fields when created)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.after)


def save_theme(session: Session, group_code: str, month: str, values: dict, now: datetime,
               tz: ZoneInfo | str | None = None, seen: datetime | None = None) -> ThemeChange:
    """Create the month's theme (a draft) or change it. `values` raw from a form: checked here.

    `seen`: the `updated_at` the cadre's form was made from; a theme changed since is refused
    rather than overwritten (unless the form asks for what is there already).
    """
    checked = check_theme(values, "theme")
    if month_is_past(month, now, tz):
        raise ThemeRuleError(ThemeReason.PAST_MONTH)
    theme = find_theme(session, group_code, month)
    if theme is None:
        theme = Theme(group_code=group_code, month=month, published=False, edited_on_page=True, **checked)
        try:
            with session.begin_nested():
                session.add(theme)
        except IntegrityError:  # another cadre created it a moment ago
            raise ThemeRuleError(ThemeReason.CREATED_MEANWHILE) from None
        return ThemeChange(theme, True, after=dict(checked))
    before = {key: getattr(theme, key) for key in EDITABLE if getattr(theme, key) != checked[key]}
    if before and seen is not None and theme.updated_at != seen:
        raise ThemeRuleError(ThemeReason.CHANGED_MEANWHILE, theme)
    for key in before:
        setattr(theme, key, checked[key])
    if before:
        theme.edited_on_page = True
        session.flush()
    return ThemeChange(theme, False, before=before, after={key: checked[key] for key in before})


def publish_theme(session: Session, theme: Theme, now: datetime, tz: ZoneInfo | str | None = None) -> bool:
    """Publish a draft; False when it was published already. Pushed on (or after) its 1st at 09:00."""
    if theme.published:
        return False
    if month_is_past(theme.month, now, tz):
        raise ThemeRuleError(ThemeReason.PAST_MONTH_PUBLISH, theme)
    theme.published, theme.published_at, theme.edited_on_page = True, now, True
    session.flush()
    return True


def unpublish_theme(session: Session, theme: Theme, now: datetime, tz: ZoneInfo | str | None = None) -> bool:
    """Back to a draft, while nothing was pushed; False when it was a draft already."""
    if not theme.published:
        return False
    if month_is_past(theme.month, now, tz):
        raise ThemeRuleError(ThemeReason.PAST_MONTH, theme)
    if theme.pushed_at is not None or push_status(session, [theme])[theme.id].count:
        raise ThemeRuleError(ThemeReason.PUSHED_ALREADY, theme)
    theme.published, theme.published_at, theme.edited_on_page = False, None, True
    session.flush()
    return True
