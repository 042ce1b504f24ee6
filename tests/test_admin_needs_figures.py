"""The 群众需求 figures on the dashboard: how fast needs are taken on and closed, in words.

Each action is a real form POST (CSRF token, and the need's version as the page showed it) by a
logged-in cadre. Effects are read back from the database, the outbox (what the villager and the
representatives are told) and the audit log. The county is the needs county of tests/kit/worlds.py:
v1 of 代村 (代村片区, 卞庄街道), v2 of 荀庄 (荀庄片区, 兰陵镇); county-build reps build1, build2,
build_lead (leader), build_ll (荀庄片区 only); agri1; tw1 (卞庄街道's township group); s1 the
代村片区 secretary. Accounts: county1, bz (卞庄街道), daicun (代村片区), ll (兰陵镇).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot import needs
from bot.admin import figures
from bot.needs import staff
from tests.kit.admin import logged_in
from tests.kit.needs_desk import (NEEDS_ACCOUNTS, NOW, ROAD, report)
from tests.kit.worlds import user

pytestmark = pytest.mark.county("needs", accounts=NEEDS_ACCOUNTS)


# --- dashboard -----------------------------------------------------------------------------

def test_need_speed_on_known_data(db, county):
    t0 = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)
    daicun, xunzhuang = county.areas["bz-daicun"], county.areas["ll-xunzhuang"]

    def report(who="v1", at=t0):
        with db.session() as s:
            number = needs.report_need(s, user(s, county, who), ROAD, now=at).number
            needs.whistle_round(s, at)
            return number

    def claim(number, hours, who="build1"):
        with db.session() as s:
            assert needs.claim(s, number, user(s, county, who), t0 + timedelta(hours=hours)).ok

    def close(number, hours, who="build1"):
        with db.session() as s:
            assert needs.close(s, number, user(s, county, who), "好了", t0 + timedelta(hours=hours)).ok

    fast, slow, _never = report(), report(), report()  # the third is never taken on
    claim(fast, 10), close(fast, 30)                  # taken on in 10 h, closed after 30 h
    claim(slow, 50), close(slow, 96)                  # taken on after 50 h, closed after 96 h
    young = report(at=t0 + timedelta(hours=100))      # reported 20 h before "now": not yet due
    claim(young, 101)
    with db.session() as s:                           # handed over by a cadre within 48 h
        assigned = needs.report_need(s, user(s, county, "v3"), ROAD, now=t0).number
        assert staff.assign_rep(s, assigned, user(s, county, "build2"), "county-build", "daicun",
                                now=t0 + timedelta(hours=47)).ok
    far = report(who="v2")
    claim(far, 1, who="build_ll")
    now = t0 + timedelta(hours=120)
    with db.session() as s:
        area = figures.need_speed(s, {daicun}, t0 - timedelta(days=1), now)
        everywhere = figures.need_speed(s, None, t0 - timedelta(days=1), now)
        later = figures.need_speed(s, {daicun}, t0 + timedelta(hours=1), t0 + timedelta(hours=200))  # only `young`
        by_field, series = figures.needs_by_field(s, {daicun})
        other = figures.need_speed(s, {xunzhuang}, t0 - timedelta(days=1), now)
    assert (area.due, area.claimed_in_time, area.claimed_share) == (4, 2, 0.5)  # fast, assigned of 4
    assert (area.closed, area.median_close) == (2, timedelta(hours=63))
    assert figures.duration_words(area.median_close) == "2.6天"
    assert (everywhere.due, everywhere.claimed_in_time) == (5, 3)
    assert (later.due, later.claimed_share, later.median_close) == (1, 1.0, None)
    assert (other.due, other.claimed_in_time, other.closed) == (1, 1, 0)
    assert dict(by_field) == {"城建交通": {"已办结": 2, "已吹哨": 1, "已报到": 2}}
    assert series == ["已吹哨", "已报到", "已办结"]


@pytest.mark.parametrize("hours, words", [(0.5, "不到1小时"), (1, "1小时"), (47.9, "47小时"), (48, "2天"),
                                          (63, "2.6天"), (24 * 10, "10天")])
def test_duration_words(hours, words):
    assert figures.duration_words(timedelta(hours=hours)) == words


def test_dashboard_shows_the_needs_figures(app, db, county):
    number = report(db, county, ago=timedelta(days=4))
    with db.session() as s:
        needs.whistle_round(s, NOW - timedelta(days=4))
        assert needs.claim(s, number, user(s, county, "build1"), NOW - timedelta(days=3, hours=12)).ok
        assert needs.close(s, number, user(s, county, "build1"), "好了", NOW - timedelta(days=2)).ok
    report(db, county, ago=timedelta(days=3))  # nobody took it on
    html = logged_in(app, "daicun").get("/admin/figures").get_data(as_text=True)
    assert "50%" in html and "（1/2）" in html and "2天" in html and "群众需求（按领域、状态）" in html
    assert "<svg" in html and "城建交通" in html
    assert "群众需求" in html and 'href="/admin/needs"' in html  # the board is in the navigation
