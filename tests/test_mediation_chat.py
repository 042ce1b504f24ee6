"""Mediation by chat: a villager books, a mediator confirms, reminders, moving, cancelling, outcome."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from bot import mediation
from bot.models import Booking, Slot, User
from tests.kit.chat import say
from tests.kit.factories import add_user
from tests.kit.mediation import SH, at, make_mediator, make_place
from tests.kit.outbox import outbox_rows

MONDAY = at(2027, 1, 4, 10, 0)  # Monday 4 January 2027, 10:00 in Shanghai


@pytest.fixture
def place(db, router):
    router.always("mediation")
    with db.session() as s:
        place = make_place(s, capacity=1)
        make_mediator(s, "m1", place.room_id, name="苗师傅")
        add_user(s, "v1", name="张大爷")
        add_user(s, "v2", place.village_id)
        other = make_place(s, code="b2")
        make_mediator(s, "m2", other.room_id)
    return place


def _booking(db, number: str) -> Booking:
    with db.session() as s:
        booking = mediation.booking_by_number(s, number)
        booking.slot  # load while the session is open
        return booking


def _taken(db, place, day: date, hour: int) -> int:
    with db.session() as s:
        starts = at(day.year, day.month, day.day, hour)
        return s.scalar(select(Slot.taken).where(Slot.room_id == place.room_id, Slot.starts_at == starts))


def _texts(db, openid: str, kind: str | None = None) -> list[str]:
    with db.session() as s:
        return [m.payload["text"] for m in outbox_rows(s, openid, kind)]


def test_a_villager_books_and_the_mediator_confirms_reminds_moves_cancels(app, db, place):
    assert "我是" in say(app, "v1", "我想找人调解", now=MONDAY)  # no village yet
    with db.session() as s:
        s.scalars(select(User).where(User.openid == "v1")).one().village_id = place.village_id

    reply = say(app, "v1", "跟邻居因为宅基地吵起来了", now=MONDAY)
    assert "宅基地" in reply and "不收费" in reply and "跳过" in reply
    assert "哪天" in say(app, "v1", "跳过", now=MONDAY)
    reply = say(app, "v1", "后天上午", now=MONDAY)
    assert "1月6日" in reply and "1 上午9点" in reply and "2 上午10点" in reply
    assert "手机号" in say(app, "v1", "1", now=MONDAY)
    assert "不对" in say(app, "v1", "138001", now=MONDAY)
    reply = say(app, "v1", "１３８ ００１３ ８０００", now=MONDAY)
    number = re.search(r"预约号：(\d+)", reply).group(1)
    assert "1月6日（周三）上午9点" in reply and "不收费" in reply

    booking = _booking(db, number)
    assert (booking.kind, booking.phone, booking.other_party) == ("宅基地", "13800138000", None)
    assert "跟邻居因为宅基地吵起来了" == booking.description
    pushed = _texts(db, "m1")
    assert len(pushed) == 1 and f"确认 {number}" in pushed[0] and "13800138000" in pushed[0]
    assert _texts(db, "m2") == []  # another room's mediator hears nothing

    assert "没找到" in say(app, "m2", f"确认 {number}", now=MONDAY)  # not their room
    assert "已确认" in say(app, "m1", f"确认 {number}", now=MONDAY)
    told = _texts(db, "v1")
    assert len(told) == 1 and "调解员已确认" in told[0] and "1月6日" in told[0]

    for _ in range(2):  # the reminder job runs twice: one reminder each
        with db.session() as s:
            mediation.reminders_due(s, at(2027, 1, 5, 9, 0))
    assert len(_texts(db, "v1", "reminder")) == 1 and len(_texts(db, "m1", "reminder")) == 1
    assert "明天" in _texts(db, "v1", "reminder")[0]

    tuesday = at(2027, 1, 5, 11, 0)
    assert "想改到哪天" in say(app, "v1", f"改约 {number}", now=tuesday)
    reply = say(app, "v1", "下周三", now=tuesday)
    assert "1月13日" in reply
    assert "改好了" in say(app, "v1", "2", now=tuesday)
    assert _taken(db, place, date(2027, 1, 6), 9) == 0 and _taken(db, place, date(2027, 1, 13), 10) == 1
    assert any("改时间" in t and "1月13日" in t for t in _texts(db, "m1"))
    assert "改了时间" in say(app, "v1", "我的调解预约", now=tuesday)

    assert "已经取消" in say(app, "v1", f"取消预约 {number}", now=tuesday)
    assert _taken(db, place, date(2027, 1, 13), 10) == 0
    assert any("取消" in t for t in _texts(db, "m1"))
    assert _booking(db, number).state == "cancelled"


def test_a_second_booking_by_numbers_then_the_outcome(app, db, place):
    assert "6 欠钱" in say(app, "v2", "预约调解", now=MONDAY)
    assert "怎么回事" in say(app, "v2", "6", now=MONDAY)
    assert "对方" in say(app, "v2", "他借了俺两万块钱一直不还", now=MONDAY)
    assert "哪天" in say(app, "v2", "王五", now=MONDAY)
    reply = say(app, "v2", "明天下午", now=MONDAY)  # afternoons are closed: the morning is offered
    assert "1月5日（周二）下午没有空位" in reply and "1 上午9点" in reply
    say(app, "v2", "1", now=MONDAY)
    number = re.search(r"预约号：(\d+)", say(app, "v2", "13900139000", now=MONDAY)).group(1)
    booking = _booking(db, number)
    assert (booking.kind, booking.other_party) == ("债务", "王五")

    # Someone else's booking is not theirs to see or change.
    assert "没找到" in say(app, "v1", f"取消预约 {number}", now=MONDAY)

    reply = say(app, "m1", f"结果 {number} 成功 双方签了还款协议", now=at(2027, 1, 5, 11))
    assert "调解成功" in reply
    assert _booking(db, number).state == "done"
    told = _texts(db, "v2")
    assert any("调解成功" in t and "司法确认" in t for t in told)


def test_mediator_offers_another_time_and_the_villager_agrees(app, db, place):
    say(app, "v2", "俺娘没人养，兄弟几个都不管", now=MONDAY)
    say(app, "v2", "跳过", now=MONDAY)
    say(app, "v2", "礼拜三", now=MONDAY)
    say(app, "v2", "1", now=MONDAY)
    number = re.search(r"预约号：(\d+)", say(app, "v2", "13900139000", now=MONDAY)).group(1)
    assert _booking(db, number).kind == "赡养"

    assert "请带上日子" in say(app, "m1", f"改时间 {number}", now=MONDAY)
    reply = say(app, "m1", f"改时间 {number} 下周四上午10点", now=MONDAY)
    assert "1月14日（周四）上午10点" in reply
    offer = _texts(db, "v2")[-1]
    assert f"同意 {number}" in offer and "1月14日" in offer
    assert "已确认" in say(app, "v2", f"同意 {number}", now=MONDAY)
    booking = _booking(db, number)
    assert booking.state == "confirmed"
    assert booking.slot.starts_at.astimezone(SH).date() == date(2027, 1, 14)
    assert _taken(db, place, date(2027, 1, 6), 9) == 0


def test_a_full_day_offers_the_next_days_with_space(app, db, place):
    with db.session() as s:
        mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14)
        for hour in (9, 10):
            slot = s.scalars(select(Slot).where(Slot.starts_at == at(2027, 1, 6, hour))).one()
            slot.taken = slot.capacity
    say(app, "v2", "地界的事跟人家有争议想调解一下", now=MONDAY)
    say(app, "v2", "跳过", now=MONDAY)
    reply = say(app, "v2", "1月6号", now=MONDAY)
    assert "没有空位" in reply and "1月7日" in reply and "1 1月7日（周四）上午9点" in reply
    reply = say(app, "v2", "这周六", now=MONDAY)  # weekend closed: Monday next
    assert "1月11日" in reply


def test_mediator_words_without_a_number_confirm_move_and_record(app, db, place):
    """就这个时间吧 / 改到下周四上午 / 调解成功了 …: the one booking that fits, clock moved to after it."""
    assert "对方" in say(app, "v2", "俺和邻居因为排水沟吵起来了", now=MONDAY)
    say(app, "v2", "跳过", now=MONDAY)
    say(app, "v2", "礼拜三", now=MONDAY)
    say(app, "v2", "1", now=MONDAY)
    number = re.search(r"预约号：(\d+)", say(app, "v2", "13900139000", now=MONDAY)).group(1)
    assert f"{number}号" in say(app, "m1", "那天不行 改到下周四上午", now=MONDAY)
    assert _booking(db, number).state == "proposed_other_time"
    assert "已确认" in say(app, "v2", f"同意 {number}", now=MONDAY)
    before = say(app, "m1", "调解成功了 两家握手言和", now=MONDAY)
    assert "已记下" not in before and _booking(db, number).state == "confirmed"  # not held yet
    after_it = _booking(db, number).slot.starts_at.astimezone(SH).replace(hour=15)
    assert "调解成功" in say(app, "m1", "调解成功了 两家握手言和", now=after_it)
    booking = _booking(db, number)
    assert booking.state == "done" and booking.outcome_note == "两家握手言和"


def test_cancel_words_while_the_time_is_asked_leave_the_form_and_a_day_said_is_still_a_choice(app, db, place):
    with db.session() as s:
        mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14)
    say(app, "v2", "地界的事跟人家有争议想调解一下", now=MONDAY)
    say(app, "v2", "跳过", now=MONDAY)
    assert "1月6日" in say(app, "v2", "后天上午", now=MONDAY)
    reply = say(app, "v2", "周三算了 周四上午吧", now=MONDAY)  # a day said: still choosing, not a stop
    assert "有空的时间" in reply
    reply = say(app, "v2", "俺们自己说开了 那个调解不用了 给俺退了吧", now=MONDAY)
    assert "取消" in reply and "没有提交" in reply
    with db.session() as s:
        assert s.scalar(select(Booking.id)) is None


def test_moving_a_booking_by_a_number_of_days_moves_it_to_that_days_same_time_on_every_path(app, db, place):
    with db.session() as s:
        mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14)
    say(app, "v2", "地界的事跟人家有争议想调解一下", now=MONDAY)
    say(app, "v2", "跳过", now=MONDAY)
    say(app, "v2", "后天上午", now=MONDAY)
    say(app, "v2", "2", now=MONDAY)
    assert "预约好了" in say(app, "v2", "13800138000", now=MONDAY)
    for text in ("那天俺去不了了 能往后挪一天不", "还得往后推一天"):  # said as a new request: the form's own path too
        reply = say(app, "v2", text, now=MONDAY)  # the lead's decision: the same time that day, when free, at once
        assert "1月7日" in reply and "改好了" in reply and "有空的时间" not in reply
        assert _taken(db, place, date(2027, 1, 7), 10) == 1 and _taken(db, place, date(2027, 1, 6), 10) == 0
        with db.session() as s:  # back to Wednesday for the second wording
            booking = s.scalars(select(Booking)).one()
            mediation.move(s, booking, s.scalars(select(Slot).where(Slot.starts_at == at(2027, 1, 6, 10))).one().id)
