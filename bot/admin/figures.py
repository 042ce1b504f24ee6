"""The dashboard's figures, within an account's areas: plain queries over a session (no Flask).

Months are local months (Asia/Shanghai by default) of the appointment / activity time. Needs
(吹哨报到): by field and state (all of them), and how fast they are handled (those reported in
the window): the share a representative took on (报到, or a cadre's 指派) within 48 hours, of
the needs reported at least 48 hours ago; and the median time from report to 办结 of the
closed ones.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from bot import clock
from bot.models import Area, Booking, Errand, MediationRoom, Need, NeedEvent, Slot, User, Village
from bot.models.volunteers import SignUp, Task

ERRAND_LABELS = {"offered": "待接单", "accepted": "办理中", "escalated": "待安排", "done": "已办结",
                 "cancelled": "已取消"}
RATING_LABELS = {"satisfied": "满意", "unsatisfied": "不满意"}
MEDIATION_SERIES = ["调解成功", "未成功", "转交", "待调解", "已取消"]
NEED_STATE_LABELS = {"collected": "已收集", "alerted": "已吹哨", "claimed": "已报到", "in_progress": "办理中",
                     "closed": "已办结", "reopened": "重新办理", "escalated": "已上报"}
CLAIM_WITHIN = timedelta(hours=48)


@dataclass(frozen=True)
class NeedSpeed:
    due: int  # needs reported at least 48 hours ago
    claimed_in_time: int  # of those, taken on within 48 hours of the report
    closed: int
    median_close: timedelta | None  # report → 办结, of the closed ones

    @property
    def claimed_share(self) -> float | None:
        return self.claimed_in_time / self.due if self.due else None


@dataclass
class Figures:
    months: list[str]
    errands_by_state: list[tuple[str, int]]
    mediations_by_month: list[tuple[str, dict[str, int]]]
    tasks_by_month: list[tuple[str, int]]
    hours_by_month: list[tuple[str, float]]
    subscribers_by_area: list[tuple[str, int]]
    needs_by_field: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    need_series: list[str] = field(default_factory=list)
    need_speed: NeedSpeed | None = None
    totals: dict[str, float] = field(default_factory=dict)


def _in(column, area_ids: set[int] | None) -> ColumnElement[bool]:
    if area_ids is None:
        return true()
    return column.in_(area_ids) if area_ids else false()


def month_window(today: date, months: int) -> list[date]:
    """First days of the `months` months ending with next month (upcoming bookings count too)."""
    year, month = today.year, today.month + 1
    firsts = []
    for _ in range(months):
        if month > 12:
            year, month = year + 1, month - 12
        firsts.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(firsts)


def _bounds(firsts: list[date], tz: ZoneInfo) -> tuple[datetime, datetime]:
    last = firsts[-1]
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return (datetime.combine(firsts[0], time(0), tzinfo=tz), datetime.combine(after, time(0), tzinfo=tz))


def _month(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m")


def errands_by_state(session: Session, area_ids: set[int] | None) -> list[tuple[str, int]]:
    rows = dict(session.execute(select(Errand.state, func.count()).where(_in(Errand.area_id, area_ids))
                                .group_by(Errand.state)).all())
    return [(label, rows.get(state, 0)) for state, label in ERRAND_LABELS.items()]


def mediations_by_month(session: Session, area_ids: set[int] | None, firsts: list[date],
                        tz: ZoneInfo) -> list[tuple[str, dict[str, int]]]:
    start, end = _bounds(firsts, tz)
    rows = session.execute(
        select(Slot.starts_at, Booking.state, Booking.outcome)
        .join(Booking, Booking.slot_id == Slot.id).join(MediationRoom, Slot.room_id == MediationRoom.id)
        .where(_in(MediationRoom.area_id, area_ids), Slot.starts_at >= start, Slot.starts_at < end)).all()
    months: dict[str, dict[str, int]] = {d.strftime("%Y-%m"): defaultdict(int) for d in firsts}
    for starts_at, state, outcome in rows:
        series = outcome if state == "done" and outcome else "已取消" if state == "cancelled" else "待调解"
        months[_month(starts_at, tz)][series] += 1
    return [(m, dict(v)) for m, v in months.items()]


def volunteering_by_month(session: Session, area_ids: set[int] | None, firsts: list[date],
                          tz: ZoneInfo) -> tuple[list[tuple[str, int]], list[tuple[str, float]]]:
    start, end = _bounds(firsts, tz)
    scoped = (_in(Task.area_id, area_ids), Task.starts_at >= start, Task.starts_at < end)
    tasks = session.scalars(select(Task.starts_at).where(*scoped, Task.state != "cancelled")).all()
    hours = session.execute(select(Task.starts_at, SignUp.hours_credited).join(SignUp, SignUp.task_id == Task.id)
                            .where(*scoped, SignUp.state == "attended")).all()
    count = {d.strftime("%Y-%m"): 0 for d in firsts}
    credited = {d.strftime("%Y-%m"): 0.0 for d in firsts}
    for starts_at in tasks:
        count[_month(starts_at, tz)] += 1
    for starts_at, value in hours:
        credited[_month(starts_at, tz)] += float(value or 0)
    return list(count.items()), [(m, round(h, 1)) for m, h in credited.items()]


def subscribers_by_area(session: Session, area_ids: set[int] | None) -> list[tuple[str, int]]:
    rows = session.execute(
        select(Area.name, func.count(User.id)).select_from(Area)
        .join(Village, Village.area_id == Area.id).join(User, User.village_id == Village.id)
        .where(_in(Area.id, area_ids), User.subscribed.is_(True))
        .group_by(Area.id, Area.name).order_by(func.count(User.id).desc(), Area.name)).all()
    return [(name, count) for name, count in rows]


def needs_by_field(session: Session, area_ids: set[int] | None) -> tuple[list, list[str]]:
    """Needs per field and state."""
    rows = session.execute(select(Need.field, Need.state, func.count()).where(_in(Need.area_id, area_ids))
                           .group_by(Need.field, Need.state)).all()
    by_field: dict[str, dict[str, int]] = defaultdict(dict)
    for field_name, state, count in rows:
        by_field[field_name or "未分类"][NEED_STATE_LABELS.get(state, state)] = count
    series = [label for label in NEED_STATE_LABELS.values()
              if any(label in values for values in by_field.values())]
    return sorted(by_field.items()), series


def need_speed(session: Session, area_ids: set[int] | None, since: datetime, now: datetime) -> NeedSpeed:
    """How fast the needs reported since `since` were taken on and closed (see the module doc)."""
    first_claim = (select(NeedEvent.need_id, func.min(NeedEvent.created_at).label("at"))
                   .where(NeedEvent.kind == "claimed").group_by(NeedEvent.need_id).subquery())
    rows = session.execute(
        select(Need.created_at, Need.state, Need.closed_at, first_claim.c.at)
        .outerjoin(first_claim, first_claim.c.need_id == Need.id)
        .where(_in(Need.area_id, area_ids), Need.created_at >= since)).all()
    due = [(created, claimed) for created, _, _, claimed in rows if created <= now - CLAIM_WITHIN]
    in_time = sum(1 for created, claimed in due if claimed is not None and claimed - created <= CLAIM_WITHIN)
    spans = [closed - created for created, state, closed, _ in rows if state == "closed" and closed is not None]
    return NeedSpeed(len(due), in_time, len(spans), median(spans) if spans else None)


def need_rates(session: Session, area_ids: set[int] | None, since: datetime, until: datetime) -> dict[str, tuple[int, int]]:
    """Of the needs reported in [since, until): (closed, reported) and (satisfied, rated)."""
    rows = session.execute(select(Need.state, Need.satisfaction).where(
        _in(Need.area_id, area_ids), Need.created_at >= since, Need.created_at < until)).all()
    rated = [sat for _, sat in rows if sat]
    return {"resolved": (sum(1 for state, _ in rows if state == "closed"), len(rows)),
            "satisfied": (sum(1 for sat in rated if sat == "satisfied"), len(rated))}


def duration_words(span: timedelta) -> str:
    """A span as a cadre says it: 不到1小时, 30小时, 2.5天."""
    hours = span.total_seconds() / 3600
    if hours < 1:
        return "不到1小时"
    if hours < 48:
        return f"{int(hours)}小时"
    return f"{hours / 24:.1f}".removesuffix(".0") + "天"


def dashboard(session: Session, area_ids: set[int] | None, today: date, tz: ZoneInfo,
              months: int = 6, now: datetime | None = None) -> Figures:
    firsts = month_window(today, months)
    tasks, hours = volunteering_by_month(session, area_ids, firsts, tz)
    figures = Figures(
        months=[d.strftime("%Y-%m") for d in firsts],
        errands_by_state=errands_by_state(session, area_ids),
        mediations_by_month=mediations_by_month(session, area_ids, firsts, tz),
        tasks_by_month=tasks, hours_by_month=hours,
        subscribers_by_area=subscribers_by_area(session, area_ids))
    figures.needs_by_field, figures.need_series = needs_by_field(session, area_ids)
    figures.need_speed = need_speed(session, area_ids, _bounds(firsts, tz)[0], now or clock.now())
    figures.totals = {
        "subscribers": sum(n for _, n in figures.subscribers_by_area),
        "open_errands": sum(n for label, n in figures.errands_by_state if label in ("待接单", "办理中", "待安排")),
        "mediations": sum(sum(v.values()) for _, v in figures.mediations_by_month),
        "hours": round(sum(h for _, h in figures.hours_by_month), 1),
    }
    return figures
