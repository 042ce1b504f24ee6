"""Volunteer service (志愿服务): profiles, tasks, sign-ups with a waiting list, attendance.

    from bot import volunteers
    volunteers.register_volunteer / confirm_task / cancel_signup     # rules.py (state changes)
    volunteers.create_task / offer_task / cancel_task / mark_attendance
    volunteers.reminders_due                                         # reminders.py (18:00 the day before)
    volunteers.edit_task                                             # staff.py (organisers only)
    volunteers.upcoming_tasks / my_volunteering / status_lines       # lookups.py (reads)
    volunteers.texts.format_when / task_line / refusal               # texts.py (what people read)
    volunteers.VolunteerError / VolunteerReason / Joined             # reasons.py (why a rule said no)
    `flask task …`                                                   # cli.py

Functions take the caller's session and never commit; pushes go through the outbox.
"""
from . import texts
from .lookups import (ACTIVE, MyVolunteering, active_signups, get_profile, my_volunteering, offered_tasks,
                      signup_state_words, signup_states, status_lines, unanswered_offers,
                      upcoming_tasks, waiting_rank)
from .reasons import Joined, VolunteerError, VolunteerReason
from .reminders import REMIND_AT, reminder_due_at, reminders_due
from .rules import (FREE_TIMES, SKILLS, CancelResult, SignUpResult,
                    cancel_signup, cancel_task, confirm_task, create_task, find_task, mark_attendance,
                    offer_task, register_volunteer)
from .staff import TaskChange, edit_task

__all__ = [
    "texts", "ACTIVE", "MyVolunteering", "active_signups", "get_profile", "my_volunteering", "offered_tasks",
    "signup_state_words", "signup_states", "status_lines", "unanswered_offers",
    "upcoming_tasks", "waiting_rank", "FREE_TIMES",
    "REMIND_AT", "reminder_due_at", "SKILLS", "CancelResult", "SignUpResult", "Joined", "VolunteerError", "VolunteerReason", "cancel_signup",
    "cancel_task", "confirm_task", "create_task", "find_task", "mark_attendance", "offer_task",
    "register_volunteer", "reminders_due", "TaskChange", "edit_task",
]
