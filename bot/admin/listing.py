"""The filters every list shares: words to search, village, date range, sort, page (no silent caps).

    f = Filters.from_request(tz())
    query = f.apply_dates(query, Need.created_at)
    rows, total, pages = f.page_of(session, query)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .bounds import db_id, in_range_day

PAGE = 50


def _day(raw: str | None) -> date | None:
    try:
        return in_range_day(date.fromisoformat((raw or "").strip())) if raw else None
    except ValueError:
        return None


@dataclass
class Filters:
    q: str
    village: int | None
    since: date | None
    until: date | None
    sort: str
    page: int
    export: str
    tz: ZoneInfo

    @classmethod
    def from_request(cls, tz: ZoneInfo, sorts: tuple[str, ...] = ("new",)) -> "Filters":
        sort = request.args.get("sort", sorts[0])
        export = request.args.get("export", "")
        return cls(q=(request.args.get("q") or "").strip()[:40], village=db_id(request.args.get("village", "")),
                   since=_day(request.args.get("since")), until=_day(request.args.get("until")),
                   sort=sort if sort in sorts else sorts[0], page=max(1, db_id(request.args.get("page", "")) or 1),
                   export=export if export in ("csv", "xlsx") else "", tz=tz)

    def apply_dates(self, query, column):
        if self.since:
            query = query.where(column >= datetime.combine(self.since, time.min, tzinfo=self.tz))
        if self.until:
            query = query.where(column < datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=self.tz))
        return query

    def like(self) -> str:
        """The search words as a LIKE pattern (% and _ taken literally)."""
        escaped = self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"

    def page_of(self, session: Session, query, per_page: int = PAGE) -> tuple[list, int, int]:
        """One page of rows, the total and the number of pages; an export takes every row."""
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        if self.export:
            from .export import MAX_ROWS
            return list(session.scalars(query.limit(MAX_ROWS))), total, 1
        pages = max(1, -(-total // per_page))
        page = self.page
        return list(session.scalars(query.offset((page - 1) * per_page).limit(per_page))), total, pages

    def args(self, **changes) -> dict:
        """The query string of this list, for pager and export links."""
        base = {"q": self.q or None, "village": self.village, "since": self.since, "until": self.until,
                "sort": self.sort, "page": self.page if self.page > 1 else None}
        base.update(changes)
        return {k: v for k, v in base.items() if v not in (None, "")}
