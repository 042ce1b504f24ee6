"""The 群众留言 board: conversations in scope, unanswered first with the time waited; answering pushes to the villager."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import AuditEntry, Conversation, InboundMessage, User
from tests.kit.admin import logged_in, post
from tests.kit.chat import talk
from tests.kit.outbox import pushes
from tests.kit.worlds import MONDAY_10


pytestmark = pytest.mark.county("relay", accounts=[("county_admin", "county"), ("bz", "township", "卞庄街道"),
                                                   ("daicun", "area", "", "a1"), ("sicun", "area", "", "b1")])


def _conv_id(db, openid: str) -> int:
    with db.session() as s:
        return s.scalar(select(Conversation.id).join(User, User.id == Conversation.villager_id)
                        .where(User.openid == openid))


@pytest.fixture
def messages(app, db, county):
    """v2 answered, v1 waiting 3 hours, v3 (nobody in 三村片区) and v4 (兰陵镇) and newbie waiting."""
    talk(app, "v2", "人工 路灯坏了", at=MONDAY_10 - timedelta(hours=1))
    talk(app, "sec1", "明天修", at=MONDAY_10 - timedelta(minutes=50))
    talk(app, "v1", "人工 俺家低保停了", at=MONDAY_10)
    talk(app, "v3", "人工 桥塌了一半", at=MONDAY_10)
    talk(app, "v4", "人工 俺家地被占了", at=MONDAY_10)
    talk(app, "newbie", "人工 房子漏雨了", at=MONDAY_10)


def test_each_account_sees_its_scope_unanswered_first(app, db, messages):
    with clock.frozen(MONDAY_10 + timedelta(hours=3)):
        area_page = logged_in(app, "daicun").get("/admin/inbox").get_data(as_text=True)
        township_page = logged_in(app, "bz").get("/admin/inbox").get_data(as_text=True)
        county_page = logged_in(app, "county_admin").get("/admin/inbox").get_data(as_text=True)
    assert "低保停了" in area_page and "路灯坏了" in area_page
    assert area_page.index("低保停了") < area_page.index("路灯坏了")  # waiting before answered
    assert "3小时" in area_page
    for other in ("桥塌了", "地被占了", "漏雨了"):
        assert other not in area_page
    assert "桥塌了" in township_page and "地被占了" not in township_page and "漏雨了" not in township_page
    for words in ("低保停了", "路灯坏了", "桥塌了", "地被占了", "漏雨了"):  # the unregistered: county business
        assert words in county_page


def test_a_conversation_of_another_area_is_forbidden(app, db, messages):
    client = logged_in(app, "sicun")
    assert client.get(f"/admin/inbox/{_conv_id(db, 'v1')}").status_code == 403
    assert client.get("/admin/inbox/9999").status_code == 404
    response = post(client, f"/admin/inbox/{_conv_id(db, 'v1')}/answer", {"text": "我来"}, token_from="/admin/inbox")
    assert response.status_code == 403
    assert pushes(db, "v1") == []


def test_answering_on_the_page_pushes_to_the_villager(app, db, messages):
    client = logged_in(app, "daicun")
    number = _conv_id(db, "v1")
    response = post(client, f"/admin/inbox/{number}/answer", {"text": "您的低保下月恢复，有事打0539-000a1"},
                    token_from=f"/admin/inbox/{number}")
    assert response.status_code == 302
    assert pushes(db, "v1") == ["工作人员回复：您的低保下月恢复，有事打0539-000a1\n还有话要说，一天内直接回复就行，过后请回复“人工”再留言。"]
    with db.session() as s:
        conv = s.get(Conversation, number)
        assert conv.waiting_since is None and conv.escalate_at is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "relay.answer")).one()
        assert entry.username == "daicun" and entry.area_id == conv.area_id
    page = client.get(f"/admin/inbox/{number}").get_data(as_text=True)
    assert "已回复" in page and "daicun" in page


def test_answer_needs_the_csrf_token_and_words(app, db, messages):
    client = logged_in(app, "daicun")
    number = _conv_id(db, "v1")
    assert client.post(f"/admin/inbox/{number}/answer", data={"text": "你好"}).status_code == 400
    post(client, f"/admin/inbox/{number}/answer", {"text": "  "}, token_from=f"/admin/inbox/{number}")
    assert pushes(db, "v1") == []


def test_history_is_the_villagers_last_48_hours(app, db, messages):
    with db.session() as s:
        for n, (openid, words, reply, hours_ago) in enumerate((
                ("v1", "低保咋办", "低保办理：带户口本……", 5), ("v1", "三天前问的医保", "医保报销……", 72),
                ("v2", "李建国的话", "别人的回复", 1))):
            s.add(InboundMessage(dedupe_key=f"msg:{openid}:{n}", openid=openid, msg_type="text", content=words,
                                 reply=reply, status="replied", received_at=MONDAY_10 - timedelta(hours=hours_ago)))
    with clock.frozen(MONDAY_10 + timedelta(hours=1)):
        page = logged_in(app, "daicun").get(f"/admin/inbox/{_conv_id(db, 'v1')}").get_data(as_text=True)
    assert "低保咋办" in page and "低保办理：带户口本" in page
    assert "三天前问的医保" not in page and "李建国的话" not in page
