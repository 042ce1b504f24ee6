"""Volunteer service, the read side: profiles, upcoming tasks, a user's sign-ups, offers, hours.

Used by the chat handler, the `status` answer and the rules in rules.py (the package
re-exports these names). Only ever reads the records of the user it is given.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.kept_sql import KeptSql
from bot.volunteers import texts
from bot.models import OutboxMessage, User, utcnow
from bot.models.volunteers import SignUp, Task, VolunteerProfile

ACTIVE = ("confirmed", "waiting")


@dataclass
class MyVolunteering:
    upcoming: list[SignUp]
    total_hours: float
    attended: int


def get_profile(session: Session, user: User) -> VolunteerProfile | None:
    return session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))


def waiting_rank(session: Session, signup: SignUp) -> int:
    """1 for the first on the waiting list."""
    return session.scalar(select(func.count(SignUp.id)).where(
        SignUp.task_id == signup.task_id, SignUp.state == "waiting",
        SignUp.position <= signup.position)) or 1


def upcoming_tasks(session: Session, area_id: int, now: datetime, limit: int = 5) -> list[Task]:
    return list(session.scalars(select(Task).where(
        Task.area_id == area_id, Task.state == "open", Task.starts_at > now)
        .order_by(Task.starts_at, Task.number).limit(limit)))


def active_signups(session: Session, user: User, now: datetime) -> list[SignUp]:
    """The user's confirmed or waiting sign-ups for tasks still to come."""
    return list(session.scalars(
        select(SignUp).join(Task).join(VolunteerProfile)
        .where(VolunteerProfile.user_id == user.id, SignUp.state.in_(ACTIVE),
               Task.state == "open", Task.starts_at > now)
        .order_by(Task.starts_at, Task.number)))


def signup_states(session: Session, user: User, task_ids: list[int]) -> dict[int, str]:
    """task id → the user's sign-up state, for the given tasks the user has a sign-up on."""
    return dict(session.execute(
        select(SignUp.task_id, SignUp.state).join(VolunteerProfile)
        .where(VolunteerProfile.user_id == user.id, SignUp.task_id.in_(task_ids))).all())


_OUTBOX = OutboxMessage.__table__
# Run on the DBAPI cursor (bot/kept_sql.py): it runs for ~40% of messages (a yes may answer an
# offer). A Core statement: `session.execute` would not autoflush for it either.
_OFFER_KEYS = KeptSql(lambda _insert: select(_OUTBOX.c.business_key).where(
    _OUTBOX.c.openid == bindparam("openid"), _OUTBOX.c.kind == "task",
    _OUTBOX.c.business_key.like("task:%:offer:%")), ("openid",))


def offered_tasks(session: Session, user: User, now: datetime) -> list[Task]:
    """Open, upcoming tasks pushed to this user (by the outbox's offer keys), soonest first."""
    keys = _OFFER_KEYS.rows_in(session, {"openid": user.openid})
    numbers = {int(key.split(":")[1]) for key, in keys}
    if not numbers:
        return []
    return list(session.scalars(select(Task).where(
        Task.number.in_(numbers), Task.state == "open", Task.starts_at > now)
        .order_by(Task.starts_at, Task.number)))


def my_volunteering(session: Session, user: User, now: datetime | None = None) -> MyVolunteering:
    now = now or utcnow()
    total, attended = session.execute(
        select(func.coalesce(func.sum(SignUp.hours_credited), 0.0), func.count(SignUp.id))
        .join(VolunteerProfile).where(VolunteerProfile.user_id == user.id,
                                      SignUp.state == "attended")).one()
    return MyVolunteering(active_signups(session, user, now), float(total), int(attended))


def signup_state_words(session: Session, signup: SignUp) -> str:
    """How a villager reads a sign-up's state."""
    if signup.state == "waiting":
        return f"候补第{waiting_rank(session, signup)}位"
    return {"confirmed": "已报名", "cancelled": "已取消", "absent": "没去",
            "attended": f"已参加，记{texts.format_hours(signup.hours_credited)}"}[signup.state]


def status_lines(session: Session, user: User) -> list[str]:
    """Record source for the `status` answer: this user's sign-ups (upcoming, then recent)."""
    now = utcnow()
    profile = get_profile(session, user)
    if profile is None:
        return []
    signups = session.scalars(
        select(SignUp).join(Task).where(SignUp.volunteer_id == profile.id,
                                        Task.ends_at > now - timedelta(days=30))
        .order_by(Task.starts_at.desc()).limit(6)).all()
    lines = []
    for signup in reversed(signups):
        task = signup.task
        state = "活动取消了" if task.state == "cancelled" else signup_state_words(session, signup)
        lines.append(f"{task.title}（{task.number}号）{texts.format_when(task)}：{state}")
    return lines


def unanswered_offers(session: Session, user: User, now: datetime | None = None) -> list[Task]:
    """Tasks pushed to this user, open and to come, that they neither took nor turned down
    (a 去不了 to an offer is kept in their context as a declined task item, bot/context.py)."""
    from bot import context  # at call time: bot.context is below the capabilities, not beside them

    now = now or utcnow()
    offers = offered_tasks(session, user, now)
    if not offers:
        return []
    declined = {item.ref for item in context.recent(session, user.openid, ("task",), now)
                if item.via == "declined"}
    states = signup_states(session, user, [t.id for t in offers])
    return [t for t in offers if t.id not in states and str(t.number) not in declined]

