"""概况: the figures of the account's areas, with server-drawn bar charts."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import render_template, request

from bot import clock

from .. import action_figures, charts, figures
from ..blueprint import bp
from ..web import arg_int, scope, transaction, tz


def _month_end(raw: str, today: date) -> date:
    """The last day of ?month=YYYY-MM (a past month's report), else today."""
    try:
        year, month = (int(x) for x in raw.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return today
    following = date(year + month // 12, month % 12 + 1, 1)
    return min(following - timedelta(days=1), today) if first <= today else today


@bp.route("/figures")
def dashboard():
    """Show the figures of the areas in scope; ?area= one of them, ?month=YYYY-MM the six months to it."""
    days = action_figures.period_days(request.args.get("days"))
    now = clock.now()
    today = now.astimezone(tz()).date()
    end = _month_end(request.args.get("month", ""), today)
    chosen = arg_int("area")
    with transaction() as s:
        area_ids = scope().area_ids(s)
        areas = scope().areas(s)
        if chosen is not None and scope().allows_area(s, chosen):
            area_ids = {chosen}
        else:
            chosen = None
        data = figures.dashboard(s, area_ids, end, tz())
        window = [date.fromisoformat(m + "-01") for m in data.months]
        since = datetime.combine(window[0], datetime.min.time(), tzinfo=tz())
        until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz())
        rates = figures.need_rates(s, area_ids, since, until)
        actions = action_figures.action_counts(s, area_ids, now - timedelta(days=days), now)
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
    words.update({key: f"{done / total:.0%}" if total else "—" for key, (done, total) in rates.items()})
    shares = {key: (f"{share:.1%}" if (share := actions.share(key)) is not None else "—")
              for key in ("menu.show", "clarify.ask")}
    return render_template("admin/dashboard.html", data=data, charts=drawn, speed=speed, words=words, rates=rates,
                           areas=areas, chosen=chosen, month=end.strftime("%Y-%m"), printed=today,
                           actions=actions, shares=shares, days=days, periods=action_figures.PERIODS,
                           action_words=action_figures.ACTION_WORDS)

