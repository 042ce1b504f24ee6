"""概况: the figures of the account's areas, with server-drawn bar charts."""
from __future__ import annotations

from flask import render_template

from bot import clock

from .. import charts, figures
from ..blueprint import bp
from ..web import scope, transaction, tz


@bp.route("/figures")
def dashboard():
    """Show the figures of the areas in scope."""
    with transaction() as s:
        area_ids = scope().area_ids(s)
        data = figures.dashboard(s, area_ids, clock.now().astimezone(tz()).date(), tz())
    mediation_series = figures.MEDIATION_SERIES
    drawn = {
        "errands": charts.bar_chart(data.errands_by_state, "件", "代办按状态"),
        "mediations": charts.stacked_chart(data.mediations_by_month, mediation_series, "调解按月份和结果"),
        "mediation_legend": charts.legend(mediation_series),
        "tasks": charts.bar_chart(data.tasks_by_month, "次", "志愿活动按月份"),
        "hours": charts.bar_chart(data.hours_by_month, "小时", "志愿服务时长按月份"),
        "subscribers": charts.bar_chart(data.subscribers_by_area, "人", "关注的群众按片区"),
        "needs": charts.stacked_chart(data.needs_by_field, data.need_series, "需求按领域和状态"),
        "needs_legend": charts.legend(data.need_series),
    }
    speed = data.need_speed
    words = {"claimed_share": f"{speed.claimed_share:.0%}" if speed.claimed_share is not None else "—",
             "median_close": figures.duration_words(speed.median_close) if speed.median_close else "—"}
    return render_template("admin/dashboard.html", data=data, charts=drawn, speed=speed, words=words)

