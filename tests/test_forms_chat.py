"""Forms in chat (issue 13): an interrupted form waits and is offered back, an idle one is kept a
day, answers fill the field they fit, cancel and no-phone in words, staff words without a number."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import DialogState, Errand, ErrandEvent
from tests.kit.chat import say

ASK = "我想请党员帮我办低保"
T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # Monday 09:00 in Asia/Shanghai


pytestmark = pytest.mark.county(members=1)


@pytest.fixture
def route(router):
    router.set(ASK, "errand", "dibao")
    router.set("俺办的事到哪一步了", "status", None)
    router.set("取消吧", "cancel", None)
    return router


def _state(app, openid: str) -> DialogState | None:
    with app.extensions["db"].session() as s:
        state = s.get(DialogState, openid)
        if state is not None:
            s.expunge(state)
        return state


def _talk(app, openid: str, *texts: str) -> str:
    reply = ""
    for text in texts:
        reply = say(app, openid, text, now=clock.now())
    return reply


def test_a_question_in_the_middle_is_answered_and_the_errand_offered_back(app, county, route):
    with clock.frozen(T0):
        _talk(app, "v1", ASK, "1")  # the matter; the phone is asked now
        reply = _talk(app, "v1", "俺办的事到哪一步了")
        assert "电话" not in reply.split("\n\n")[0] and "还差电话" in reply and "接着" in reply
        state = _state(app, "v1")
        assert state.flow == "errand" or state.slots.get("_parked")  # kept, not stored as an answer
        reply = _talk(app, "v1", "接着")
        assert "接着请党员代办" in reply and "手机号" in reply
        assert "13912345678" in _talk(app, "v1", "13912345678 明天上午")  # the summary, time taken too
        assert "提交好了" in _talk(app, "v1", "就这样 提交吧")


def test_an_idle_errand_is_kept_a_day_and_offered_back(app, county, route):
    with clock.frozen(T0) as frozen:
        _talk(app, "v1", ASK, "1")
        frozen.advance(minutes=40)  # past the 10-minute idle of menus and lists
        reply = _talk(app, "v1", "13912345678")
        assert "接着您刚才请党员代办（" in reply and "13912345678" in reply and "1 确认提交" in reply
        frozen.advance(hours=25)  # a form is kept one day
        _talk(app, "v1", "明天上午")
        assert _state(app, "v1") is None or _state(app, "v1").flow != "errand"


def test_a_phone_is_not_a_time_and_a_time_is_not_a_phone(app, county, route):
    with clock.frozen(T0):
        _talk(app, "v1", ASK, "1")
        reply = _talk(app, "v1", "后天下午")
        assert "时间记下了" in reply and "手机号" in reply
        reply = _talk(app, "v1", "13912345678")
        assert "时间：后天下午" in reply and "电话：13912345678" in reply


def test_no_phone_is_an_answer_and_the_member_is_told(app, db, county, route):
    with clock.frozen(T0):
        reply = _talk(app, "v1", ASK, "1", "俺没手机", "随时")
        assert "电话：上门联系" in reply
        assert "提交好了" in _talk(app, "v1", "对")
    with db.session() as s:
        errand = s.scalars(select(Errand)).one()
        assert errand.phone == "上门联系"


def test_cancel_in_words_drops_the_form_and_nothing_else(app, county, route):
    with clock.frozen(T0):
        _talk(app, "v1", ASK, "1")
        assert "已经取消了" in _talk(app, "v1", "取消吧")
        assert _state(app, "v1") is None
        assert "已经取消" not in _talk(app, "v1", "取消吧")  # nothing left to cancel


def test_staff_words_without_a_number_and_a_rating_in_words(app, db, county, route):
    with clock.frozen(T0):
        _talk(app, "v1", ASK, "1", "13912345678", "明天上午", "1")
        assert "归您了" in _talk(app, "m1", "好的我接了")
        assert "已告诉群众" in _talk(app, "m1", "材料送到镇上了")
        assert "办结" in _talk(app, "m1", "办好了")
        assert "谢谢" in _talk(app, "v1", "挺好的，谢谢党员")
    with db.session() as s:
        rated = s.scalars(select(ErrandEvent).where(ErrandEvent.kind == "rated")).one()
        assert rated.note == "满意：挺好的，谢谢党员"
