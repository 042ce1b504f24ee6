"""Volunteer service rules, shared by chat, admin page, CLI and scheduler (plain functions over a session).

A place is taken only by the conditional `UPDATE … SET taken = taken + 1 WHERE taken < needed`
with a rowcount check (the schema's CHECK and UNIQUE back it up); a full task puts the volunteer
on its waiting list. A freed place goes to the first on the waiting list in the same
transaction, or back to the task. Every push goes through the outbox under a business key, so
the same event never reaches a volunteer twice. Functions never commit: the caller's
transaction (request, job, command) does.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.localtime import DEFAULT_TZ
from bot.volunteers import texts
from bot.models import Area, Canteen, User, UserRole, utcnow
from bot.models.volunteers import SignUp, Task, VolunteerProfile, VolunteerTeam
from bot.outbox import enqueue
from bot.subscriptions import VOLUNTEER_KIND, opted_out
from bot.volunteers.lookups import ACTIVE, get_profile, waiting_rank
from bot.volunteers.reasons import Joined, VolunteerError, VolunteerReason

SKILLS = ("做饭", "陪老人聊天", "理发", "开车", "其他")
FREE_TIMES = ("工作日上午", "工作日下午", "晚上", "周末", "什么时候都行")


@dataclass
class SignUpResult:
    outcome: Joined
    task: Task
    signup: SignUp
    waiting_rank: int | None = None


@dataclass
class CancelResult:
    task: Task
    was: str  # the sign-up's state before: confirmed | waiting
    promoted: SignUp | None = None


def _team_for(session: Session, area: Area) -> VolunteerTeam:
    team = session.scalar(select(VolunteerTeam).where(VolunteerTeam.area_id == area.id))
    if team is not None:
        return team
    try:
        with session.begin_nested():
            team = VolunteerTeam(area_id=area.id, name=f"{area.name}志愿服务队")
            session.add(team)
    except IntegrityError:  # created at the same moment by another registration
        team = session.scalars(select(VolunteerTeam).where(VolunteerTeam.area_id == area.id)).one()
    return team


def register_volunteer(session: Session, user: User, skills: list[str], free_times: list[str],
                       now: datetime | None = None) -> VolunteerProfile:
    """Register (or update) the user as a volunteer of their village's area."""
    if user.village is None:
        raise VolunteerError(VolunteerReason.NO_VILLAGE)
    unknown = [s for s in list(skills) + list(free_times) if s not in SKILLS + FREE_TIMES]
    if unknown:
        raise ValueError(f"unknown skills or times: {unknown}")
    area = user.village.area
    team = _team_for(session, area)
    profile = get_profile(session, user)
    if profile is None:
        profile = VolunteerProfile(user_id=user.id, area_id=area.id, registered_at=now or utcnow())
        session.add(profile)
    profile.area_id, profile.team_id = area.id, team.id
    profile.skills, profile.free_times, profile.active = list(skills), list(free_times), True
    has_role = session.scalar(select(UserRole.id).where(
        UserRole.user_id == user.id, UserRole.role == "volunteer", UserRole.area_id == area.id))
    if not has_role:
        session.add(UserRole(user_id=user.id, role="volunteer", area_id=area.id))
    session.flush()
    return profile


def _insert_with_next_number(session: Session, task: Task) -> None:
    """Give the task the next free number; a concurrent creation on PostgreSQL just retries."""
    for _ in range(5):
        task.number = (session.scalar(select(func.max(Task.number))) or 0) + 1
        try:
            with session.begin_nested():
                session.add(task)
            return
        except IntegrityError:
            continue
    raise VolunteerError(VolunteerReason.NUMBER_CLASH)


def create_task(session: Session, *, title: str, area_code: str, starts_at: datetime,
                ends_at: datetime, needed: int, place: str = "", skills: list[str] | tuple = (),
                canteen_code: str | None = None, theme_ref: str | None = None, risky: bool = False,
                insured: bool = False, created_by: User | None = None,
                tz: ZoneInfo = DEFAULT_TZ, now: datetime | None = None) -> tuple[Task, int]:
    """Create a task and offer it to every matching volunteer of the area. Returns (task, offers)."""
    area = session.scalar(select(Area).where(Area.code == area_code))
    if area is None:
        raise VolunteerError(VolunteerReason.NO_AREA, area_code=area_code)
    if needed < 1 or ends_at <= starts_at:
        raise VolunteerError(VolunteerReason.BAD_SIZE_OR_TIMES)
    if starts_at <= (now or utcnow()):
        raise VolunteerError(VolunteerReason.START_PASSED)
    unknown = [s for s in skills if s not in SKILLS]
    if unknown:
        raise VolunteerError(VolunteerReason.UNKNOWN_SKILLS, unknown="、".join(unknown),
                             choices="、".join(SKILLS))
    if risky and not insured:
        raise VolunteerError(VolunteerReason.NOT_INSURED)
    if canteen_code:
        canteen = session.scalar(select(Canteen).where(Canteen.code == canteen_code))
        if canteen is None:
            raise VolunteerError(VolunteerReason.NO_CANTEEN, canteen_code=canteen_code)
        if not place:
            place = f"{canteen.name}（{canteen.address}）" if canteen.address else canteen.name
    task = Task(title=title, starts_at=starts_at, ends_at=ends_at, place=place, area_id=area.id,
                needed=needed, taken=0, skills=list(skills), canteen_code=canteen_code,
                theme_ref=theme_ref, risky=risky, state="open",
                created_by_id=created_by.id if created_by else None)
    _insert_with_next_number(session, task)
    return task, offer_task(session, task, tz)


def offer_task(session: Session, task: Task, tz: ZoneInfo = DEFAULT_TZ) -> int:
    """Push the task to the area's volunteers whose skills match (not those who said 志愿任务别推了);
    returns how many were new."""
    profiles = session.scalars(select(VolunteerProfile).join(User).where(
        VolunteerProfile.area_id == task.area_id, VolunteerProfile.active.is_(True),
        User.subscribed.is_(True), User.id.not_in(opted_out(VOLUNTEER_KIND))).order_by(VolunteerProfile.id)).all()
    text, data = texts.offer_text(task, tz)
    sent = 0
    for profile in profiles:
        if task.skills and not set(task.skills) & set(profile.skills or []):
            continue
        openid = profile.user.openid
        sent += enqueue(session, f"task:{task.number}:offer:{openid}", openid, "task", text, data)
    return sent


def find_task(session: Session, task_no: int) -> Task:
    task = session.scalar(select(Task).where(Task.number == task_no))
    if task is None:
        raise VolunteerError(VolunteerReason.NO_TASK, task_no=task_no)
    return task


def lock_task(session: Session, task: Task) -> Task:
    """Lock the task row (PostgreSQL) and reload it; SQLite's BEGIN IMMEDIATE already serialises.

    Confirms and cancels of one task queue up here, so a freed place and a new waiter can never
    pass each other (the place staying free while someone waits).
    """
    return session.scalars(select(Task).where(Task.id == task.id).with_for_update()
                           .execution_options(populate_existing=True)).one()


def _signup_of(session: Session, task: Task, profile: VolunteerProfile) -> SignUp | None:
    return session.scalars(select(SignUp).where(SignUp.task_id == task.id,
                                                SignUp.volunteer_id == profile.id)
                           .execution_options(populate_existing=True)).one_or_none()


def _require_open(task: Task, now: datetime) -> None:
    if task.state != "open":
        raise VolunteerError(VolunteerReason.TASK_CANCELLED, task, number=task.number)
    if task.starts_at <= now:
        raise VolunteerError(VolunteerReason.TASK_STARTED, task, number=task.number)


def confirm_task(session: Session, task_no: int, user: User, now: datetime | None = None) -> SignUpResult:
    """Take a place on the task, or join its waiting list; a repeated confirm changes nothing."""
    now = now or utcnow()
    profile = get_profile(session, user)
    if profile is None:
        raise VolunteerError(VolunteerReason.NOT_VOLUNTEER)
    task = lock_task(session, find_task(session, task_no))
    _require_open(task, now)  # after the lock: a task called off meanwhile takes nobody
    signup = _signup_of(session, task, profile)
    if signup is not None and signup.state in ("confirmed", "attended"):
        return SignUpResult(Joined.ALREADY_CONFIRMED, task, signup)
    if signup is not None and signup.state == "waiting":
        return SignUpResult(Joined.ALREADY_WAITING, task, signup, waiting_rank(session, signup))
    if signup is None:
        try:
            with session.begin_nested():
                signup = SignUp(task_id=task.id, volunteer_id=profile.id, state="waiting")
                session.add(signup)
        except IntegrityError:  # the same volunteer confirming twice at once: the first row wins
            signup = _signup_of(session, task, profile)
            outcome = Joined.ALREADY_CONFIRMED if signup.state == "confirmed" else Joined.ALREADY_WAITING
            return SignUpResult(outcome, task, signup)
    took = session.execute(
        update(Task).where(Task.id == task.id, Task.taken < Task.needed)
        .values(taken=Task.taken + 1).execution_options(synchronize_session=False)).rowcount
    if took == 1:
        signup.state, signup.position = "confirmed", None
        session.flush()
        session.refresh(task)
        return SignUpResult(Joined.CONFIRMED, task, signup)
    signup.state, signup.position = "waiting", _next_waiting_position(session, task)
    session.flush()
    return SignUpResult(Joined.WAITING, task, signup, waiting_rank(session, signup))


def _next_waiting_position(session: Session, task: Task) -> int:
    return session.execute(
        update(Task).where(Task.id == task.id).values(waiting_seq=Task.waiting_seq + 1)
        .returning(Task.waiting_seq).execution_options(synchronize_session=False)).scalar_one()


def cancel_signup(session: Session, task_no: int, user: User, now: datetime | None = None,
                  tz: ZoneInfo = DEFAULT_TZ) -> CancelResult:
    """Give up a place (it goes to the first waiting, who is told) or leave the waiting list."""
    now = now or utcnow()
    profile = get_profile(session, user)
    task = find_task(session, task_no)
    signup = _signup_of(session, task, profile) if profile else None
    if signup is None or signup.state not in ACTIVE:
        raise VolunteerError(VolunteerReason.NOT_SIGNED_UP, task, number=task.number)
    if task.starts_at <= now:
        raise VolunteerError(VolunteerReason.CANCEL_AFTER_START, task)
    task = lock_task(session, task)
    signup = _signup_of(session, task, profile)
    was = signup.state
    if was not in ACTIVE:  # cancelled by a concurrent message meanwhile
        raise VolunteerError(VolunteerReason.NOT_SIGNED_UP, task, number=task.number)
    signup.state = "cancelled"
    session.flush()
    promoted = _pass_place_on(session, task, tz) if was == "confirmed" else None
    session.refresh(task)
    return CancelResult(task, was, promoted)


def _pass_place_on(session: Session, task: Task, tz: ZoneInfo) -> SignUp | None:
    """The freed place goes to the first waiting volunteer, or back to the task."""
    waiting = session.scalars(select(SignUp).where(SignUp.task_id == task.id, SignUp.state == "waiting")
                              .order_by(SignUp.position)).all()
    for candidate in waiting:
        moved = session.execute(
            update(SignUp).where(SignUp.id == candidate.id, SignUp.state == "waiting")
            .values(state="confirmed", updated_at=utcnow())
            .execution_options(synchronize_session=False)).rowcount
        if moved == 1:
            session.refresh(candidate)
            openid = candidate.volunteer.user.openid
            text, data = texts.promoted_text(task, tz)
            enqueue(session, f"task:{task.number}:promoted:{openid}:{candidate.position}",
                    openid, "task", text, data)
            return candidate
    session.execute(update(Task).where(Task.id == task.id, Task.taken > 0)
                    .values(taken=Task.taken - 1).execution_options(synchronize_session=False))
    return None


def cancel_task(session: Session, task_no: int, tz: ZoneInfo = DEFAULT_TZ) -> int:
    """The organiser calls a task off; everyone signed up is told. Returns how many were told."""
    task = lock_task(session, find_task(session, task_no))
    if task.state == "cancelled":
        return 0
    task.state = "cancelled"
    text, data = texts.cancelled_task_text(task, tz)
    told = 0
    for signup in session.scalars(select(SignUp).where(SignUp.task_id == task.id,
                                                       SignUp.state.in_(ACTIVE))):
        openid = signup.volunteer.user.openid
        told += enqueue(session, f"task:{task.number}:cancelled:{openid}", openid, "task", text, data)
    session.flush()
    return told


def mark_attendance(session: Session, task_no: int, user: User, attended: bool,
                    hours: float | None = None, now: datetime | None = None) -> SignUp:
    """Record whether a confirmed volunteer came; credits hours (the task's length by default)."""
    now = now or utcnow()
    task = find_task(session, task_no)
    if task.starts_at > now:
        raise VolunteerError(VolunteerReason.NOT_BEGUN, task)
    profile = get_profile(session, user)
    signup = _signup_of(session, task, profile) if profile else None
    if signup is None or signup.state not in ("confirmed", "attended", "absent"):
        raise VolunteerError(VolunteerReason.VOLUNTEER_NOT_SIGNED_UP, task, number=task.number)
    if hours is not None and hours < 0:
        raise VolunteerError(VolunteerReason.NEGATIVE_HOURS)
    signup.state = "attended" if attended else "absent"
    signup.hours_credited = (task.hours if hours is None else hours) if attended else 0.0
    session.flush()
    return signup
