"""Forms ask only what a staff member cannot do without (session 20): an errand with a phone to
call needs no time (the member agrees it on the phone), a need whose urgency was not said is 一般;
both show on the summary, where a number or words change them. On both databases."""
import pytest

from bot.forms import is_confirm
from tests.kit.chat import say
from tests.kit.clock import FROZEN_AT as T0

pytestmark = pytest.mark.county(members=1)
ERRAND_WITH_PHONE = "想找个党员帮俺跑跑低保的事 俺腿脚不利索 电话13512345678"
ERRAND_NO_PHONE = "想找个党员帮俺跑跑低保的事 俺没手机"


@pytest.fixture
def route(router):
    router.set(ERRAND_WITH_PHONE, "errand", "dibao")
    router.set(ERRAND_NO_PHONE, "errand", "dibao")
    router.set("请党员帮我代办低保", "errand", "dibao")
    return router


def test_an_errand_with_a_phone_is_one_yes_from_the_members(app, county, route):
    reply = say(app, "v1", ERRAND_WITH_PHONE, now=T0)
    assert "请核对" in reply and "时间：党员打电话跟您约" in reply and "3 改时间" in reply
    assert "提交好了" in say(app, "v1", "中 就办这个", now=T0)
    assert "低保" in say(app, "m1", "我的代办", now=T0)


def test_a_time_said_at_the_summary_replaces_the_phone_call(app, county, route):
    say(app, "v1", ERRAND_WITH_PHONE, now=T0)
    assert "时间：后天下午" in say(app, "v1", "后天下午", now=T0)


def test_without_a_phone_the_member_comes_to_the_door_so_the_time_is_asked(app, county, route):
    reply = say(app, "v1", ERRAND_NO_PHONE, now=T0)
    assert "低保" in reply and "对吗" in reply
    assert "什么时候" in say(app, "v1", "对", now=T0)


def test_a_phone_given_after_the_matter_goes_straight_to_the_summary(app, county, route):
    say(app, "v1", "请党员帮我代办低保", now=T0)
    say(app, "v1", "对", now=T0)
    reply = say(app, "v1", "139 0000 1111", now=T0)
    assert "请核对" in reply and "13900001111" in reply and "党员打电话跟您约" in reply


@pytest.mark.parametrize("text", ["对 就报这个", "就办这个事", "嗯 就报这件事吧", "对，提交这个"])
def test_a_yes_naming_what_to_send_confirms(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["不报这个", "办这个要带啥", "报这个有用吗"])
def test_a_question_or_a_no_about_it_does_not(text):
    assert not is_confirm(text)
