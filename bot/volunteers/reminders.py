"""Day-before reminders of volunteer tasks (the scheduler's job `volunteer-reminders` calls
`reminders_due` at 18:00 local every day; `flask task remind` calls it by hand).

A confirmed sign-up is reminded once its task's reminder is due (18:00 local on the day before
the task) and the task has not begun: so the evening run reminds the volunteers of tomorrow's
tasks, and a run made late (the scheduler down at 18:00 runs it once when it starts again)
still reminds those of a task early the next morning. Withdrawn and waiting sign-ups get none;
a waiting volunteer promoted before the run is confirmed and gets one. Exactly once per sign-up
(its outbox business key), however often the job runs.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.localtime import DEFAULT_TZ
from bot.models.volunteers import SignUp, Task
from bot.outbox import enqueue
from bot.volunteers import texts

# Reminders of a day's tasks go out from this local time on the day before.
REMIND_AT = time(18, 0)


def reminder_due_at(starts_at: datetime, tz: ZoneInfo = DEFAULT_TZ) -> datetime:
    """When the reminder of a task starting at `starts_at` becomes due: 18:00 local the day before."""
    day_before = starts_at.astimezone(tz).date() - timedelta(days=1)
    return datetime.combine(day_before, REMIND_AT, tzinfo=tz)


def reminders_due(session: Session, now: datetime, tz: ZoneInfo = DEFAULT_TZ) -> int:
    """Enqueue the reminder of each confirmed sign-up whose task's reminder is due and which has
    not begun; returns the outbox rows written (0 for those reminded already)."""
    rows = session.execute(
        select(SignUp, Task).join(Task, SignUp.task_id == Task.id)
        .where(Task.state == "open", Task.starts_at > now, Task.starts_at <= now + timedelta(days=2),
               SignUp.state == "confirmed").order_by(Task.starts_at, SignUp.id)).all()
    enqueued = 0
    for signup, task in rows:
        if reminder_due_at(task.starts_at, tz) > now:
            continue
        openid = signup.volunteer.user.openid
        text, data = texts.reminder_text(task, tz)
        enqueued += enqueue(session, f"task:{task.number}:remind:{openid}", openid, "reminder", text, data)
    return enqueued
