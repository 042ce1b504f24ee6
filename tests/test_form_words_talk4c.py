"""The words forms read, unit by unit: yes in many words, loose and lunar times, the other party
named in a story, volunteers' skills and times in their own words, and 打…的电话 as a call."""
from __future__ import annotations

import pytest

from bot.forms import is_confirm, looks_like_time
from bot.safety.detect import detect
from handlers.mediation_texts import other_in_story, other_party_words
from handlers.volunteer_words import skill_choices, time_choices


@pytest.mark.parametrize("text", ["对着哩", "行嘞", "中", "对，没毛病", "可不是嘛", "得嘞", "错不了", "1"])
def test_yes_in_many_words(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["不对", "不中", "不行", "不是这样", "算了"])
def test_no_is_no_yes(text):
    assert not is_confirm(text)


@pytest.mark.parametrize("text", ["明儿后晌", "过两天都行", "不急", "腊月初八以前办好就中", "赶集那天"])
def test_loose_times_are_times(text):
    assert looks_like_time(text)


@pytest.mark.parametrize("text, party", [("跟隔壁老张家为墙的事闹了好几回", "隔壁老张家"),
                                         ("俺和儿媳妇为养老的事闹得不说话了", "儿媳妇"),
                                         ("跟邻居因为宅基地吵起来了", None), ("想和调解员约个时间", None)])
def test_other_party_in_the_story(text, party):
    assert other_in_story(text) == party


def test_other_party_without_the_words_around_it():
    assert other_party_words("就是隔壁老张家") == "隔壁老张家"
    assert other_party_words("他叫王老五") == "王老五"


def test_volunteer_words():
    assert skill_choices("俺会做饭，能去食堂帮厨", 5) == [1]
    assert skill_choices("13822223333", 5) == []  # a phone is no "1 and 3"
    assert time_choices("礼拜一到礼拜五后晌都行", 5) == [2]
    assert time_choices("周末上午", 5) == [4]
    assert time_choices("啥时候都中", 5) == [5]
    assert time_choices("1、2", 5, numbers=False) == []


@pytest.mark.parametrize("text", ["俺没手机，打俺儿子的15866667777", "打俺闺女电话就行"])
def test_calling_a_relative_is_no_violence(text):
    assert detect(text) is None


def test_a_relative_hitting_is_still_violence():
    assert detect("俺儿子喝了酒在打俺，快来人") is not None


def test_a_correction_before_the_answer_is_left_out():
    from bot.forms import without_correction
    assert without_correction("不对，是后天上午") == "后天上午"
    assert without_correction("说错了，改成周五") == "周五"
    assert without_correction("后天") == "后天"


def test_volunteer_daytime_words():
    assert time_choices("俺白天都在家", 5) == [1, 2, 4]
    assert time_choices("平时白天", 5) == [1, 2]


def test_the_other_party_named_while_the_time_is_asked():
    from handlers.mediation_texts import names_the_other
    assert names_the_other("就是后邻孙家") == "后邻孙家"
    assert names_the_other("就是明天上午") is None


def test_a_matter_named_word_for_word_is_no_choice_with_one_only_near():
    from bot.nlu.router import get_router
    routed = get_router().route("请党员帮俺办个残疾人补贴")
    assert (routed.intent, routed.guide, routed.ambiguous) == ("errand", "disability-subsidy", False)


def test_voice_without_commas_gives_its_time():
    from handlers.errand_words import said_along
    assert said_along("俺想请党员帮俺办个身份证俺一个人去不了县里明天后晌俺在家俺电话一五九零五三九八八八八") == {
        "phone": "15905398888", "when": "明天后晌俺在家"}
