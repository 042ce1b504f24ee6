"""The whistle end to end: signed safe-mode webhook, the scheduler's job functions, the outbox
dispatcher and the fake WeChat API. Representatives register with invite codes; a whistle to
one who has not written for two days goes out as a template message."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import OutboxMessage
from bot.outbox import dispatch_once
from bot.wechat.client import get_client
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_image, make_text


@pytest.fixture
def app_config(wechat_app_config):
    return {**wechat_app_config, **WECHAT_SETTINGS,
            "TEMPLATE_IDS": {"whistle": "tpl-whistle", "need": "tpl-need"}}


@pytest.fixture
def chat(app, client, runner, fake_wechat):
    assert runner.invoke(args=["setup"]).exit_code == 0
    kit = WeChatKit(client)
    default_app_id = fake_wechat.state.app_id
    fake_wechat.state.app_id = WECHAT_SETTINGS["WECHAT_APP_ID"]

    def say(openid: str, text: str) -> str:
        fake_wechat.interaction(openid)  # WeChat opens the 48-hour window on every message
        sent = kit.post(make_text(openid, text), mode="safe")
        assert sent.status == 200
        return kit.content(sent)

    say.kit = kit
    yield say
    fake_wechat.state.app_id = default_app_id


def deliver(app) -> None:
    with app.app_context():
        while dispatch_once(app.extensions["db"], get_client()).claimed:
            pass


def _register_rep(chat, runner, openid: str, group: str) -> None:
    code = runner.invoke(args=["invite", "create", "--role", "rep", "--group", group]).output.split()[0]
    assert "党代表" in chat(openid, f"邀请码 {code}")


def test_villager_reports_reps_are_whistled_one_reports_for_duty(app, chat, runner, fake_wechat):
    registered = chat("e2e-villager", "我是代村的")  # the village's own name binds at once
    assert "代村" in registered and "已登记" in registered
    for openid, group in (("e2e-road1", "county-build"), ("e2e-road2", "county-build"),
                          ("e2e-farm", "county-agri")):
        _register_rep(chat, runner, openid, group)
    fake_wechat.interaction("e2e-road2", at=clock.timestamp() - 3 * 24 * 3600)  # silent for three days

    assert "急不急" in chat("e2e-villager", "村口的路塌了一个大坑，晚上看不见")
    photo = chat.kit.post(make_image("e2e-villager", media_id="road-photo"), mode="safe")
    assert "照片收到了" in chat.kit.content(photo)
    chat("e2e-villager", "2")  # 很急: alerted at once, no whistle round needed
    number = int(re.search(r"编号是\s*(\d+)\s*号", chat("e2e-villager", "1")).group(1))

    deliver(app)
    assert any(f"报到 {number}" in t for t in fake_wechat.texts("e2e-road1"))
    road2 = fake_wechat.messages("e2e-road2")
    assert [m["endpoint"] for m in road2] != [] and road2[-1]["endpoint"] != "custom"  # a template
    assert road2[-1]["body"]["template_id"] == "tpl-whistle"
    assert not any(str(number) in t for t in fake_wechat.texts("e2e-farm"))

    assert "归您了" in chat("e2e-road1", f"报到 {number}")
    deliver(app)
    assert any("已经有人接下" in t for t in fake_wechat.texts("e2e-villager"))
    assert any("已认领" in t for t in fake_wechat.texts("e2e-road2"))  # by template, too
    assert "已告诉群众" in chat("e2e-road1", f"进展 {number} 已经拉了警示牌")
    assert "已办结" in chat("e2e-road1", f"办结 {number} 坑填平了")
    deliver(app)
    assert any("满意" in t for t in fake_wechat.texts("e2e-villager"))
    assert "谢谢您的评价" in chat("e2e-villager", "满意")
    with app.extensions["db"].session() as s:
        dead = s.scalars(select(OutboxMessage.business_key).where(OutboxMessage.status == "dead")).all()
    assert dead == []
