"""村情发布会: each month's 响应率、解决率、满意率 of the areas in scope (ranked), their townships and
the whole scope (the county view for county accounts), the representative groups, and the
definitions, on one page a secretary can print. The figures are bot/accountability/'s."""
from __future__ import annotations

from datetime import date

from flask import render_template, request

from bot import accountability, clock

from ..blueprint import bp
from ..web import scope, transaction, tz


def _month() -> date:
    raw = (request.args.get("month") or "").strip()
    today = clock.now().astimezone(tz()).date()
    try:
        year, month = (int(p) for p in raw.split("-"))
        chosen = date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    return chosen if date(2020, 1, 1) <= chosen <= today else today.replace(day=1)


def _previous(month: date) -> date:
    return (month.replace(day=1) - (month.replace(day=2) - month.replace(day=1))).replace(day=1)


@bp.route("/accountability", endpoint="accountability")
def accountability_page():
    """The month's figures, ranked, with their definitions (?month=2026-11)."""
    month = _month()
    with transaction() as s:
        areas, townships, whole, groups = accountability.monthly(s, month, tz(), scope().areas(s))
        return render_template("admin/accountability.html", month=month, previous=_previous(month), areas=areas,
                               townships=townships, whole=whole, groups=groups, kinds=accountability.KINDS,
                               kind_labels=accountability.KIND_LABELS, measures=accountability.MEASURES,
                               measure_labels=accountability.MEASURE_LABELS,
                               definitions=accountability.texts.DEFINITIONS, county=scope().is_county)
