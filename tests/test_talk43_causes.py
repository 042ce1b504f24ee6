"""Causes found by a colleague's blind set 43 (tests/data/colleague-blind-43/), each in our own words.

Guides: a place put as a question (非得去…？村里不能给办吗) asks where; going after a stretch has passed
(过了…才去) asks the time limit; a paper of the guide's list named short and put as 是…吧 asks the
materials. Status: how far one's own thing got said without a verb (到哪一步了, 到啥地步了), whether someone
came (有人来过没), when someone will (啥时候有人管), and the time said before the person (现在俺还有约着的
没); 那个 before 啥时候 is no filler 那个啥. Small talk: nothing found, taken in (那就是没有呗 行). Forms:
going on asked in the last words (…那个危房的事接着办吧); the end of a phone corrected at the summary (后四位
是…). Volunteers: a task named with a reason for coming back (…那个还能报上不); a task told in one's own
words up to 的 (那个接孩子放学的 俺报名). Help: what the account does for one, said with one's role. Staff:
a mediator asking whether anyone booked; a remedy on trial after a visit is progress, not done.
"""
from __future__ import annotations

import re

import pytest

from bot.forms import asks_resume
from bot.nlu import route_text
from bot.nlu.phone import corrected_tail
from handlers.guide_parts import asked_part
from handlers.menu import HELP_QUESTION
from handlers.smalltalk import smalltalk_kinds
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("text", ["只能上派出所吗 镇上能办不", "非得跑趟县里？村委会不给办吗", "必须去民政吗", "卫生院能给办不"])
def test_a_place_put_as_a_question_asks_where(text):
    assert asked_part(text, followup=True) == "where"


@pytest.mark.parametrize("text", ["村里能给俺办不", "网上能办不"])
def test_a_place_that_does_it_for_one_is_no_where(text):
    assert asked_part(text, followup=True) != "where"


@pytest.mark.parametrize("text", ["超了俩月才去报咋弄", "晚了半年才去办还行不", "过了三十天再去登记咋整"])
def test_going_late_asks_the_time_limit(text):
    assert asked_part(text, followup=True) == "time"


@pytest.mark.parametrize("text", ["托恁办的那个 到哪一步了", "残疾证那事到啥地步了"])
def test_how_far_without_a_verb_is_no_place(text):
    assert asked_part(text, followup=True) != "where"


@pytest.mark.parametrize("text", ["俺社保卡那个事 有人来过没", "俺娘低保的事有人上门了没", "俺托的那个 啥时候能有人办",
                                  "俺刚才报的那个 什么时候有人来修", "俺那个补社保卡的 到啥地步了", "残疾证办到什么程度了",
                                  "眼下俺还有约着的调解没", "现在我还有报着的活不", "这会儿俺有啥预约没"])
def test_own_things_asked_in_other_orders_are_status(text):
    assert route_text(text).intent == "status"


def test_that_before_when_is_no_filler():
    assert "什么时候" in route_text("俺刚才那个 啥时候有人管").normalized
    assert route_text("俺想问那个啥 残疾证在哪办").guide == "disability-certificate"


@pytest.mark.parametrize("text", ["噢 原来还没有啊 好嘞", "嗯 那就是啥也没有呗", "那就没有 行"])
def test_nothing_taken_in_is_an_ok(text):
    assert smalltalk_kinds(text) == {"ok"}


@pytest.mark.parametrize("text", ["没有", "那就没有低保"])
def test_a_bare_no_is_left_to_the_question(text):
    assert smalltalk_kinds(text) == set()


@pytest.mark.parametrize("text", ["火灭了没事了 残疾证那个继续办吧", "好了 刚才的事接着弄", "接着"])
def test_going_on_said_last(text):
    assert asks_resume(text)


@pytest.mark.parametrize("text", ["不想继续了", "算了 别接着办了", "要不要继续啊"])
def test_no_going_on(text):
    assert not asks_resume(text)


@pytest.mark.parametrize("text, phone", [("号码不对 尾号是幺二三四", "13605391234"), ("电话说错了 最后两位是66", "13605391166"),
                                         ("后四位应该是0099", "13605390099")])
def test_the_end_of_a_phone_corrected(text, phone):
    assert corrected_tail(text, "13605391111") == phone


@pytest.mark.parametrize("text", ["后三四天都行", "后四位是123", "不对 后天上午"])
def test_no_end_of_a_phone(text):
    assert corrected_tail(text, "13605391111") is None


@pytest.mark.parametrize("text", ["俺是党代表 在这能干些啥", "这个公众号能干啥", "嗯 我是调解员 我能用这个号做什么"])
def test_what_the_account_does_is_help(text):
    assert re.search(HELP_QUESTION, text)


@pytest.mark.parametrize("text", ["俺能干啥", "我能办啥"])
def test_what_one_may_get_is_no_help(text):
    assert not re.search(HELP_QUESTION, text)


@pytest.mark.parametrize("spec", own_conversations("converse-talk43.jsonl"), ids=lambda s: s["id"])
def test_talk43_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
