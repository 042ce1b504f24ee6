"""Monthly themes (一组一特色、一月一主题) of the representative groups: load, publish, push, show.

    from bot import themes
    themes.load_themes(session, path) / check_theme / read_themes_file    # loader.py: knowledge/themes.yaml
    themes.monthly_theme_push(session, now)   # notices.py: the scheduler's job, 1st of the month 09:00
    themes.push_due_themes(session, now)      # notices.py: themes published late ("theme-late" job)
    themes.save_theme / publish_theme / unpublish_theme    # staff.py: the admin page
    themes.themes_for_area / month_of / push_due_at / push_status   # lookups.py
    themes.texts.refusal / short_name / activity_line / digest_texts  # texts.py: what people read
    themes.digest.push_digests / live_digest   # digest.py: one mass-sent digest per area a month
    `flask themes load|push`                  # cli.py

Months are local months (TZ_NAME). Functions take the caller's session and never commit.
"""
from .loader import (DEFAULT_PATH, MAX_ACTIVITIES, ThemeDataError, ThemeLoadReport, check_theme, load_themes,
                     read_themes_file)
from . import texts
from .lookups import (PUSH_DAY, PUSH_TIME, PushStatus, find_theme, is_month, local_zone, month_is_past, month_of,
                      next_month, push_due_at, push_status, themes_for_area)
from .notices import KIND, monthly_theme_push, push_due_themes, theme_recipients, theme_text
from .reasons import ThemeReason, ThemeRuleError
from .staff import EDITABLE, ThemeChange, publish_theme, save_theme, unpublish_theme
from .texts import STOP_HINT, month_words

__all__ = [
    "DEFAULT_PATH", "MAX_ACTIVITIES", "ThemeDataError", "ThemeLoadReport", "check_theme", "load_themes",
    "read_themes_file", "PUSH_DAY", "PUSH_TIME", "PushStatus", "find_theme", "is_month", "local_zone",
    "month_is_past", "month_of", "month_words", "next_month", "push_due_at", "push_status", "themes_for_area",
    "KIND", "STOP_HINT", "monthly_theme_push", "push_due_themes", "theme_recipients", "theme_text", "EDITABLE",
    "ThemeChange", "ThemeReason", "ThemeRuleError", "texts", "publish_theme", "save_theme", "unpublish_theme",
]
