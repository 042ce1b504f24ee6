"""A villager asks for a person: the message reaches the area's staff through the outbox."""
import pytest
from sqlalchemy import select

from bot.models import Area, OutboxMessage, User, UserRole, Village
from tests.kit.chat import say


@pytest.fixture
def area_with_secretary(db):
    with db.session() as s:
        area = Area(code="a1", name="代村片区", township="卞庄街道", phone="0539-0000000")
        s.add(area)
        s.flush()
        s.add(Village(name="代村", area_id=area.id))
        sec = User(openid="sec1", name="王书记")
        s.add(sec)
        s.flush()
        s.add(UserRole(user_id=sec.id, role="secretary", area_id=area.id))
        s.flush()
        villager = User(openid="v1", village_id=s.scalar(select(Village.id)))
        s.add(villager)


def test_message_to_a_person_is_forwarded_once(app, db, area_with_secretary, router):
    router.always("human")
    assert "0539-0000000" in say(app, "v1", "我要找人")
    assert "转给" in say(app, "v1", "俺家门口的水管冻裂了")
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage)).all()
    assert [r.openid for r in rows] == ["sec1"]
    assert "水管冻裂" in rows[0].payload["text"]


def test_unclear_message_can_be_forwarded_from_the_fallback_menu(app, db, area_with_secretary, router):
    router.always("unknown", score=0.1)
    reply = say(app, "v1", "俺家那个事儿到底咋整")
    assert "9" in reply and "转给工作人员" in reply
    assert "转给" in say(app, "v1", "9")
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage)).all()
    assert len(rows) == 1 and "到底咋整" in rows[0].payload["text"]


def test_menu_number_acts_as_that_request(app, db, area_with_secretary, router):
    router.always("menu")
    assert "1 办事指南" in say(app, "v1", "你好")
    assert "0539-0000000" in say(app, "v1", "9")  # 9: find a person
