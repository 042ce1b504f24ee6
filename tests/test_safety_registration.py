"""Danger while registration asks the village: the answer to "where are you" that says where the
villager lives (俺是代村的) registers the village too, and the interrupted request carries on; a
place (东关 小卖部后面) only tells the staff."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from bot import clock
from bot.models import DialogState, User, Village
from tests.kit.chat import converse

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
