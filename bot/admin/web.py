"""Small helpers every admin view uses: the transaction, the scope checks, form fields, times."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time
from functools import wraps
from typing import Callable, Iterator, TypeVar
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, g, request
from sqlalchemy.orm import Session

from bot.db import get_db

from .bounds import db_id, in_range_day
from .scope import Scope

T = TypeVar("T")


class FormError(ValueError):
    """A form field is missing or malformed; the message is shown to the cadre."""


@contextmanager
def transaction() -> Iterator[Session]:
    """One request, one transaction: committed at the end, rolled back on any error."""
    g.in_transaction = True
    try:
        with get_db().session() as session:
            yield session
    finally:
        g.in_transaction = False


def scope() -> Scope:
    return g.scope


def tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["TZ_NAME"])


def require_area(session: Session, area_id: int | None) -> None:
    """403 unless the row's area is within the account's scope."""
    if not scope().allows_area(session, area_id):
        abort(403)


def row_in_scope(session: Session, model: type[T], row_id: int) -> T:
    """The row of `model` (which has an `area_id`): 404 when there is none, 403 outside the scope."""
    row = session.get(model, row_id)
    if row is None:
        abort(404)
    require_area(session, getattr(row, "area_id"))
    return row


def county_only(view: Callable) -> Callable:
    """Pages that change county-wide data (guides, areas, accounts): county accounts only."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not scope().is_county:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def ok(message: str) -> None:
    flash(message, "ok")


def fail(message: str) -> None:
    flash(message, "error")


def text_field(name: str, max_length: int, required: bool = True, label: str = "") -> str:
    value = (request.form.get(name) or "").strip()
    if required and not value:
        raise FormError(f"请填写{label or name}")
    if len(value) > max_length:
        raise FormError(f"{label or name}太长了（最多{max_length}字）")
    return value


def int_field(name: str, low: int, high: int, label: str = "", default: int | None = None) -> int:
    raw = (request.form.get(name) or "").strip()
    if not raw and default is not None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise FormError(f"{label or name}要填一个整数") from None
    if not low <= value <= high:
        raise FormError(f"{label or name}要在{low}到{high}之间")
    return value


def float_field(name: str, low: float, high: float, label: str = "") -> float | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise FormError(f"{label or name}要填一个数") from None
    if not low <= value <= high:
        raise FormError(f"{label or name}要在{low:g}到{high:g}之间")
    return value


def local_datetime(day_name: str, time_name: str, label: str = "时间") -> datetime:
    """A date field and a time field (local wall clock) as an aware datetime."""
    try:
        day = in_range_day(date.fromisoformat((request.form.get(day_name) or "").strip()))
        clock = time.fromisoformat((request.form.get(time_name) or "").strip())
    except ValueError:
        raise FormError(f"请按格式填写{label}（日期 2026-12-05，时间 09:00）") from None
    return datetime.combine(day, clock, tzinfo=tz())


def arg_int(name: str) -> int | None:
    return db_id(request.args.get(name, ""))


def local(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Jinja filter: a UTC datetime on the local wall clock."""
    if moment is None:
        return ""
    return moment.astimezone(tz()).strftime(fmt)


def audit_export(what: str, rows: int) -> None:
    """An export takes people's data off the page: note who took which list, filtered how."""
    from . import audit

    with transaction() as session:
        audit.record(session, "export", target_type=what, area_id=scope().area_id,
                     summary=f"导出{rows}行：{what}（{scope().words}）", after={"query": request.query_string.decode()[:300]})


def confirmed_reason() -> str | None:
    """The reason typed on a confirmation page (bot/admin/templates/admin/confirm.html), or None
    when the post did not come from one: actions that cannot be undone ask first."""
    if request.form.get("confirmed") != "1":
        return None
    reason = (request.form.get("reason") or "").strip()[:300]
    return reason or None


def local_next() -> str | None:
    """A `next` path on this admin page (never another site) to go back to after an action."""
    target = request.form.get("next") or request.args.get("next") or ""
    if target.startswith("/admin/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
