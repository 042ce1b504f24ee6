"""Changing a volunteer task after it was pushed: title, place, number of people needed.

The rules beside rules.py (same locking, same outbox keys for promotions):
- only an open task that has not begun can change;
- `needed` never drops below the places already taken (CHECK taken <= needed backs it up);
- raising `needed` gives the new places to the waiting list in order, each promoted
  volunteer told once (`task:<no>:promoted:<openid>:<position>`, as when someone drops out);
- a new place is told to everyone signed up or waiting (`task:<no>:place:<digest>:<openid>`).
The time of a task does not change here: call it off and create a new one, so nobody keeps
a confirmation for a time that no longer holds.
Functions never commit.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.volunteers import texts
from bot.models import utcnow
from bot.models.volunteers import SignUp, Task
from bot.outbox import enqueue
from bot.localtime import DEFAULT_TZ
from bot.volunteers.lookups import ACTIVE
from bot.volunteers.reasons import VolunteerError, VolunteerReason
from bot.volunteers.rules import find_task, lock_task


@dataclass
class TaskChange:
    task: Task
    changed: dict[str, tuple] = field(default_factory=dict)  # field → (before, after)
    promoted: list[SignUp] = field(default_factory=list)
    told_place: int = 0


def _place_text(task: Task, tz: ZoneInfo) -> tuple[str, dict]:
    remark = f"活动地点有变化，请按新地点去。去不了请回复“取消 {task.number}”。"
    text = f"【活动地点变更】{task.title}\n时间：{texts.format_when(task, tz)}\n新地点：{task.place}\n{remark}"
    return text, texts.template_data(task, remark, tz)


def _more_places_text(task: Task, tz: ZoneInfo) -> tuple[str, dict]:
    remark = f"活动增加了名额，您已经从候补转为正式报名。去不了请回复“取消 {task.number}”。"
    text = f"【志愿活动】{task.title}\n时间：{texts.format_when(task, tz)}\n{remark}"
    return text, texts.template_data(task, remark, tz)


def _promote_waiting(session: Session, task: Task, tz: ZoneInfo) -> list[SignUp]:
    promoted = []
    waiting = session.scalars(select(SignUp).where(SignUp.task_id == task.id, SignUp.state == "waiting")
                              .order_by(SignUp.position)).all()
    for candidate in waiting:
        took = session.execute(update(Task).where(Task.id == task.id, Task.taken < Task.needed)
                               .values(taken=Task.taken + 1).execution_options(synchronize_session=False)).rowcount
        if took != 1:
            break
        candidate.state = "confirmed"
        session.flush()
        openid = candidate.volunteer.user.openid
        text, data = _more_places_text(task, tz)
        enqueue(session, f"task:{task.number}:promoted:{openid}:{candidate.position}", openid, "task", text, data)
        promoted.append(candidate)
    session.refresh(task)
    return promoted


def edit_task(session: Session, task_no: int, *, title: str, place: str, needed: int,
              tz: ZoneInfo = DEFAULT_TZ) -> TaskChange:
    """Apply the organiser's changes; returns what changed and whom it reached."""
    task = lock_task(session, find_task(session, task_no))
    if task.state != "open":
        raise VolunteerError(VolunteerReason.EDIT_CANCELLED, task, number=task.number)
    if task.starts_at <= utcnow():
        raise VolunteerError(VolunteerReason.EDIT_STARTED, task, number=task.number)
    title, place = title.strip(), place.strip()
    if not title:
        raise VolunteerError(VolunteerReason.EMPTY_TITLE, task)
    if needed < 1:
        raise VolunteerError(VolunteerReason.TOO_FEW, task)
    if needed < task.taken:
        raise VolunteerError(VolunteerReason.BELOW_TAKEN, task, taken=task.taken)
    change = TaskChange(task)
    for name, value in (("title", title[:80]), ("place", place[:200]), ("needed", needed)):
        if getattr(task, name) != value:
            change.changed[name] = (getattr(task, name), value)
            setattr(task, name, value)
    session.flush()
    if "needed" in change.changed and needed > change.changed["needed"][0]:
        change.promoted = _promote_waiting(session, task, tz)
    if "place" in change.changed and task.place:
        digest = hashlib.sha1(task.place.encode()).hexdigest()[:10]
        text, data = _place_text(task, tz)
        for signup in session.scalars(select(SignUp).where(SignUp.task_id == task.id, SignUp.state.in_(ACTIVE))):
            openid = signup.volunteer.user.openid
            change.told_place += enqueue(session, f"task:{task.number}:place:{digest}:{openid}",
                                         openid, "task", text, data)
    return change
