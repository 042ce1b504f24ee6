"""Forms filled by meaning and one's own items in words (issue 13), on the test database (SQLite,
or PostgreSQL on its leg): a phone typed while the mediation time is asked is kept, a day said
while the other party is asked is kept, 确认 books without a phone; the mediator's other time is
taken or refused in words; a booking is moved in words (往后挪一天: to the same time when free); the words readers underneath."""
from datetime import date

import pytest

from bot import mediation
from handlers.answer_words import says_cant, says_yes
from handlers.errands import matter_in_words, said_along
from tests.kit.chat import say
from tests.kit.factories import add_user
from tests.kit.mediation import SH, at, make_mediator, make_place
from tests.test_dialog_store import store_factory  # noqa: F401 (the fixture)

MONDAY = at(2027, 1, 4, 10, 0)  # Monday 4 January 2027, 10:00 in Shanghai


@pytest.fixture
def place(db, router, frozen_clock):
    frozen_clock.set(MONDAY)  # the context (what was pushed last) is kept on the app's clock
    router.always("mediation")
    with db.session() as s:
        place = make_place(s, capacity=2)
        make_mediator(s, "m1", place.room_id, name="苗师傅")
        add_user(s, "v1", place.village_id)
    return place


def _only_booking(db):
    with db.session() as s:
        booking = mediation.villager_bookings(s, _user_id(s, "v1"))[0]
        booking.slot  # load while the session is open
        return booking


def _user_id(session, openid):
    from bot.models import User

    return session.query(User).filter_by(openid=openid).one().id


def _book(app):
    say(app, "v1", "跟邻居因为宅基地吵起来了", now=MONDAY)
    say(app, "v1", "邻居老王", now=MONDAY)
    say(app, "v1", "礼拜三上午", now=MONDAY)
    say(app, "v1", "1", now=MONDAY)
    assert "预约号" in say(app, "v1", "确认", now=MONDAY)  # no phone: 确认 books without one


def test_a_phone_typed_while_the_time_is_asked_is_kept(app, db, place):
    say(app, "v1", "跟邻居因为宅基地吵起来了", now=MONDAY)
    assert "哪天" in say(app, "v1", "邻居老王", now=MONDAY)
    reply = say(app, "v1", "俺手机号13906391234", now=MONDAY)
    assert "电话记下了" in reply and "时间：139" not in reply and "哪天" in reply
    say(app, "v1", "礼拜三上午", now=MONDAY)
    assert "预约号" in say(app, "v1", "1", now=MONDAY)  # the phone is not asked again
    assert _only_booking(db).phone == "13906391234"


def test_a_day_said_for_the_other_party_is_kept(app, db, place):
    assert "对方" in say(app, "v1", "跟邻居因为宅基地吵起来了", now=MONDAY)
    reply = say(app, "v1", "后天上午吧", now=MONDAY)
    assert "时间记下了" in reply and "对方" in reply
    assert "1月6日" in say(app, "v1", "西院老张", now=MONDAY)  # straight to that day's free times
    say(app, "v1", "1", now=MONDAY)
    say(app, "v1", "没有", now=MONDAY)
    assert _only_booking(db).other_party == "西院老张"


def test_the_mediators_other_time_taken_in_words(app, db, place):
    _book(app)
    say(app, "m1", "改时间 1 周四上午10点", now=MONDAY)
    assert "已确认" in say(app, "v1", "行，就那个时间", now=MONDAY)
    booking = _only_booking(db)
    assert booking.state == "confirmed" and booking.slot.starts_at.astimezone(SH).date() == date(2027, 1, 7)


def test_the_mediators_other_time_refused_asks_for_a_day(app, db, place):
    _book(app)
    say(app, "m1", "改时间 1 周四上午10点", now=MONDAY)
    reply = say(app, "v1", "那天不行，俺没空", now=MONDAY)
    assert "想改到哪天" in reply and "已确认" not in reply
    assert _only_booking(db).state == "proposed_other_time"


@pytest.mark.parametrize("text", ["俺约的调解能往后推一天不", "调解往后挪一天吧", "那个调解推一天"])
def test_a_booking_moved_one_day_on_goes_to_the_same_time_when_free(app, db, place, text):
    _book(app)
    before = _only_booking(db).slot.starts_at
    reply = say(app, "v1", text, now=MONDAY)
    # The lead's decision: done at once, said exactly (from what to what), with the way to choose again.
    assert "改好了" in reply and "1月6日" in reply and "1月7日" in reply and "改约 1" in reply
    after = _only_booking(db).slot.starts_at
    assert after.astimezone(SH).date() == date(2027, 1, 7) and after.time() == before.time()


def test_a_booking_moved_one_day_on_offers_that_days_times_when_the_same_time_is_taken(app, db, place):
    _book(app)
    booked = _only_booking(db).slot
    with db.session() as s:
        mediation.free_slots(s, booked.room_id, date(2027, 1, 7), MONDAY, SH)  # the day's slots exist
        from bot.models import Slot

        for slot in s.query(Slot).filter(Slot.room_id == booked.room_id).all():
            local = slot.starts_at.astimezone(SH)
            if local.date() == date(2027, 1, 7) and local.time() == booked.starts_at.astimezone(SH).time():
                slot.taken = slot.capacity
        s.commit()
    reply = say(app, "v1", "俺约的调解能往后推一天不", now=MONDAY)
    assert "1月7日" in reply and "改好了" not in reply and "回复数字" in reply
    assert _only_booking(db).slot.starts_at.astimezone(SH).date() == date(2027, 1, 6)
    assert "改好了" in say(app, "v1", "1", now=MONDAY)
    assert _only_booking(db).slot.starts_at.astimezone(SH).date() == date(2027, 1, 7)


@pytest.mark.parametrize("text", ["不用调了 俺俩已经说开了", "那个调解不用了"])
def test_a_booking_cancelled_in_words_of_not_needing_it(app, db, place, text):
    _book(app)
    assert "已经取消" in say(app, "v1", text, now=MONDAY)
    assert _only_booking(db).state == "cancelled"


@pytest.mark.parametrize("text", ["礼拜三家里有事去不成了 调解换到周五上午吧", "调解挪到周五上午行不", "那个调解改在周五上午"])
def test_a_booking_moved_to_the_day_named_after_the_moving_words(app, db, place, text):
    _book(app)
    reply = say(app, "v1", text, now=MONDAY)
    assert "1月8日" in reply and "1月6日（周三）有空" not in reply  # Friday offered, not the old Wednesday
    assert "改好了" in say(app, "v1", "1", now=MONDAY)
    assert _only_booking(db).slot.starts_at.astimezone(SH).date() == date(2027, 1, 8)


@pytest.mark.parametrize("text", ["俺去不了了", "那天去不成了", "不去了", "俺实在来不了了"])
def test_cant_come_is_read_every_way_it_can_be_cut(text):
    assert says_cant(text) and not says_yes(text)


@pytest.mark.parametrize("text", ["行，俺去", "俺去", "报名", "1"])
def test_yes_stays_yes(text):
    assert says_yes(text) and not says_cant(text)


def test_an_errand_request_names_its_matter_phone_and_time():
    assert matter_in_words("请党员帮俺代办个老年证") == "老年证"
    assert matter_in_words("想请党员帮俺代办个事") is None
    assert matter_in_words("请党员帮我代办") is None
    assert said_along("请党员帮俺代办残疾证，电话13512345678，后天上午在家") == {
        "phone": "13512345678", "when": "后天上午在家"}
    assert said_along("帮俺代办低保，俺没手机") == {"phone": "上门联系"}
    assert said_along("帮俺代办低保") == {}


@pytest.mark.parametrize("text, village", [("wangzhuang", "王庄"), ("dongchenzhaung", "东陈庄"), ("guo jia zhuang", "郭家庄")])
def test_a_village_typed_in_pinyin_letters_is_found(db, county, text, village):
    from bot.accounts import find_village

    with db.session() as s:
        choice = find_village(s, text)
        assert choice.kind == "one" and choice.village.name == village


@pytest.mark.parametrize("text", ["好嘞", "没毛病", "就这么定了", "妥了", "OK", "就按这个办"])
def test_more_confirm_words(text):
    from bot.forms import is_confirm

    assert is_confirm(text)


def test_a_phone_told_along_is_not_the_request():
    from bot.conversation import without_contact

    assert "电话" not in without_contact("俺们组的井没水了，俺电话13900001234，挺急")
    assert without_contact("低保电话多少") == "低保电话多少"  # asking for a number keeps its words
    assert without_contact("13900001234") == "13900001234"  # a number alone is a form's answer


def test_a_question_about_the_booking_is_answered_not_stored(app, db, place):
    say(app, "v1", "约调解", now=MONDAY)
    say(app, "v1", "1", now=MONDAY)
    reply = say(app, "v1", "调解要收费吗", now=MONDAY)
    assert "不收费" in reply and "怎么回事" in reply  # the story is still asked
    assert "对方" in say(app, "v1", "他家的树挡了俺家的光", now=MONDAY)


def test_a_form_begun_while_another_waits_gives_it_back_when_done(store_factory):  # noqa: F811
    """约调解 while an errand waits for its phone: the errand rides under the booking and is
    offered back (paused) once the booking is made, on the database and on Redis."""
    from datetime import datetime, timedelta, timezone

    from bot.dialog import DialogHandle
    from tests.test_dialog_store import _with_store

    now = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
    forms = frozenset({"errand", "mediation", "need"})

    def handle(at, fn):
        return _with_store(store_factory, lambda store: fn(DialogHandle(store, "u1", at, 600, forms=forms)))

    def begin_booking(d):
        d.start("errand", "phone", matter="低保")
        d.pause()
        d.start("mediation", "kind")
        return d.state.flow, d.paused_form() is None

    assert handle(now, begin_booking) == ("mediation", True)

    def booked(d):
        d.finish()
        return d.state.flow, d.state.step, d.is_paused(), d.just_paused, d.slots.get("matter")

    assert handle(now + timedelta(minutes=3), booked) == ("errand", "phone", True, True, "低保")


def test_the_kind_question_takes_a_story_a_day_or_a_skip(app, db, place):
    assert "哪类纠纷" in say(app, "v1", "预约调解", now=MONDAY)
    assert "对方" in say(app, "v1", "俺家的鸡让他家的狗咬死了", now=MONDAY)  # a story of no listed kind
    assert "哪天" in say(app, "v1", "不用了", now=MONDAY)  # skips the other party
    assert "有空的时间" in say(app, "v1", "越快越好", now=MONDAY)


def test_whose_turn_to_keep_the_elders_is_a_support_dispute():
    from bot.nlu.disputes import dispute_kind

    assert dispute_kind("家里老人谁养的事") == "赡养"
    assert dispute_kind("俺娘轮流养，兄弟几个推来推去") == "赡养"
