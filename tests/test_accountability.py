"""村情发布会: each month's 响应率、解决率、满意率 per area, township, county and group, as defined on
the page, within the account's scope. World: tests/admin_world.py (A 代村, B 东关 of 卞庄街道; C 向城
of 兰陵镇), each area with one need, one errand and one mediation booking made now (December)."""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import accountability, clock, errands, mediation
from bot.models import Area, Booking, Errand, Need, User
from tests.kit.admin import login
from tests.kit.admin_world import build_world

SHANGHAI = ZoneInfo("Asia/Shanghai")
DECEMBER = date(2026, 12, 1)


def _figures(db, codes=("bz-daicun", "bz-dongguan", "lx-xiangcheng")):
    with db.session() as s:
        areas = list(s.scalars(select(Area).where(Area.code.in_(codes)).order_by(Area.id)))
        result = accountability.monthly(s, DECEMBER, SHANGHAI, areas, now=clock.now() + timedelta(days=3))
        return result


def test_rates_follow_their_definitions(app, db):
    world = build_world(db)
    now = clock.now()
    with db.session() as s:
        # Area A: its errand accepted at once, done and rated 满意; its need claimed in time, closed, rated.
        member = s.scalar(select(User).where(User.openid == "m-A"))
        errand = s.get(Errand, world.ids["A"]["errand"])
        errand.assignee_id = member.id
        errands.accept(s, errand.id, member, now=now + timedelta(hours=1))
        errands.finish(s, errand.id, member, "办好了", now=now + timedelta(hours=5))
        villager = s.scalar(select(User).where(User.openid == "v-A"))
        assert errands.rate_errand(s, villager, True, "挺好", now=now + timedelta(hours=6)).ok
        need = s.get(Need, world.ids["A"]["need"])
        need.state, need.claimed_by, need.claimed_at = "closed", member.id, now + timedelta(hours=2)
        need.closed_at, need.satisfaction = now + timedelta(hours=8), "satisfied"
        # Area B: its booking confirmed, its need never claimed (claim time long past at the check).
        booking = s.get(Booking, world.ids["B"]["booking"])
        booking.state = "confirmed"
    areas, townships, whole, groups = _figures(db)
    by_name = {f.name: f for f in areas}
    a, b, c = by_name["代村片区"], by_name["东关片区"], by_name["向城片区"]
    assert (a.rate("errand", "response").words(), a.rate("errand", "solved").words(),
            a.rate("errand", "satisfied").words()) == ("100%（1/1）", "100%（1/1）", "100%（1/1）")
    assert a.rate("need", "response").words() == "100%（1/1）" and a.rate("need", "satisfied").words() == "100%（1/1）"
    assert b.rate("need", "response").words() == "0%（0/1）" and b.rate("need", "solved").words() == "0%（0/1）"
    assert b.rate("need", "satisfied").words() == "—"
    assert b.rate("mediation", "response").words() == "100%（1/1）" and c.rate("mediation", "response").words() == "0%（0/1）"
    assert areas[0].name == "代村片区"                       # ranked by the mean of its rates
    assert [t.name for t in townships] == ["卞庄街道", "兰陵镇"]
    assert whole.rate("need", "response").words() == "33%（1/3）"
    assert groups and groups[0].rate("need", "solved").total == 3


def test_the_page_shows_only_the_scope_with_definitions_and_months(app, db):
    build_world(db)
    client = app.test_client()
    assert login(client, "area_a").status_code == 302
    page = client.get("/admin/accountability").get_data(as_text=True)
    assert "代村片区" in page and "东关片区" not in page and "向城片区" not in page
    assert "响应率：当月反映的需求中" in page and "2026年12月" in page
    township = app.test_client()
    login(township, "t1")
    page = township.get("/admin/accountability?month=2026-11").get_data(as_text=True)
    assert "2026年11月" in page and "东关片区" in page and "向城片区" not in page
    county = app.test_client()
    login(county, "county1")
    assert "全县" in county.get("/admin/accountability?month=bad").get_data(as_text=True)


def test_satisfaction_is_rated_satisfied_over_rated_for_errands_and_mediations(app, db):
    """One definition for both (printed on the page): of the things the villager rated, the latest
    rating on the row; a mediation's rating after its outcome counts like an errand's."""
    world = build_world(db)
    now = clock.now()
    with db.session() as s:
        for key, satisfied in (("A", True), ("B", False)):
            booking = s.get(Booking, world.ids[key]["booking"])
            booking.state = "confirmed"
            mediation.record_outcome(s, booking, "调解成功" if satisfied else "调解未成功", now=now + timedelta(hours=1))
            villager = s.get(User, booking.villager_id)
            assert mediation.rate_booking(s, villager, satisfied, "挺好" if satisfied else "没调好",
                                          now=now + timedelta(hours=2)).ok
        # A's errand rated 不满意 (reopened), done again and rated 满意: the latest rating counts once.
        member = s.scalar(select(User).where(User.openid == "m-A"))
        villager = s.scalar(select(User).where(User.openid == "v-A"))
        errand = s.get(Errand, world.ids["A"]["errand"])
        errand.assignee_id = member.id
        errands.accept(s, errand.id, member, now=now + timedelta(hours=1))
        errands.finish(s, errand.id, member, "办好了", now=now + timedelta(hours=2))
        assert errands.rate_errand(s, villager, False, "没办全", now=now + timedelta(hours=3)).ok
        errands.finish(s, errand.id, member, "补齐了", now=now + timedelta(hours=4))
        assert errands.rate_errand(s, villager, True, "这回好了", now=now + timedelta(hours=5)).ok
    areas, townships, whole, groups = _figures(db)
    by_name = {f.name: f for f in areas}
    a, b, c = by_name["代村片区"], by_name["东关片区"], by_name["向城片区"]
    assert a.rate("mediation", "satisfied").words() == "100%（1/1）"
    assert b.rate("mediation", "satisfied").words() == "0%（0/1）"
    assert c.rate("mediation", "satisfied").words() == "—"          # not rated: not counted
    assert whole.rate("mediation", "satisfied").words() == "50%（1/2）"
    assert a.rate("errand", "satisfied").words() == "100%（1/1）"
    assert b.rate("errand", "satisfied").words() == "—"
    client = app.test_client()
    login(client, "county1")
    page = client.get("/admin/accountability").get_data(as_text=True)
    assert "满意率：群众评价过的调解中" in page and "暂不收集" not in page
