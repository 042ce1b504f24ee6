"""The whistle through the real webhook: signed WeChat XML in, XML replies out, outbox rows for pushes."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from bot import clock
from bot import needs
from bot.models import Need, OutboxMessage
from bot.needs.fields import warm_up
from tests.kit.worlds import make_needs_county
from tests.kit.wechat import WECHAT_SETTINGS, make_image, make_text




@pytest.fixture
def kit(kit):
    # The app warms the word lists at start in production (as the router does); here, before
    # the first request, so the first report answers within the reply budget.
    warm_up()
    return kit


pytestmark = [pytest.mark.app_settings(WECHAT_SETTINGS),
              pytest.mark.usefixtures("drained")]  # no reply left running after a test


def _keys(db, prefix: str) -> list[tuple[str, str]]:
    with db.session() as s:
        return sorted(s.execute(select(OutboxMessage.business_key, OutboxMessage.openid)
                                .where(OutboxMessage.business_key.startswith(prefix))).all())


@pytest.mark.parametrize("mode", ["plain", "safe"])
def test_report_and_report_for_duty_through_the_webhook(app, db, kit, router, mode):
    county = make_needs_county(db)
    router.set("我要反映问题", "need", score=0.9)

    def say(openid: str, text: str) -> str:
        return kit.content(kit.post(make_text(openid, text), mode=mode))

    assert "是什么事" in say("v1", "我要反映问题")
    assert "照片收到了" in kit.content(kit.post(make_image("v1", media_id="pic-77"), mode=mode))
    assert "1 确认提交" in say("v1", "俺家门口的臭水沟堵了，夏天臭得很")  # the phone on file, 一般 unless said
    reply = say("v1", "1")
    number = int(re.search(r"编号是\s*(\d+)\s*号", reply).group(1))
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.group_code, need.photo_media_id, need.villager_id) == ("county-build", "pic-77",
                                                                           county.users["v1"])
        assert needs.whistle_round(s, clock.now()) == 1
    assert [openid for _, openid in _keys(db, f"need:{number}:whistle:")] == ["build1", "build2", "build_lead"]

    # WeChat retries the representative's 报到 (same MsgId) three times: handled once
    claim_xml = make_text("build2", f"报到 {number}")
    replies = {kit.content(kit.post(claim_xml, mode=mode)) for _ in range(3)}
    assert len(replies) == 1 and "归您了" in replies.pop()
    assert "已经有别的党代表认领" in say("build1", f"报到 {number}")
    assert _keys(db, f"need:{number}:taken:") == [(f"need:{number}:taken:build1", "build1"),
                                                 (f"need:{number}:taken:build_lead", "build_lead")]
    assert _keys(db, f"need:{number}:claimed") == [(f"need:{number}:claimed", "v1")]

    assert "已告诉群众" in say("build2", f"进展 {number} 明天带人来清")
    assert "已办结" in say("build2", f"办结 {number} 清完了")
    assert "告诉党代表您不满意" in say("v1", "不满意")
    with db.session() as s:
        assert s.get(Need, number).state == "reopened"
        assert s.scalar(select(func.count()).select_from(OutboxMessage)
                        .where(OutboxMessage.business_key.startswith(f"need:{number}:reopened:"),
                               OutboxMessage.openid == "build2")) == 1
