"""The need form asks for a phone after what happened (issue 13): a number is kept for the
representative, 没有 / 不用了 / 俺没手机 skip it (上门联系), and 算了 不报了 drops the form at any step."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.models import Need, User
from handlers import need_texts
from tests.kit.chat import say

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
PROBLEM = "俺村的路灯不亮了，晚上黑乎乎的"

pytestmark = pytest.mark.county("needs")


@pytest.fixture
def route(router):
    router.set(PROBLEM, "need", score=0.9)
    return router


def _needs(db) -> list[Need]:
    with db.session() as s:
        return list(s.scalars(select(Need).order_by(Need.id)))


@pytest.mark.parametrize("skip", ["没有", "不用了", "俺没手机", "嗯 没手机", "不留了"])
def test_a_villager_without_a_phone_skips_it_and_the_need_is_sent(app, db, county, route, skip):
    assert need_texts.ASK_PHONE in say(app, "v3", PROBLEM, now=T0)  # v3 has no phone on file
    reply = say(app, "v3", skip, now=T0)  # the summary: the urgency not said is 一般
    assert "电话：上门联系" in reply and "急不急：一般" in reply
    assert "编号是" in say(app, "v3", "对", now=T0)
    (need,) = _needs(db)
    assert need.text == PROBLEM and need.state in ("new", "alerted", "collected")


def test_a_phone_given_is_kept_for_the_representative(app, db, county, route):
    say(app, "v3", PROBLEM, now=T0)
    assert "急不急" in say(app, "v3", "俺电话是 139 0539 0123", now=T0)
    assert "电话：13905390123" in say(app, "v3", "不急", now=T0)
    say(app, "v3", "1", now=T0)
    with db.session() as s:
        assert s.scalar(select(User.phone).where(User.openid == "v3")) == "13905390123"


def test_a_known_phone_is_not_asked_again(app, db, county, route):
    assert "急不急" in say(app, "v1", PROBLEM, now=T0)  # v1 registered a phone before


def test_other_words_at_the_phone_ask_again(app, db, county, route):
    say(app, "v3", PROBLEM, now=T0)
    assert need_texts.PHONE_AGAIN in say(app, "v3", "晚上", now=T0)
    assert need_texts.ASK_PHONE in say(app, "v3", "不着急", now=T0)  # the urgency is kept, the phone still missing
    assert "路灯不亮了" in say(app, "v3", "没有", now=T0)  # nothing else missing: the summary


@pytest.mark.parametrize("answers", [[], ["没有"], ["没有", "3"]], ids=["at-phone", "at-summary", "at-urgency"])
@pytest.mark.parametrize("stop", ["算了 不报了", "唉 不反映了", "不想说了"])
def test_stop_words_drop_the_form_at_any_step(app, db, county, route, answers, stop):
    say(app, "v3", PROBLEM, now=T0)
    for answer in answers:
        say(app, "v3", answer, now=T0)
    assert "已经取消了" in say(app, "v3", stop, now=T0)
    assert _needs(db) == []
