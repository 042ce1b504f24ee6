"""待办 (the landing page): what needs doing today in the account's areas, each with a light and a link."""
from __future__ import annotations

from flask import g, render_template

from bot import clock

from .. import today as todo
from ..blueprint import bp
from ..web import scope, transaction


@bp.route("/")
def today():
    """The day's to-do counts; the page a secretary opens at 8 and closes when it is all green."""
    with transaction() as s:
        items = todo.today_items(s, scope(), clock.now())
    g.tab_counts = todo.tab_counts(items)
    left = sum(i.count for i in items)
    return render_template("admin/today.html", items=items, left=left)
