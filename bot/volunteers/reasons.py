"""Why a volunteer rule said no: `VolunteerReason`, raised as `VolunteerError` (words in texts.py);
what a sign-up did: `Joined`."""
from __future__ import annotations

from enum import StrEnum

from bot.outcomes import Refused


class VolunteerReason(StrEnum):
    # the villager
    NO_VILLAGE = "no_village"
    NOT_VOLUNTEER = "not_volunteer"
    NO_TASK = "no_task"  # facts: task_no
    TASK_CANCELLED = "task_cancelled"  # facts: number
    TASK_STARTED = "task_started"  # facts: number
    NOT_SIGNED_UP = "not_signed_up"  # facts: number
    CANCEL_AFTER_START = "cancel_after_start"
    # the organiser
    NUMBER_CLASH = "number_clash"
    NO_AREA = "no_area"  # facts: area_code
    BAD_SIZE_OR_TIMES = "bad_size_or_times"
    START_PASSED = "start_passed"
    UNKNOWN_SKILLS = "unknown_skills"  # facts: unknown, choices
    NOT_INSURED = "not_insured"
    NO_CANTEEN = "no_canteen"  # facts: canteen_code
    NOT_BEGUN = "not_begun"
    VOLUNTEER_NOT_SIGNED_UP = "volunteer_not_signed_up"  # facts: number
    NEGATIVE_HOURS = "negative_hours"
    EDIT_CANCELLED = "edit_cancelled"  # facts: number
    EDIT_STARTED = "edit_started"  # facts: number
    EMPTY_TITLE = "empty_title"
    TOO_FEW = "too_few"
    BELOW_TAKEN = "below_taken"  # facts: taken


class Joined(StrEnum):
    """What confirming a task did (`SignUpResult.outcome`)."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"  # the task is full: on its waiting list
    ALREADY_CONFIRMED = "already_confirmed"
    ALREADY_WAITING = "already_waiting"


class VolunteerError(Refused):
    """A volunteer rule said no: `reason` is a VolunteerReason; `texts.refusal(error)` words it."""

    reason: VolunteerReason
