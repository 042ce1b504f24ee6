"""The whistle end to end: signed safe-mode webhook, the scheduler's job functions, the outbox
dispatcher and the fake WeChat API. Representatives register with invite codes; a whistle to
one who has not written for two days goes out as a template message."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import OutboxMessage
from tests.kit.wechat import WECHAT_SETTINGS, make_image
from tests.kit.outbox import deliver


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS, {"TEMPLATE_IDS": {"whistle": "tpl-whistle", "need": "tpl-need"}},
                                      fake_wechat=True)


def _register_rep(wechat_chat, runner, openid: str, group: str) -> None:
    code = runner.invoke(args=["invite", "create", "--role", "rep", "--group", group]).output.split()[0]
    assert "党代表" in wechat_chat(openid, f"邀请码 {code}")


def test_villager_reports_reps_are_whistled_one_reports_for_duty(app, wechat_chat, runner, fake_wechat):
    registered = wechat_chat("e2e-villager", "我是代村的")  # the village's own name binds at once
    assert "代村" in registered and "已登记" in registered
    for openid, group in (("e2e-road1", "county-build"), ("e2e-road2", "county-build"),
                          ("e2e-farm", "county-agri")):
        _register_rep(wechat_chat, runner, openid, group)
    fake_wechat.interaction("e2e-road2", at=clock.timestamp() - 3 * 24 * 3600)  # silent for three days

    assert "留个电话" in wechat_chat("e2e-villager", "村口的路塌了一个大坑，晚上看不见")
    photo = wechat_chat.kit.post(make_image("e2e-villager", media_id="road-photo"), mode="safe")
    assert "照片收到了" in wechat_chat.kit.content(photo)
    assert "急不急：一般" in wechat_chat("e2e-villager", "13905391111")  # the summary, urgency not said
    assert "很急" in wechat_chat("e2e-villager", "很急")  # alerted at once, no whistle round needed
    number = int(re.search(r"编号是\s*(\d+)\s*号", wechat_chat("e2e-villager", "1")).group(1))

    deliver(app)
    assert any(f"报到 {number}" in t for t in fake_wechat.texts("e2e-road1"))
    road2 = fake_wechat.messages("e2e-road2")
    assert [m["endpoint"] for m in road2] != [] and road2[-1]["endpoint"] != "custom"  # a template
    assert road2[-1]["body"]["template_id"] == "tpl-whistle"
    assert not any(str(number) in t for t in fake_wechat.texts("e2e-farm"))

    assert "归您了" in wechat_chat("e2e-road1", f"报到 {number}")
    deliver(app)
    assert any("已经有人接下" in t for t in fake_wechat.texts("e2e-villager"))
    assert any("已认领" in t for t in fake_wechat.texts("e2e-road2"))  # by template, too
    assert "已告诉群众" in wechat_chat("e2e-road1", f"进展 {number} 已经拉了警示牌")
    assert "已办结" in wechat_chat("e2e-road1", f"办结 {number} 坑填平了")
    deliver(app)
    assert any("满意" in t for t in fake_wechat.texts("e2e-villager"))
    assert "谢谢您的评价" in wechat_chat("e2e-villager", "满意")
    with app.extensions["db"].session() as s:
        dead = s.scalars(select(OutboxMessage.business_key).where(OutboxMessage.status == "dead")).all()
    assert dead == []
