"""Form words and moves found by helper talk5c's fresh conversations (issue 13): the kind of a
dispute told as a quarrel with a relative, a neighbour's yard or a rented field; a correction that
names its field (时间改成… / 电话写错了，是…); 你是机器人还是真人 as small talk; a booking moved in one
message to a part of a day that is free (改到周五下午吧), with the other times of that part numbered."""
import pytest

from bot.forms import without_correction
from handlers.errand_words import said_along
from handlers.own_bookings import MOVE_WORDS
from handlers.volunteer_words import time_choices
from bot.nlu.disputes import dispute_kind
from handlers.smalltalk import smalltalk_kinds
from tests.kit.chat import say
from tests.test_forms_by_meaning import MONDAY, _book, _only_booking, place  # noqa: F401 (the fixture)
from tests.kit.mediation import SH


@pytest.mark.parametrize("text, kind", [
    ("约调解，俺和俺大伯哥为老人的房子闹矛盾", "婚姻家庭"),
    ("俺跟俺妯娌吵翻了，好几年不说话", "婚姻家庭"),
    ("我跟我嫂子因为老人看病的钱吵起来了", "赡养"),
    ("为了俺家和东院王家中间那条水沟", "邻里"),
    ("后邻家房檐的水滴到俺院里", "邻里"),
    ("俺租给张家的地他不给租金", "土地承包"),
])
def test_a_dispute_told_by_who_and_what_has_its_kind(text, kind):
    assert dispute_kind(text) == kind


@pytest.mark.parametrize("text", ["俺儿子的低保咋办", "俺跟大爷家", "俺想调解"])
def test_a_relative_alone_is_no_dispute(text):
    assert dispute_kind(text, kin=False) is None


@pytest.mark.parametrize("text, answer", [("时间改成周三上午", "周三上午"), ("不对，是大后天上午", "大后天上午"),
                                          ("电话写错了，是13212345679", "13212345679"), ("改天吧", "改天吧"),
                                          ("是", "是")])
def test_a_correction_names_its_field_and_the_answer_is_left(text, answer):
    assert without_correction(text) == answer


@pytest.mark.parametrize("text", ["你是机器人还是真人啊", "你是真人不", "你是机器人吗"])
def test_asking_what_answers_is_small_talk(text):
    assert smalltalk_kinds(text) == {"who"}


def test_a_booking_moved_to_a_free_part_of_a_day_is_moved_at_once(app, db, place):  # noqa: F811
    _book(app)  # Wednesday 6 January, morning
    reply = say(app, "v1", "礼拜三去不成了 改到周五上午吧", now=MONDAY)
    assert "改好了" in reply and "1月8日" in reply and "回复数字" in reply
    moved = _only_booking(db).slot.starts_at.astimezone(SH)
    assert moved.day == 8 and moved.hour < 12
    assert "改好了" in say(app, "v1", "1", now=MONDAY)  # another time of that morning
    again = _only_booking(db).slot.starts_at.astimezone(SH)
    assert again.day == 8 and again.hour < 12 and again != moved


def test_a_move_to_a_full_part_lists_that_days_times(app, db, place):  # noqa: F811
    _book(app)
    reply = say(app, "v1", "改到周五下午吧", now=MONDAY)  # the room sees nobody in the afternoon
    assert "改好了" not in reply and "回复数字" in reply
    assert _only_booking(db).slot.starts_at.astimezone(SH).day == 6


def test_a_move_to_a_day_without_a_part_still_lists_the_times(app, db, place):  # noqa: F811
    _book(app)
    reply = say(app, "v1", "调解改到周五吧", now=MONDAY)
    assert "改好了" not in reply and "回复数字" in reply
    assert _only_booking(db).slot.starts_at.astimezone(SH).day == 6


@pytest.mark.parametrize("text, picked", [("没手机，就是不常在家", []), ("俺平时没空，礼拜天在家", [4]), ("天天在家", [5])])
def test_a_free_time_denied_is_no_free_time(text, picked):
    assert time_choices(text, 5) == picked


@pytest.mark.parametrize("text, when", [("找党员代办临时救助，挺急的，家里揭不开锅了", "越快越好"),
                                        ("帮俺办低保，俺急着用钱", "越快越好"), ("帮俺办低保，不着急", "不着急")])
def test_urgency_in_an_errands_first_message_answers_its_time(text, when):
    assert said_along(text)["when"] == when


@pytest.mark.parametrize("text", ["调解推到下礼拜三上午吧", "能延到周五不"])
def test_pushing_a_booking_to_a_day_is_moving_it(text):
    assert MOVE_WORDS.search(text)


def test_the_next_day_in_a_move_is_the_day_after_the_booking(app, db, place):  # noqa: F811
    _book(app)  # Wednesday 6 January, said on Monday the 4th
    reply = say(app, "v1", "那天上午去不了，改成第二天上午", now=MONDAY)
    assert "改好了" in reply and "1月7日" in reply
    assert _only_booking(db).slot.starts_at.astimezone(SH).day == 7
