"""After a safety alert: staff acknowledge by replying, the 10-minute follow-up, the escalation."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import Area, DialogState, OutboxMessage, SafetyCase
from bot.outbox.store import claim
from bot.safety.alerts import follow_up_due
from tests.kit.chat import converse
from tests.kit.factories import add_area, add_user, add_village
from tests.kit.mediation import make_mediator, make_place

START = datetime(2026, 12, 7, 14, 0, tzinfo=timezone.utc)  # 22:00 Beijing: no office hours


@pytest.fixture
def town(db):
    """代村片区 (secretary s1, cadre c1) and 东关片区 (secretary s2) in one township; a county cadre."""
    with db.session() as s:
        a = add_area(s, "bz-daicun", "代村片区")
        b = add_area(s, "bz-dongguan", "东关片区")
        far = add_area(s, "ll-x", "荀庄片区", township="兰陵镇")
        add_user(s, "v1", add_village(s, a, "代村"), name="王秀英", phone="13800000001")
        add_village(s, b, "东关")
        add_user(s, "s1", None, [("secretary", a)], name="赵书记")
        add_user(s, "c1", None, [("cadre", a)], name="钱干部")
        add_user(s, "s2", None, [("secretary", b)], name="孙书记")
        add_user(s, "s3", None, [("secretary", far)], name="外镇书记")
        add_user(s, "cty", None, [("cadre", None)], name="县值班")


def run_job(app):
    with app.app_context(), app.extensions["db"].session() as session:
        return follow_up_due(session, clock.now())


def texts(app, openid: str) -> list[str]:
    with app.extensions["db"].session() as s:
        return [m.payload["text"] for m in s.scalars(select(OutboxMessage).where(OutboxMessage.openid == openid)
                                                     .order_by(OutboxMessage.id))]


def the_case(app) -> SafetyCase:
    with app.extensions["db"].session() as s:
        return s.scalars(select(SafetyCase)).one()


def test_area_secretary_and_duty_cadre_are_pushed_at_night_with_name_village_phone_words(app, town):
    with clock.frozen(START):
        converse(app, "v1", "俺家着火了")
    for staff in ("s1", "c1"):
        [text] = texts(app, staff)
        assert all(part in text for part in ("王秀英", "代村", "13800000001", "俺家着火了", "119", "收到"))
    assert texts(app, "s2") == [] and texts(app, "cty") == []


def test_nobody_answers_so_the_villager_is_asked_again_and_the_township_alerted(app, town):
    with clock.frozen(START) as moved:
        converse(app, "v1", "俺娘晕倒了不省人事")
        moved.advance(minutes=9)
        assert run_job(app) == 0 and texts(app, "s2") == []
        moved.advance(minutes=1)
        assert run_job(app) == 1
        assert run_job(app) == 0  # once
    [again] = [t for t in texts(app, "v1") if "怎么样了" in t]
    assert "120" in again
    [up] = texts(app, "s2")  # the township's other area
    assert "升级" in up and "俺娘晕倒了不省人事" in up
    assert texts(app, "s3") == []  # another township
    case = the_case(app)
    assert case.escalated_at == START + timedelta(minutes=10) and case.state == "open"
    assert set(case.recipients) == {"s1", "c1", "s2"}


def test_a_reply_to_the_push_acknowledges_and_stops_the_escalation(app, town):
    with clock.frozen(START) as moved:
        converse(app, "v1", "有人打架动刀子了")
        moved.advance(minutes=3)
        reply = converse(app, "c1", "收到")
        assert "第1号由您处理" in reply.text and "13800000001" in reply.text
        moved.advance(minutes=10)
        run_job(app)
    told = texts(app, "v1")
    assert any("钱干部已经收到" in t for t in told) and any("怎么样了" in t for t in told)
    assert any("钱干部已回复" in t for t in texts(app, "s1"))
    assert texts(app, "s2") == []  # answered in time: no escalation
    case = the_case(app)
    assert case.state == "acknowledged" and case.escalated_at is None
    assert case.acknowledged_at == START + timedelta(minutes=3)


def test_a_plain_1_acknowledges_only_for_staff_who_were_pushed(app, town):
    with clock.frozen(START):
        converse(app, "v1", "电线杆倒了 电线耷拉在路上")
        assert "由您处理" not in converse(app, "s2", "1").text  # not told of it
        assert "由您处理" in converse(app, "s1", "1").text
        assert "由您处理" not in converse(app, "c1", "收到").text  # taken already: nothing open


def test_what_the_villager_adds_after_the_alert_reaches_the_staff(app, town):
    with clock.frozen(START) as moved:
        converse(app, "v1", "俺娘晕倒了不省人事")
        moved.advance(minutes=2)
        reply = converse(app, "v1", "快点来人啊 她还没醒")
        assert reply.action == "human.forward" and "120" in reply.text
        assert converse(app, "v1", "低保怎么办").action != "human.forward"  # another request
        moved.advance(minutes=40)
        assert converse(app, "v1", "谢谢").action != "human.forward"  # long after: ordinary chat
    assert any("她还没醒" in t for t in texts(app, "s1"))
    assert any("她还没醒" in t for t in texts(app, "c1"))


def test_escalation_with_no_township_staff_goes_to_the_county(app, db):
    with db.session() as s:
        lone = add_area(s, "x1", "孤片区", township="偏远镇")
        add_user(s, "v7", add_village(s, lone, "孤村"), name="独居老人")
        add_user(s, "s7", None, [("secretary", lone)], name="孤书记")
        add_user(s, "cty", None, [("cadre", None)], name="县值班")
    with clock.frozen(START) as moved:
        converse(app, "v7", "我不想活了")
        moved.advance(minutes=10)
        run_job(app)
    assert any("升级" in t for t in texts(app, "cty"))


def test_danger_in_the_middle_of_a_mediation_booking_keeps_the_booking_form(app, db):
    with db.session() as s:
        place = make_place(s)
        make_mediator(s, "med", place.room_id)
        add_user(s, "v5", place.village_id, name="张大爷")
        add_user(s, "sec", None, [("secretary", s.get(Area, place.area_id))], name="片区书记")
    with clock.frozen(START):
        converse(app, "v5", "想预约调解 跟邻居吵架了")
        with db.session() as s:
            assert s.get(DialogState, "v5").flow == "mediation"
        reply = converse(app, "v5", "他拿着刀过来了 要砍我")
        assert reply.text.startswith("请马上打110") and reply.action == "safety.alert"
        with db.session() as s:
            assert s.get(DialogState, "v5").flow == "mediation"
    assert len(texts(app, "sec")) == 1


def test_safety_pushes_are_claimed_before_earlier_pushes(app, town, db):
    with clock.frozen(START) as moved:
        with db.session() as s:
            for n in range(5):
                s.add(OutboxMessage(business_key=f"reply:{n}", openid="s1", kind="reply", payload={"text": "x"},
                                    status="pending", attempts=0, next_attempt_at=START - timedelta(minutes=30)))
        moved.advance(minutes=1)
        converse(app, "v1", "俺家着火了")
        claimed, _ = claim(db, 2, 60, clock.now())
    assert [m.kind for m in claimed] == ["safety", "safety"]


def test_the_same_emergency_told_again_is_one_case_and_one_alert_each(app, town):
    with clock.frozen(START) as moved:
        first = converse(app, "v1", "救命 俺家着火了")
        moved.advance(minutes=1)
        again = converse(app, "v1", "火越来越大了 快来人救火")
    assert first.text.startswith("请马上打119") and again.text.startswith("请马上打119")
    with app.extensions["db"].session() as s:
        assert len(s.scalars(select(SafetyCase)).all()) == 1
    pushed = texts(app, "s1")
    assert len(pushed) == 2 and "紧急求助】" in pushed[0] and "火越来越大了" in pushed[1]
