"""Why a theme rule said no: `ThemeReason`, raised as `ThemeRuleError` (words in texts.py)."""
from __future__ import annotations

from enum import StrEnum

from bot.outcomes import Refused


class ThemeReason(StrEnum):
    PAST_MONTH = "past_month"  # a past month's theme is not changed
    PAST_MONTH_PUBLISH = "past_month_publish"
    CREATED_MEANWHILE = "created_meanwhile"  # another cadre created the month's theme a moment ago
    CHANGED_MEANWHILE = "changed_meanwhile"
    PUSHED_ALREADY = "pushed_already"


class ThemeRuleError(Refused):
    """A theme rule said no: `reason` is a ThemeReason; `texts.refusal(error)` words it."""

    reason: ThemeReason
