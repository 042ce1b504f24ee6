"""Danger in the middle of a conversation: while registration asks the village (the answer to
"where are you" that says where the villager lives, 俺是代村的, registers the village too and the
interrupted request carries on; a place, 东关 小卖部后面, only tells the staff); in the middle of a
guide (the guide stays the topic); and staff answering the alert in their own words."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

import pytest

from bot import clock
from bot.models import DialogState, OutboxMessage, SafetyCase, User, Village
from bot.safety.alerts import follow_up_due
from tests.kit.chat import converse
from tests.kit.conversations import assert_passes
from tests.kit.factories import add_area, add_user, add_village

START = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # 09:00 Beijing, a Monday


def _village_of(app, openid: str) -> str | None:
    with app.extensions["db"].session() as s:
        return s.scalar(select(Village.name).join(User, User.village_id == Village.id).where(User.openid == openid))


def _flow_of(app, openid: str) -> str | None:
    with app.extensions["db"].session() as s:
        state = s.get(DialogState, openid)
        return state.flow if state is not None else None


def test_saying_the_home_village_after_an_alert_registers_it_and_the_errand_goes_on(app, county, db):
    with clock.frozen(START):
        assert converse(app, "newbie", "想找人帮俺代办个事").action == "bind.ask"
        assert converse(app, "newbie", "屋里一股煤气味 俺头晕恶心").action == "safety.alert"
        reply = converse(app, "newbie", "俺是代村的")
    assert reply.action == "bind.village"
    assert reply.text.startswith("记下了，已经告诉工作人员您在")  # the alert's answer first
    assert "已登记" in reply.text and "党员" in reply.text  # then the errand carries on
    assert _village_of(app, "newbie") == "代村" and _flow_of(app, "newbie") == "errand"


def test_a_place_is_not_taken_for_the_home_village(app, county, db):
    with clock.frozen(START):
        converse(app, "newbie", "想找人帮俺代办个事")
        converse(app, "newbie", "俺爹抽风了 口吐白沫")
        assert converse(app, "newbie", "东关 小卖部后面").action == "safety.alert"
    assert _village_of(app, "newbie") is None and _flow_of(app, "newbie") == "bind"


@pytest.fixture
def town(db):
    """代村片区 (villager v1, secretary s1) and 东关片区 (secretary s2) in one township."""
    with db.session() as s:
        daicun = add_area(s, "bz-daicun", "代村片区")
        dongguan = add_area(s, "bz-dongguan", "东关片区")
        add_user(s, "v1", add_village(s, daicun, "代村"), name="王秀英")
        add_village(s, dongguan, "东关")
        add_user(s, "s1", None, [("secretary", daicun)], name="赵书记")
        add_user(s, "s2", None, [("secretary", dongguan)], name="孙书记")


def _texts(app, openid: str) -> list[str]:
    with app.extensions["db"].session() as s:
        return list(s.scalars(select(OutboxMessage.payload).where(OutboxMessage.openid == openid)
                              .order_by(OutboxMessage.id)))


@pytest.mark.parametrize("answer", ["收到 马上到", "好的，我这就过去", "收到了马上去 1号", "马上过去了"])
def test_a_staff_answer_in_their_own_words_takes_the_case_and_stops_the_escalation(app, town, answer):
    with clock.frozen(START) as moved:
        converse(app, "v1", "厨房着火了")
        reply = converse(app, "s1", answer)
        assert reply.action == "human.reply" and "第1号由您处理" in reply.text
        moved.advance(minutes=11)
        with app.app_context(), app.extensions["db"].session() as session:
            follow_up_due(session, clock.now())
    assert any("赵书记已经收到" in p["text"] for p in _texts(app, "v1"))
    assert _texts(app, "s2") == []  # answered in time: the township is not alerted
    with app.extensions["db"].session() as s:
        assert s.scalars(select(SafetyCase.state)).one() == "acknowledged"


def test_a_danger_in_the_middle_of_a_guide_keeps_the_guide_as_the_topic(worlds):
    """In the sample county (the conversation runner's world, where the guides are loaded)."""
    assert_passes(worlds, {"id": "danger-inside-guide", "steps": [
        {"as": "villager", "say": "低保咋办", "guide": "dibao"},
        {"as": "villager", "say": "俺娘吃错药了 叫不醒", "action": "safety.alert", "reply_has": ["120"]},
        {"as": "villager", "say": "要带啥材料", "action": "guide.materials", "guide": "dibao"}]})


def test_after_an_alert_inside_a_form_an_ok_is_answered_and_接着_takes_the_form_up(app, town):
    with clock.frozen(START):
        assert converse(app, "v1", "俺们庄自来水停了三天了").action == "need.ask"  # the phone is asked
        assert converse(app, "v1", "俺娘喝了农药了").action == "safety.alert"
        ok = converse(app, "v1", "好的")
        assert ok.action == "smalltalk.ack" and "120" in ok.text and "接着" in ok.text
        again = converse(app, "v1", "接着")
        assert again.action == "flow.resume" and "电话" in again.text
        assert "急不急" in converse(app, "v1", "俺没手机").text  # the form goes on where it was
