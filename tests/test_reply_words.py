"""Replies in words after a push or a guide (issue 13, batch s13b): a volunteer letting an offer go
or giving a place up in any order of words (a reason after it too), ratings in middling words, a representative taking a whistle in their own words
(the newest push's need; two of one round: ask which), staff closing with other verbs, a guide
question that names no part, and a told duration that is not a time question."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from bot import clock, needs
from bot.guides import GuideView
from bot.forms import looks_like_time
from handlers import mediator_words, staff_words
from handlers.answer_words import cant_and_why, says_cant, says_yes
from handlers.guide_parts import asked_part, asks_amount
from handlers.guide_questions import answering_part, is_question
from handlers.menu import HELP_QUESTION
from handlers.ratings import rating_in
from knowledge.schema import read_knowledge
from tests.kit.chat import say
from tests.kit.conversations import assert_passes
from tests.kit.factories import add_volunteer, create_task
from tests.kit.worlds import user

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
SHIPPED, _ = read_knowledge()


def _guide(guide_id: str) -> GuideView:
    return GuideView.from_data(guide_id, SHIPPED.guides[guide_id])


@pytest.mark.parametrize("text", ["俺去不了了", "这回去不了 下回吧", "我去不成了", "那天有事 来不了"])
def test_cant_is_read_however_the_words_are_cut(text):
    assert says_cant(text) and not says_yes(text)


@pytest.mark.parametrize("text", ["俺去", "能去", "好的我参加", "1"])
def test_yes_stays_yes(text):
    assert says_yes(text) and not says_cant(text)


@pytest.mark.parametrize("text, part", [
    ("停水了好几天了", None), ("前几天去问过", None), ("都三个月了还没动静", None),
    ("几天能下来", "time"), ("啥时候发", "time"), ("什么时候能领到", "time"), ("要几个工作日", "time"),
])
def test_a_told_duration_is_no_time_question(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("text, asks", [
    ("要体检吗", True), ("本人得去不", True), ("用不用照片？", True),
    ("停水了好几天了", False), ("俺家路灯坏了", False),
])
def test_questions_are_told_from_statements(text, asks):
    assert is_question(text) is asks


def test_a_question_is_answered_from_the_part_that_speaks_of_it():
    assert answering_part(_guide("disability-certificate"), "还得去医院检查吗") == "steps"
    assert answering_part(_guide("id-card"), "照片要自己带吗") == "materials"
    assert answering_part(_guide("dibao"), "能网上办吗") is None  # not in the guide: the phone to ask


def test_a_volunteer_lets_an_offer_go_and_nothing_is_taken(app, db, area, router):
    add_volunteer(db, "v1")
    create_task(db, title="劈柴送炭", starts_in=timedelta(days=2))
    router.always("errand")  # what the words alone would be read as
    reply = say(app, "v1", "这回去不了 下回吧")
    assert "劈柴送炭" in reply and "不算您" in reply


NEEDS_COUNTY = pytest.mark.county("needs")


def _whistle(app, db, at):
    with app.app_context(), db.session() as s:
        return needs.whistle_round(s, at)


@NEEDS_COUNTY
def test_a_representative_takes_the_newest_whistle_in_own_words(app, db, county, router):
    router.always("unknown")
    with db.session() as s:
        first = needs.report_need(s, user(s, county, "v1"), "村口路灯坏了好几个月", urgency="urgent", now=T0).number
        s.commit()
    with clock.frozen(T0) as frozen:
        _whistle(app, db, clock.now())
        frozen.advance(hours=3)  # the next round, later: its push is the newest
        with db.session() as s:
            second = needs.report_need(s, user(s, county, "v1"), "桥头的路面塌了一块", urgency="urgent",
                                       now=clock.now()).number
            s.commit()
        _whistle(app, db, clock.now())
        reply = say(app, "build1", "这个我来", now=clock.now())
        assert f"{second}号群众需求归您了" in reply, reply
        with db.session() as s:
            assert needs.held_by(s, user(s, county, "build1"))[0].number == second
        assert first != second


@NEEDS_COUNTY
def test_two_whistles_of_one_round_are_asked_about(app, db, county, router):
    router.always("unknown")
    with db.session() as s:
        numbers = [needs.report_need(s, user(s, county, "v1"), text, urgency="urgent", now=T0).number
                   for text in ("村口路灯坏了好几个月", "桥头的路面塌了一块")]
        s.commit()
    _whistle(app, db, T0)
    reply = say(app, "build1", "交给我吧", now=T0)
    assert all(f"报到 {n}" in reply for n in numbers), reply
    with db.session() as s:
        assert needs.held_by(s, user(s, county, "build1")) == []


@pytest.mark.parametrize("text, why", [
    ("俺不去了 那天得去走亲戚", "那天得去走亲戚"), ("去不了，家里来客人了", "家里来客人了"),
    ("去不了镇上，想请人代办", None), ("俺去不了了", None),
    ("家里来亲戚了 那个去不成了", "家里来亲戚了"), ("孩子发烧了，明天来不了了", "孩子发烧了"),
    ("想请人代办，去不了镇上", None),
])
def test_a_reason_before_or_after_cant_is_split_off(text, why):
    assert cant_and_why(text) == why


@pytest.mark.parametrize("text, satisfied", [
    ("一般般吧", True), ("还凑合", True), ("修得不错", True),
    ("不太满意", False), ("不咋地", False), ("没通好 还是堵", False), ("好的", None),
])
def test_ratings_in_middling_and_lukewarm_words(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text", ["白天都在", "平时都在家", "夜里也行"])
def test_times_of_day_name_a_time(text):
    assert looks_like_time(text)


@pytest.mark.parametrize("text, part", [
    ("找谁", "where"), ("哪个单位管", "where"), ("联系谁", "phone"), ("手机号多少", "phone"), ("贵不贵", "cost"),
    ("多会能好", "time"), ("俺这情况能申请不", "who"), ("有啥要求", "who"), ("要啥手续", "materials"),
    ("怎么个办法", "steps"),
])
def test_more_ways_of_asking_a_part(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("text, part", [
    ("要拿着些啥去", "materials"), ("都得带齐什么", "materials"), ("备好哪些", "materials"), ("得有啥证明", "materials"),
    ("打哪个号", "phone"), ("丢了打啥号", "phone"), ("问问打什么电话", "phone"), ("什么号码", "phone"),
    ("几号能办好", "time"), ("补卡要钱不", "cost"),
])
def test_a_verb_and_its_ending_ask_for_papers_and_a_number_to_call(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("text, pattern", [
    ("这单我接", "CLAIM_WORDS"), ("没问题我来", "CLAIM_WORDS"), ("身体不舒服去不了", "DECLINE"),
    ("这两天没空", "DECLINE"), ("已经办妥了", "FINISH"), ("完成了", "FINISH"),
    ("就这个时间吧", "CONFIRM"), ("这个时间可以", "CONFIRM"), ("同意", "CONFIRM"),
])
def test_staff_words_in_more_wordings(text, pattern):
    assert getattr(mediator_words if pattern == "CONFIRM" else staff_words, pattern).search(text)


@pytest.mark.parametrize("text", ["明天找电工来", "材料交上去了", "好的知道了"])
def test_work_reports_are_no_command(text):
    assert not any(getattr(staff_words, p).search(text) for p in ("CLAIM_WORDS", "DECLINE", "FINISH"))
    assert not mediator_words.CONFIRM.search(text)


@pytest.mark.parametrize("text, yes", [("这个能去", True), ("那个活动我参加", True), ("我报名的活动", False), ("我报名的", False)])
def test_pointing_words_before_a_yes_but_not_after(text, yes):
    assert says_yes(text) is yes


@pytest.mark.parametrize("text", ["我能说啥", "都能发哪些命令", "咋操作"])
def test_questions_for_what_one_can_say(text):
    assert re.search(HELP_QUESTION, text)


@pytest.mark.parametrize("text", ["我能说啥就说啥", "能说说低保吗"])
def test_other_questions_are_not_for_help(text):
    assert not re.search(HELP_QUESTION, text)


@pytest.mark.parametrize("text, amount", [("给多少钱", True), ("一个月发多少", True), ("要交多少钱", False)])
def test_what_a_benefit_pays_is_told_from_a_fee(text, amount):
    assert asks_amount(text) is amount


def test_own_records_asked_after_a_guide_are_no_errand_for_it(worlds):
    assert_passes(worlds, {"id": "records-after-guide", "steps": [
        {"as": "villager", "say": "低保咋办", "action": "guide.show", "guide": "dibao"},
        {"as": "villager", "say": "我的代办办好了吗", "action": "status.show"},
        {"as": "villager", "say": "残疾证咋办", "action": "guide.show", "guide": "disability-certificate"},
        {"as": "villager", "say": "那帮俺代办吧", "action": "errand.ask", "guide": "disability-certificate"},
    ]})


@pytest.mark.parametrize("text, confirms", [
    ("对头 就这样办吧", True), ("成", True), ("照这个办", True), ("是嘞", True), ("不成", False), ("这样不行", False),
])
def test_confirm_words_of_the_countryside(text, confirms):
    from bot.forms import is_confirm

    assert is_confirm(text) is confirms


@pytest.mark.parametrize("text", ["俺腰疼 那个活干不了了", "这回帮不了了", "实在干不成了", "俺报的那个活去不成了"])
def test_cant_do_the_work_is_a_cant(text):
    assert says_cant(text) or cant_and_why(text) is not None


@pytest.mark.parametrize("text, says", [("不用留电话", True), ("不想留号", True), ("不给电话了", True), ("俺没手机", True),
                                        ("留个电话", False), ("电话13812345678", False)])
def test_no_phone_in_words(text, says):
    from bot.forms import says_no_phone

    assert says_no_phone(text) is says
