"""Numbers and days the admin page accepts: what the database and `datetime` can hold, or 404 / a form error.

A 25-digit id in a URL or a form, `page=9…9`, `week=9999-12-31` made tracebacks (issue 12,
finding 9): SQLite refuses integers past 2^63, PostgreSQL's `integer` past 2^31, and `date`
arithmetic past the year 9999. Every board goes through these:
- `<int:…>` in a route is `BoundedIntConverter` (registered for the whole app): out of range → 404;
- `db_id(raw)` for ids in forms and query strings: None when not a usable id;
- `in_range_day(day)`: a day the app can compute around (weeks, slots, durations), or ValueError.
"""
from __future__ import annotations

from datetime import date

from flask import Flask
from werkzeug.routing import IntegerConverter

DB_INT_MAX = 2**31 - 1  # PostgreSQL `integer`, the smallest id column of the schema
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2199, 12, 31)


class BoundedIntConverter(IntegerConverter):
    """Flask's `int` converter, refusing (404) anything no row id can be."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=DB_INT_MAX if max is None else max,
                         signed=signed)


def install(app: Flask) -> None:
    """Before any route is added: every `<int:…>` is bounded."""
    app.url_map.converters["int"] = BoundedIntConverter


def db_id(raw: str | None) -> int | None:
    """A row id from a form or query string: ASCII digits, 1..DB_INT_MAX; None otherwise."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 1 <= value <= DB_INT_MAX else None


def in_range_day(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day} is outside {FIRST_DAY}..{LAST_DAY}")
    return day
