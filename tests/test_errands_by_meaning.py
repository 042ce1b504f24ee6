"""The errand form fills by meaning (issue 13): everything in the first message, a matter of its
own (老年证), 俺没手机 or another matter's question at the time question; on both databases."""
import pytest

from tests.kit.chat import say
from tests.kit.clock import FROZEN_AT as T0

pytestmark = pytest.mark.county(members=1)
FIRST = "请党员帮俺代办残疾证，电话13512345678，后天上午在家"


@pytest.fixture
def route(router):
    router.set(FIRST, "errand", "disability-certificate")
    router.set("请党员帮我代办低保", "errand", "dibao")
    router.set("请党员帮俺代办个老年证", "errand", None)
    router.set("等等，先问下残疾证去哪办", "guide", "disability-certificate", score=0.95)
    return router


def test_everything_in_the_first_message_leads_to_the_summary(app, county, route):
    reply = say(app, "v1", FIRST, now=T0)  # one question, the summary: the first yes submits
    assert "残疾证" in reply and "请核对" in reply and "13512345678" in reply and "后天上午在家" in reply
    assert "提交好了" in say(app, "v1", "对", now=T0)


@pytest.mark.parametrize("yes", ["没错 就这么办", "行", "嗯", "就按这个办吧"])
def test_a_yes_in_words_submits_what_the_first_message_said(app, county, route, yes):
    say(app, "v1", FIRST, now=T0)
    assert "提交好了" in say(app, "v1", yes, now=T0)
    assert "残疾证" in say(app, "m1", "我的代办", now=T0)  # the member finds it


def test_a_matter_confirmed_in_words_goes_on_to_the_phone(app, county, route):
    say(app, "v1", "请党员帮我代办低保", now=T0)
    assert "手机号" in say(app, "v1", "没错 就这么办", now=T0)


def test_a_matter_outside_the_list_is_proposed_in_its_words(app, county, route):
    assert "代办：老年证，对吗" in say(app, "v1", "请党员帮俺代办个老年证", now=T0)


def test_the_time_question_takes_no_phone_and_lets_a_question_through(app, county, route):
    say(app, "v1", "请党员帮我代办低保", now=T0)
    say(app, "v1", "对", now=T0)
    assert "党员打电话跟您约" in say(app, "v1", "13900001111", now=T0)
    assert "什么时候" in say(app, "v1", "3", now=T0)  # 3 改时间: the time question
    reply = say(app, "v1", "等等，先问下残疾证去哪办", now=T0)
    assert "时间：" not in reply and "接着" in reply  # answered, the errand offered back
    say(app, "v1", "接着", now=T0)
    assert "什么时候" in say(app, "v1", "俺没手机", now=T0)  # the phone replaced, the time still asked
    assert "电话：上门联系" in say(app, "v1", "周末", now=T0)


def test_not_letting_the_member_do_it_cancels_not_a_new_errand(app, county, route):
    say(app, "v1", "请党员帮我代办低保", now=T0)
    say(app, "v1", "对", now=T0)
    say(app, "v1", "13900001111", now=T0)
    say(app, "v1", "明天", now=T0)
    assert "提交好了" in say(app, "v1", "1", now=T0)
    reply = say(app, "v1", "俺不让党员代办了", now=T0)
    assert "已取消" in reply and "对吗" not in reply


@pytest.mark.parametrize("text, village", [("俺家住王庄那边", "王庄"), ("东陈庄村", "东陈庄"), ("咱是郭家庄的", "郭家庄")])
def test_a_newcomer_naming_a_village_is_registered(app, db, county, route, text, village):
    from tests.kit.factories import add_user

    with db.session() as s:
        add_user(s, "new1")
    assert f"已登记：{village}" in say(app, "new1", text, now=T0)


def test_a_newcomer_reading_a_guide_can_name_the_village(app, db, county, route):
    """A guide open is no form waiting: the village named after it registers (not the menu)."""
    from tests.kit.factories import add_user

    from tests.kit.knowledge import load_into

    load_into(app)  # the shipped guides
    route.set("低保上哪办", "guide", "dibao", score=0.95)
    with db.session() as s:
        add_user(s, "new1")
    assert "低保" in say(app, "new1", "低保上哪办", now=T0)
    assert "已登记：王庄" in say(app, "new1", "王庄的", now=T0)


def test_an_answer_to_the_waiting_errand_takes_it_up(app, county, route):
    route.set("俺办的事到哪一步了", "status", score=0.95)
    say(app, "v1", "请党员帮我代办低保", now=T0)
    say(app, "v1", "对", now=T0)
    assert "接着" in say(app, "v1", "俺办的事到哪一步了", now=T0)  # answered, the errand offered back
    reply = say(app, "v1", "13900002222", now=T0)  # the phone it waits for: taken up with it
    assert "接着您刚才请党员代办" in reply and "时间：党员打电话跟您约" in reply


@pytest.mark.parametrize("text", ["好的，接着约吧", "那就继续", "接着办"])
def test_resume_words_with_an_ok_before_them(text):
    from bot.forms import RESUME

    assert RESUME.match(text)


def test_no_phone_with_a_time_fills_both_and_a_yes_is_no_time(app, county, route):
    say(app, "v1", "请党员帮我代办低保", now=T0)
    reply = say(app, "v1", "俺没手机 上午在家", now=T0)  # the answer to "this matter?" gives both
    assert "请核对" in reply and "时间：上午在家" in reply and "电话：上门联系" in reply
    assert "提交好了" in say(app, "v1", "确认提交", now=T0)


def test_a_confirm_word_at_the_time_question_asks_the_time_again(app, county, route):
    say(app, "v1", "请党员帮我代办低保", now=T0)
    say(app, "v1", "对", now=T0)
    say(app, "v1", "13900001111", now=T0)
    say(app, "v1", "3", now=T0)  # the time asked after all
    reply = say(app, "v1", "确认提交", now=T0)
    assert "还差时间" in reply and "时间：确认提交" not in reply
