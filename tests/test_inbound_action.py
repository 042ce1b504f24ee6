"""The action the bot took with a message is stored on its inbound row (for the dashboard and
`flask converse`), through the real signed webhook."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import InboundMessage
from tests.kit.knowledge import load_into
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS)


def _row(app, openid: str) -> InboundMessage:
    with app.app_context(), app.extensions["db"].session() as session:
        return session.scalars(select(InboundMessage).where(InboundMessage.openid == openid)
                               .order_by(InboundMessage.id.desc()).limit(1)).one()


def test_each_message_keeps_its_action_and_guide(app, client):
    load_into(app)
    kit = WeChatKit(client)
    assert "低保" in kit.content(kit.post(make_text("u-act", "低保怎么办")))
    row = _row(app, "u-act")
    assert (row.action, row.guide, row.status) == ("guide.show", "dibao", "replied")
    kit.post(make_text("u-act", "1"))
    assert (_row(app, "u-act").action, _row(app, "u-act").guide) == ("guide.materials", "dibao")
    kit.post(make_text("u-act", "电话多少"))
    assert _row(app, "u-act").action == "guide.phone"


def test_a_command_that_was_not_done_reports_no_action(app, client):
    """接单 for an errand that does not exist: nothing was accepted, so no errand.accept."""
    from bot.models import Area, User, UserRole, Village

    with app.app_context(), app.extensions["db"].session() as session:
        area = Area(code="t1", name="测试片区")
        session.add(area)
        session.flush()
        village = Village(area_id=area.id, name="测试村")
        session.add(village)
        session.flush()
        member = User(openid="u-member", village_id=village.id)
        session.add(member)
        session.flush()
        session.add(UserRole(user_id=member.id, role="party_member", area_id=area.id))
    kit = WeChatKit(client)
    assert "没有找到" in kit.content(kit.post(make_text("u-member", "接单 99")))
    assert _row(app, "u-member").action is None
