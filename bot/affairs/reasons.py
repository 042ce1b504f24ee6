"""Why a village-affairs rule said no: `AffairsReason`, raised as `AffairsError` (words in texts.py)."""
from __future__ import annotations

from enum import StrEnum

from bot.outcomes import Refused


class AffairsReason(StrEnum):
    NO_AREA = "no_area"  # facts: area_code
    NO_VILLAGE = "no_village"  # facts: area, village
    UNKNOWN_KIND = "unknown_kind"  # facts: kind, choices
    BAD_TITLE = "bad_title"  # facts: max_title
    BODY_TOO_LONG = "body_too_long"  # facts: max_body
    NO_MEETING_TIME = "no_meeting_time"  # facts: kind
    MASS_BUDGET = "mass_budget"  # facts: over, per_month (WeChat's four mass sends a month)


class AffairsError(Refused):
    """A rule for notices said no: `reason` is an AffairsReason; `texts.refusal(error)` words it."""

    reason: AffairsReason
