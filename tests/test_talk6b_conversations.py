"""Forms and people, written fresh by helper talk6b before reading the handlers (issues 13 and 14,
tests/data/converse-talk6b-*.jsonl): errands with and without a phone, corrections and everything in
one message; mediation bookings told as a story with days in words, moved and cancelled in words,
the mediator confirming, proposing and recording the outcome in words; forms interrupted by a
question or small talk, or left for hours, and taken up again; 人工 relayed to the secretary and
answered; party members taking, declining and finishing errands in words with one or two open;
staff asking for their tasks or for help.

Batch 1 (converse-talk6b-1.jsonl) passed 22 of 35 at first sight. Seven expectations were
corrected where they asked more than the form does: six answered 对/行 to the errand's time
question and wanted the errand sent (the form asks the time again, 还差时间, as
tests/test_errands_by_meaning.py wants; the villager now answers the time), and a mediator gave the
outcome hours before the meeting (the bot asks which one; the script now waits until after it).
The causes fixed: an errand paused at "this matter?" came back as the list of all matters (the
matter named was lost) and its offer line said 还差办什么事; thanks mid-form (你们这个真方便 谢谢啊)
got "请回复 1 或 2" instead of small talk; a phone given again out of turn was taken silently;
找个真人 这机器说不明白 relayed the complaint about the bot as the message; 第二个 after
"是哪一件？接单 1… 接单 2…" was not understood; 俺这个代办员咋用这个 started an errand; the other
party named last (跟二组老赵家), as the one who owes (包工头欠俺的工钱) or as the teller's own people
quarrelling (俺儿俩媳妇为了…吵) was asked for again; 头一个 was no choice.
Batch 2 (converse-talk6b-2.jsonl), written after those fixes, passed 20 of 23 at first sight: a
mediator's 挪到下午吧 (a part of the day, on the day booked) was no time; 约个调解 跟后邻为了下水道堵了的事
asked whether it was a need; 人工 你说的俺听不明白 relayed the complaint. Then 下午也中 to the
mediator's other time was not taken. All pass after the fixes.
"""
from __future__ import annotations

import re

import pytest

from bot.choices import parse_number
from bot.nlu import route_text
from handlers.human import _message_words
from handlers.mediation_texts import other_in_story
from handlers.menu import HELP_QUESTION
from handlers.own_items import _TAKES_OFFER
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_pick import picked
from tests.kit.conversations import assert_passes, own_conversations

FILES = ("converse-talk6b-1.jsonl", "converse-talk6b-2.jsonl")
SPECS = [spec for name in FILES for spec in own_conversations(name)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_talk6b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, other", [
    ("俺想调解 宅基地的事 和西院老周家", "西院老周家"),
    ("为了砖厂老板欠俺的三个月工钱", "砖厂老板"),
    ("俺俩闺女为了老人的房子闹别扭", "俺俩闺女"),
    ("俺家为了地界跟邻居吵", None),  # the teller, and a neighbour nobody could find
    ("俺想调解一下和邻居的纠纷", None),
])
def test_the_other_party_a_story_names(text, other):
    assert other_in_story(text) == other


@pytest.mark.parametrize("text, number", [("头一个", 1), ("就头一个吧", 1), ("就第三个吧", 3), ("要3号", None)])
def test_the_first_of_a_list_in_words(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text, words", [
    ("找个真人，这机器人根本听不懂", None),
    ("人工 机器说不明白 俺家的补贴一直没到", "俺家的补贴一直没到"),
    ("人工 俺家收割机器坏了", "俺家收割机器坏了"),
    ("转人工 你讲的话俺也看不明白", None),
])
def test_a_complaint_about_the_bot_is_no_message(text, words):
    assert _message_words(text) == words


@pytest.mark.parametrize("text, helps", [("当了网格员该咋用", True), ("公众号怎么使", True),
                                         ("这个咋用", False), ("社保卡怎么用", False)])
def test_how_to_use_it_in_ones_role_is_help(text, helps):
    assert bool(re.search(HELP_QUESTION, text)) is helps


class _Item:
    def __init__(self, number: int, matter: str):
        self.number, self.matter, self.villager = number, matter, None


@pytest.mark.parametrize("text, meant", [("第二个", 8), ("2", 8), ("7", 7), ("后面那个", 8), ("头一个我接", 7),
                                         ("接第一个吧", 7), ("医保那个", 8), ("随便", None)])
def test_the_item_picked_after_which_one(text, meant):
    items = [_Item(7, "高龄津贴"), _Item(8, "医保报销")]
    item = picked(text, items)
    assert (item.number if item else None) == meant


def test_thanks_mid_form_is_small_talk():
    assert smalltalk_kinds("你们这个挺方便 谢谢恁") == {"thanks"}


@pytest.mark.parametrize("text", ["周五也行", "那天下午就中", "上午也可以啊"])
def test_the_time_offered_named_then_yes_takes_it(text):
    assert _TAKES_OFFER.search(text)


def test_a_mediation_asked_for_outright_wins_over_the_matter_told():
    routed = route_text("想约个调解员 俺跟前院为了排水沟淤了的事")
    assert routed.intent == "mediation" and not routed.ambiguous
