"""Elderly canteens: distances, the villager's canteen, the nearest by a location, follow-ups, helpers."""
from __future__ import annotations

import math
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import canteens
from bot.models import User
from tests.kit.chat import chat, order_of, say, send_location
from tests.kit.knowledge import load_into
from tests.kit.factories import add_villager, add_volunteer, create_task
from tests.kit.worlds import PLACES, make_canteen_county
from tests.kit.wechat import WECHAT_SETTINGS, make_location, make_text


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS)  # for the webhook test at the end


@pytest.fixture
def names(db, router):
    router.always("canteen")
    return make_canteen_county(db)


def _flat_km(lat1, lon1, lat2, lon2) -> float:
    """An independent check for short distances: the equirectangular approximation."""
    km_per_degree = 2 * math.pi * 6371.0 / 360
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return km_per_degree * math.hypot(lat2 - lat1, dx)


def _expected_order(lat: float, lon: float) -> list[str]:
    with_canteen = [(v, la, lo) for _, _, v, la, lo, has in PLACES if has]
    return [f"{v}暖心食堂" for v, la, lo in sorted(with_canteen, key=lambda p: _flat_km(lat, lon, p[1], p[2]))]


# --- distances ------------------------------------------------------------------------------

def test_great_circle_distance_matches_known_lengths():
    assert canteens.great_circle_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)  # a degree of meridian
    assert canteens.great_circle_km(0, 0, 0, 90) == pytest.approx(6371.0088 * math.pi / 2, rel=1e-9)
    # Lanling-sized distances agree with the flat approximation to a few metres.
    for lat2, lon2 in ((34.81, 118.0), (34.80, 118.03), (34.75, 118.05)):
        assert canteens.great_circle_km(34.8, 118.0, lat2, lon2) == pytest.approx(
            _flat_km(34.8, 118.0, lat2, lon2), abs=0.01)


@pytest.mark.parametrize("km, words", [
    (0.04, "就在附近"), (0.34, "大约300米"), (0.96, "大约1公里"), (2.0, "大约2公里"),
    (2.34, "大约2.3公里"), (12.6, "大约13公里"),
])
def test_distance_in_plain_words(km, words):
    assert canteens.distance_words(km) == words


# --- by village -------------------------------------------------------------------------------

def test_registered_villager_gets_own_village_canteen_with_its_details(app, db, names):
    add_villager(db, "u1", "王庄")
    reply = chat(app, "u1", "俺们村的食堂")
    assert reply.splitlines()[0] == names["王庄"]
    for detail in ("王庄村委会旁", "11:00", "60岁以上", "2元", "0539-0000000"):
        assert detail in reply
    assert "1 换个食堂" in reply and "2 当食堂志愿者" in reply


def test_village_without_canteen_gets_nearest_of_its_area_with_distance(app, db, names):
    add_villager(db, "u1", "西陈庄")
    reply = chat(app, "u1", "食堂")
    # 西陈庄 (34.80, 118.03): 代村 is 0.03° of longitude west, ~2.7 km; 王庄 is farther.
    assert "西陈庄还没有暖心食堂" in reply
    assert order_of(reply, [names["代村"], names["王庄"]]) == [names["代村"]]
    assert "大约2.7公里" in reply
    assert "别的村的老人能不能来吃" in reply  # honest: eligibility is the canteen's own village


def test_area_without_canteen_gets_the_nearest_anywhere(app, db, names):
    add_villager(db, "u1", "荀庄")
    reply = chat(app, "u1", "有没有老年食堂")
    assert "荀庄片区还没有暖心食堂" in reply
    assert _expected_order(34.60, 117.90)[0] in reply.splitlines()[1]


def test_a_named_village_wins_over_the_own_one(app, db, names):
    add_villager(db, "u1", "代村")
    assert names["东关"] in chat(app, "u1", "东关的食堂在哪").splitlines()[0]


@pytest.mark.parametrize("question, label", [
    ("食堂吃一顿饭多少钱", "多少钱"),
    ("食堂几点开饭", "开饭时间"),
    ("俺能去吃吗", "谁能来吃"),
    ("食堂电话多少", "电话"),
])
def test_the_part_asked_about_comes_first(app, db, names, question, label):
    add_villager(db, "u1", "代村")
    lines = chat(app, "u1", question).splitlines()
    assert lines[0] == names["代村"] and lines[1].startswith(label + "：")


def test_follow_up_question_about_the_shown_canteen(app, db, names, router):
    add_villager(db, "u1", "代村")
    chat(app, "u1", "食堂")
    router.always("unknown")  # inside the flow the words alone decide
    lines = chat(app, "u1", "多少钱？").splitlines()
    assert lines[0] == names["代村"] and lines[1] == "多少钱：老人每餐2元"


# --- by location ----------------------------------------------------------------------------------

def test_nearest_by_a_location_sent_when_asked(app, db, names):
    add_villager(db, "u1", None)
    asked = chat(app, "u1", "最近的食堂在哪")
    assert "位置" in asked and "村名" in asked
    lat, lon = 34.79, 118.0  # 0.01° south of 代村
    reply = send_location(app, "u1", lat, lon, "路口")
    expected = _expected_order(lat, lon)
    assert order_of(reply, expected) == expected  # the nearest first, then the next ones in order
    assert reply.splitlines()[1].startswith(expected[0]) and "大约1.1公里" in reply.splitlines()[1]
    with db.session() as s:
        user = s.scalars(select(User).where(User.openid == "u1")).one()
        assert (user.latitude, user.longitude) == (lat, lon) and user.location_at is not None

    listing = chat(app, "u1", "1")  # 换个食堂: the others, nearest first, with distances
    assert order_of(listing, expected[1:]) == expected[1:]
    assert expected[0] not in listing and "公里" in listing
    picked = chat(app, "u1", "2")
    assert picked.splitlines()[0].startswith(expected[2])


def test_a_location_outside_any_form_shows_the_nearest_and_is_kept(app, db, names):
    add_villager(db, "u1", "东关")
    shown = send_location(app, "u1", 34.811, 118.0)
    assert shown.splitlines()[1].startswith(names["王庄"])  # nearest to the place, not the village
    reply = chat(app, "u1", "附近有暖心食堂吗")
    assert reply.splitlines()[1].startswith(names["王庄"])  # where they are now, not their village


def test_an_old_location_yields_to_the_village(app, db, names):
    add_villager(db, "u1", "东关")
    with db.session() as s:
        user = s.scalars(select(User).where(User.openid == "u1")).one()
        user.latitude, user.longitude = 34.811, 118.0
        user.location_at = user.created_at - canteens.FRESH_LOCATION - timedelta(days=3)
    assert chat(app, "u1", "最近的食堂").splitlines()[1].startswith(names["东关"])


def test_village_named_when_asked(app, db, names):
    add_villager(db, "u1", None)
    chat(app, "u1", "食堂")
    assert "没找到" in chat(app, "u1", "火星村")
    assert chat(app, "u1", "王庄").splitlines()[0] == names["王庄"]


def test_sample_knowledge_nearest_to_a_point_near_wangzhuang(app, db, router):
    load_into(app)
    router.always("canteen")
    chat(app, "k1", "最近的食堂")
    reply = send_location(app, "k1", 34.8457, 118.0385)  # a few dozen metres from 王庄's canteen
    assert reply.splitlines()[1].startswith("王庄暖心食堂") and "就在附近" in reply


# --- helpers for the canteen --------------------------------------------------------------------

def test_canteen_volunteer_tasks_are_offered_with_sign_up_by_number(app, db, names, router):
    add_volunteer(db, "vol1", village="代村")
    mine = create_task(db, title="帮厨切菜", canteen_code="ct-代村")
    create_task(db, title="王庄送餐", canteen_code="ct-王庄")
    create_task(db, title="打扫村道")
    chat(app, "vol1", "食堂")
    tasks = chat(app, "vol1", "2")
    assert "帮厨切菜" in tasks and f"{mine}号" in tasks and f"报名 {mine}" in tasks
    assert "王庄送餐" not in tasks and "打扫村道" not in tasks
    router.always("unknown")
    assert "报名成功" in say(app, "vol1", f"报名 {mine}")


def test_no_canteen_tasks_invites_to_register(app, db, names):
    add_villager(db, "u1", "代村")
    chat(app, "u1", "食堂")
    reply = chat(app, "u1", "我想去帮忙")
    assert "没有要帮忙的活动" in reply and "当志愿者" in reply


# --- through the real webhook -----------------------------------------------------------------

def test_location_message_through_the_webhook(app, db, names, kit):
    assert "位置" in kit.content(kit.post(make_text("w1", "哪有吃饭的食堂"), mode="safe"))
    lat, lon = 34.76, 118.0  # between 东关 (1.1 km south) and 王庄 / 代村
    reply = kit.content(kit.post(make_location("w1", lat, lon, "村口"), mode="safe"))
    expected = _expected_order(lat, lon)
    assert expected[0] == names["东关"]
    assert order_of(reply, expected) == expected


def test_a_different_request_leaves_the_canteen_chat(app, db, names, router):
    from bot.nlu import RouteResult

    routes = {"食堂": RouteResult("canteen", None, 0.9),
              "医保报销要花多少钱": RouteResult("guide", "medical-reimbursement", 0.95)}
    router.by(
                        lambda text, ctx: routes.get(text, RouteResult("unknown", None, 0.0)))
    add_villager(db, "u1", "代村")
    chat(app, "u1", "食堂")
    assert names["代村"] not in chat(app, "u1", "医保报销要花多少钱")
    chat(app, "u1", "食堂")
    assert "换成哪个村" in chat(app, "u1", "换村")  # the account command, not "换个食堂"
