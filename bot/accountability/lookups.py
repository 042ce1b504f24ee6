"""Accountability figures per month (响应率、解决率、满意率) of needs, errands and mediations, for
areas, townships, the county and the representative groups. Plain queries over a session.

Definitions (the page prints them, texts.py): a thing counts in the local month it was asked for
(a need reported, an errand asked, a booking made). Rates are (numerator, denominator) pairs;
a denominator of 0 shows as "—".
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import Area, Booking, Errand, Need, RepGroup
from bot.needs.rules import claim_timeouts

ERRAND_RESPONSE = timedelta(hours=24)
KINDS = ("need", "errand", "mediation")
KIND_LABELS = {"need": "群众需求", "errand": "便民代办", "mediation": "矛盾调解"}
MEASURES = ("response", "solved", "satisfied")
MEASURE_LABELS = {"response": "响应率", "solved": "解决率", "satisfied": "满意率"}


@dataclass
class Rate:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += int(hit)

    @property
    def share(self) -> float | None:
        return self.hits / self.total if self.total else None

    def words(self) -> str:
        return "—" if not self.total else f"{round(100 * self.hits / self.total)}%（{self.hits}/{self.total}）"


@dataclass
class Figures:
    """The rates of one unit (an area, a township, the county, a group) for one month."""

    name: str
    rates: dict[tuple[str, str], Rate] = field(default_factory=lambda: defaultdict(Rate))

    def rate(self, kind: str, measure: str) -> Rate:
        return self.rates[(kind, measure)]

    @property
    def score(self) -> float | None:
        shares = [r.share for r in self.rates.values() if r.share is not None]
        return sum(shares) / len(shares) if shares else None

    def merge(self, other: "Figures") -> None:
        for key, rate in other.rates.items():
            mine = self.rates[key]
            mine.hits += rate.hits
            mine.total += rate.total


def month_bounds(month: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(month.replace(day=1), time(), tzinfo=tz)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, datetime.combine(following, time(), tzinfo=tz)


def _needs(session: Session, start: datetime, end: datetime, now: datetime, out, groups) -> None:
    limits = claim_timeouts()
    for need in session.scalars(select(Need).where(Need.created_at >= start, Need.created_at < end)):
        if need.area_id not in out:
            continue  # outside the account's areas: not in any of its figures, groups' included
        due = need.created_at + limits.get(need.urgency, limits["normal"])
        units = [out[need.area_id]] + ([groups[need.group_code]] if need.group_code in groups else [])
        for unit in units:
            if need.claimed_at is not None or now >= due:
                unit.rate("need", "response").add(need.claimed_at is not None and need.claimed_at <= due)
            unit.rate("need", "solved").add(need.state == "closed")
            if need.state == "closed" and need.satisfaction is not None:
                unit.rate("need", "satisfied").add(need.satisfaction == "satisfied")


def _satisfied(unit: Figures, kind: str, rating: str | None) -> None:
    """满意率, one definition for errands and mediations: of the things rated (the latest rating
    kept on the row), the share rated satisfied."""
    if rating is not None:
        unit.rate(kind, "satisfied").add(rating == "satisfied")


def _errands(session: Session, start: datetime, end: datetime, out) -> None:
    for errand in session.scalars(select(Errand).where(Errand.created_at >= start, Errand.created_at < end)):
        if errand.area_id not in out or (errand.state == "cancelled" and errand.accepted_at is None):
            continue  # outside the areas, or withdrawn by the villager before anyone took it
        unit = out[errand.area_id]
        unit.rate("errand", "response").add(errand.accepted_at is not None
                                            and errand.accepted_at - errand.created_at <= ERRAND_RESPONSE)
        unit.rate("errand", "solved").add(errand.state == "done")
        _satisfied(unit, "errand", errand.rating)


def _mediations(session: Session, start: datetime, end: datetime, out) -> None:
    for booking in session.scalars(select(Booking).where(Booking.created_at >= start, Booking.created_at < end)):
        area_id = booking.slot.room.area_id
        if booking.state == "cancelled" or area_id not in out:
            continue
        unit = out[area_id]
        unit.rate("mediation", "response").add(booking.state != "requested")
        if booking.outcome is not None:
            unit.rate("mediation", "solved").add(booking.outcome == "调解成功")
        _satisfied(unit, "mediation", booking.rating)


def monthly(session: Session, month: date, tz: ZoneInfo, areas: list[Area],
            now: datetime | None = None) -> tuple[list[Figures], list[Figures], Figures, list[Figures]]:
    """(areas ranked, townships ranked, all of them together, groups ranked) for the local month."""
    now = now or clock.now()
    start, end = month_bounds(month, tz)
    by_area: dict[int, Figures] = {a.id: Figures(a.name) for a in areas}
    out = by_area
    groups = {g.code: Figures(g.name) for g in session.scalars(select(RepGroup))}
    _needs(session, start, end, now, out, groups)
    _errands(session, start, end, out)
    _mediations(session, start, end, out)
    townships: dict[str, Figures] = {}
    whole = Figures("合计")
    for area in areas:
        townships.setdefault(area.township or "—", Figures(area.township or "—")).merge(by_area[area.id])
        whole.merge(by_area[area.id])
    groups_used = [g for g in groups.values() if g.rates]

    def ranked(units):
        return sorted(units, key=lambda f: (f.score is None, -(f.score or 0), f.name))

    return ranked(by_area.values()), ranked(townships.values()), whole, ranked(groups_used)
