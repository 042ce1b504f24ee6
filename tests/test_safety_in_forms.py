"""Danger said in the middle of a form (an errand, a mediation booking), typed or by voice: the
safety answer comes first, staff are alerted, and the form is kept to be taken up later."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import Area, OutboxMessage
from tests.kit.chat import converse
from tests.kit.safety import cases, flow_of
from tests.kit.factories import add_user
from tests.kit.mediation import make_mediator, make_place

START = datetime(2026, 12, 7, 2, 0, tzinfo=timezone.utc)  # 10:00 Beijing, a Monday

# One villager's way of saying each kind of danger (words not in EVERY_KIND of test_safety_chat),
# with the number that must open the reply.
EVERY_KIND_SAID_PLAINLY = [
    ("那边冒黑烟了 火苗子蹿老高", "119"),  # fire
    ("屋里生着炉子 俩孩子头晕想吐 怕是一氧化碳", "120"),  # gas
    ("俺爹碰了电线 一哆嗦就倒了", "120"),  # shock
    ("俺爹叫不醒了", "120"),  # faint
    ("俺娘嘴歪了 说不清话", "120"),  # stroke
    ("叫车撞了 流了好多血", "120"),  # bleeding
    ("老人摔倒起不来了", "120"),  # fall
    ("俺男人喝了农药", "120"),  # poison
    ("孩子吃花生卡住了 憋得说不出话", "120"),  # choke
    ("在地里叫长虫咬了", "120"),  # snake
    ("孩子浑身抽 口吐白沫", "120"),  # seizure
    ("媳妇羊水破了", "120"),  # birth
    ("孩子烧到四十度 说胡话", "120"),  # fever
    ("热油泼了一身 烫掉皮了", "120"),  # burn
    ("肚子疼得满炕打滚", "120"),  # pain
    ("孩子掉坑里了 坑里有水", "110"),  # drowning
    ("有人拿刀堵门", "110"),  # violence
    ("娃找不着了", "110"),  # missing
    ("电线冒火花了", "95598"),  # power
    ("羊圈塌了压住人了", "119"),  # collapse
    ("发大水了 冲走人了", "119"),  # flood
    ("活够了", "12356"),  # despair
    ("不想拖累孩子们了", "12356"),  # despair, said without a word of dying
    ("救命啊", "110"),  # help
]


@pytest.fixture
def booking(db):
    """A villager of a1村 with a mediation room and its mediator, and the area's secretary."""
    with db.session() as s:
        place = make_place(s)
        make_mediator(s, "med", place.room_id)
        add_user(s, "v5", place.village_id, name="张大爷")
        add_user(s, "sec", None, [("secretary", s.get(Area, place.area_id))], name="片区书记")
    return place


def pushed_to(app, openid: str) -> list[str]:
    with app.extensions["db"].session() as s:
        return [m.payload.get("text", "") for m in s.scalars(select(OutboxMessage).where(OutboxMessage.openid == openid))]


@pytest.mark.parametrize("words, number", EVERY_KIND_SAID_PLAINLY)
def test_danger_inside_a_mediation_booking_is_answered_by_safety_and_keeps_the_booking(app, booking, words, number):
    with clock.frozen(START):
        converse(app, "v5", "想预约调解 跟邻居闹矛盾了")
        assert flow_of(app, "v5") == "mediation"
        reply = converse(app, "v5", words)
    assert number in reply.text.splitlines()[0] and reply.action == "safety.alert"
    assert flow_of(app, "v5") == "mediation"
    assert [c.form for c in cases(app)] == ["mediation"]
    assert any(words in text for text in pushed_to(app, "sec"))


@pytest.mark.parametrize("words, number", EVERY_KIND_SAID_PLAINLY[::3])
def test_danger_by_voice_inside_an_errand_is_answered_by_safety_and_keeps_the_errand(app, county, words, number):
    recognised = words.replace(" ", "")  # voice recognition: no punctuation, no spaces
    with clock.frozen(START):
        converse(app, "v1", "请党员帮我办个身份证")
        assert flow_of(app, "v1") == "errand"
        reply = converse(app, "v1", recognised, kind="voice", media_id="voice-1")
    assert number in reply.text.splitlines()[0] and reply.action == "safety.alert"
    assert flow_of(app, "v1") == "errand"
    assert [c.form for c in cases(app)] == ["errand"]


@pytest.mark.parametrize("words", [
    "上回跟邻居打了一架 想找人评评理",
    "去年着火烧坏的房子 能给点救助不",
    "急死了 证明还没开下来",
    "俺老伴血压高 降压药能报销不",
])
def test_look_alikes_inside_a_mediation_booking_raise_no_alarm(app, booking, words):
    with clock.frozen(START):
        converse(app, "v5", "想预约调解 跟邻居闹矛盾了")
        reply = converse(app, "v5", words)
    assert reply.action != "safety.alert"
    assert cases(app) == [] and pushed_to(app, "sec") == []


@pytest.mark.parametrize("words, number", [
    ("电线冒火化了", "95598"),  # 火化 is a look-alike, 冒火化 sounds as 冒火花
    ("我爹喝了农要", "120"),
    ("俺一个老婆子半夜摔地上了够不着电话", "120"),
    ("不想活了 搬到哪都一样", "12356"),  # a plan beside words of dying
])
def test_homophones_and_despair_with_a_plan_inside_a_booking_still_alarm(app, booking, words, number):
    with clock.frozen(START):
        converse(app, "v5", "想预约调解 跟邻居闹矛盾了")
        reply = converse(app, "v5", words)
    assert number in reply.text.splitlines()[0] and reply.action == "safety.alert"
    assert flow_of(app, "v5") == "mediation"


@pytest.mark.parametrize("words", ["活够了 想住养老院", "昨晚做梦家里着火了 吓死了"])
def test_weariness_with_a_plan_and_dreams_inside_a_booking_raise_no_alarm(app, booking, words):
    with clock.frozen(START):
        converse(app, "v5", "想预约调解 跟邻居闹矛盾了")
        reply = converse(app, "v5", words)
    assert reply.action != "safety.alert"
    assert cases(app) == [] and pushed_to(app, "sec") == []
