"""Whole conversations through the real webhook (safe mode, signed) and the fake WeChat API.

A villager registers and books mediation; the mediator is pushed the booking and confirms;
the villager is told, checks and cancels. A cadre creates a volunteer task; two volunteers
are pushed it, the first takes the only place, the second waits and is promoted when the
first drops out. Pushes go through the outbox dispatcher to the fake API.
"""
from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import MediationRoom, Village
from bot.outbox import dispatch_once
from bot.wechat.client import get_client
from tests.kit.wechat import WECHAT_SETTINGS, make_event

SHANGHAI = ZoneInfo("Asia/Shanghai")


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS, fake_wechat=True)


def deliver(app) -> None:
    """Run the outbox dispatcher until nothing is due."""
    with app.app_context():
        while dispatch_once(app.extensions["db"], get_client()).claimed:
            pass


def test_villager_books_mediator_confirms_villager_cancels(app, wechat_chat, runner, fake_wechat):
    assert "村" in wechat_chat.kit.content(wechat_chat.kit.post(make_event("e2e-v", "subscribe"), mode="safe"))
    registered = wechat_chat("e2e-v", "我是代村的")  # the village's own name binds at once
    assert "代村" in registered and "已登记" in registered
    wechat_chat("e2e-m", "你好")
    with app.extensions["db"].session() as s:
        area_id = s.scalar(select(Village.area_id).where(Village.name == "代村"))
        room = s.scalar(select(MediationRoom.code).where(MediationRoom.area_id == area_id))
    assert runner.invoke(args=["mediation", "mediator", room, "e2e-m"]).exit_code == 0

    reply = wechat_chat("e2e-v", "俺跟邻居因为宅基地的事吵起来了想找人给调解调解")
    assert "宅基地" in reply and "不收费" in reply
    assert "哪天" in wechat_chat("e2e-v", "跳过")
    slots = wechat_chat("e2e-v", "下周三上午")
    assert re.search(r"\n1 ", slots), slots
    assert "手机" in wechat_chat("e2e-v", "1")
    booked = wechat_chat("e2e-v", "13800138000")
    number = re.search(r"预约号：(\d+)", booked).group(1)

    deliver(app)
    assert any(number in text for text in fake_wechat.texts("e2e-m"))  # the mediator is told
    assert "已确认" in wechat_chat("e2e-m", f"确认 {number}")
    deliver(app)
    assert any("确认" in text for text in fake_wechat.texts("e2e-v"))  # and the villager too

    assert number in wechat_chat("e2e-v", "我的预约")
    assert "取消" in wechat_chat("e2e-v", f"取消预约 {number}")


def test_volunteer_pushed_a_task_confirms_drops_out_and_the_waiting_one_is_promoted(
        app, wechat_chat, runner, fake_wechat):
    for openid in ("e2e-vol1", "e2e-vol2"):
        registered = wechat_chat(openid, "我是代村的")  # the village's own name binds at once
        assert "代村" in registered and "已登记" in registered
        wechat_chat(openid, "我想报名当志愿者")
        wechat_chat(openid, "1")  # skill: cooking
        wechat_chat(openid, "周末")  # usual free time
    with app.extensions["db"].session() as s:
        area_code = s.scalar(select(Village).where(Village.name == "代村")).area.code
    start = (clock.now().astimezone(SHANGHAI) + timedelta(days=3)).strftime("%Y-%m-%d 09:00")
    result = runner.invoke(args=["task", "create", "--title", "暖心食堂帮厨", "--area", area_code,
                                 "--at", start, "--needed", "1", "--place", "代村暖心食堂"])
    assert result.exit_code == 0, result.output
    deliver(app)
    assert any("帮厨" in t for t in fake_wechat.texts("e2e-vol1"))
    assert any("帮厨" in t for t in fake_wechat.texts("e2e-vol2"))

    assert "报名成功" in wechat_chat("e2e-vol1", "1")
    assert "候补" in wechat_chat("e2e-vol2", "1")
    assert "取消" in wechat_chat("e2e-vol1", "不去了")
    deliver(app)
    promoted = [t for t in fake_wechat.texts("e2e-vol2") if "帮厨" in t]
    assert len(promoted) == 2  # the offer, then the promotion
    assert "报名" in wechat_chat("e2e-vol2", "我的志愿")
