"""Our own words for causes found in session 23 (none of them a blind set's phrasings).

A need's story corrected at its summary: 不是路口 是胡同 puts the new place where the old one was (the
representative's push shows it); 不对 俺说的是后院 is added to the story; words that correct nothing
(不是很急, 不对 alone) change no story.

Danger: a birth coming, told as the reason one cannot come (闺女要生了 俺去不了了), is no alarm; a
birth with its signs (羊水破了, 疼得直叫) or with no way to the hospital still is. An illness or damage of
the past told to ask for a grading or for money (中风以后…想给他评个级, 墙刮倒了 没钱修) is no alarm;
the same with someone hurt or calling for help now still is.
"""
from __future__ import annotations

import pytest

from bot.forms import story_corrected
from bot.nlu import route_text


@pytest.mark.parametrize("story, said, fixed", [
    ("村东头桥上的栏杆掉了", "不是桥上 是大坝上", "村东头大坝上的栏杆掉了"),
    ("后街的路灯不亮了 黑灯瞎火", "说错了，不是后街，是前街", "前街的路灯不亮了 黑灯瞎火"),
    ("自来水一直不来", "不对 俺说的是西头那几户", "自来水一直不来（更正：俺说的是西头那几户）"),
])
def test_a_story_is_corrected_where_it_was_wrong(story, said, fixed):
    assert story_corrected(story, said) == fixed


@pytest.mark.parametrize("said", ["不是很急", "不对", "不是", "好的", "不是俺家的事 是邻居的"])
def test_words_that_correct_nothing_leave_the_story(said):
    assert story_corrected("村东头桥上的栏杆掉了", said) is None


def test_a_corrected_place_reaches_the_representative(worlds):
    from tests.kit.conversations import assert_passes
    assert_passes(worlds, {"id": "lead23-need-place-corrected", "world": "default", "steps": [
        {"as": "villager", "say": "俺们庄东边那座桥的栏杆断了 小孩上学从那过", "action": ["need.ask"]},
        {"as": "villager", "say": "俺不用手机", "action": ["need.ask"]},
        {"as": "villager", "say": "说错了 不是东边 是西边", "action": ["need.ask"], "reply_has": ["西边那座桥"]},
        {"as": "villager", "say": "1", "action": ["need.report"]},
        {"run": ["needs", "whistle"], "push_to": {"rep": ["西边那座桥"]}}]})


@pytest.mark.parametrize("text", ["儿媳妇快生了 这个礼拜俺走不开", "明儿那个活俺来不了了 闺女要生了得去陪着",
                                  "俺家媳妇要生了 请几天假"])
def test_a_birth_told_as_why_one_cannot_come_is_no_alarm(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text", ["闺女要生了 羊水破了 车坏了去不了医院", "儿媳妇快生了 疼得直打滚 快来人",
                                  "俺闺女要生了"])
def test_a_birth_under_way_is_still_an_alarm(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", ["俺娘脑梗以后走不了路 想给她评个级 咋弄", "猪圈墙叫大雨冲倒了 没钱垒 有没有救急的",
                                  "老伴中风以后说话不清楚 能定个级不"])
def test_past_harm_told_to_ask_for_a_grading_or_money_is_no_alarm(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text", ["院墙刚刮倒了 砸着俺爹了 没钱修也得先救人", "俺娘脑梗了 半边身子不能动 快来人"])
def test_harm_now_with_the_same_words_is_still_an_alarm(text):
    assert route_text(text).intent == "safety"
