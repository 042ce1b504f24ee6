"""Session 13, helper talk3b: words the forms and staff replies did not read (tests/data/converse-talk3b.jsonl).

A negated 急 (不算太急, 没那么急) is not urgent; 没错 就这些 / 都对 confirm a summary; 报上俺 / 给俺记上
take a pushed task; 等我确认的有哪些 shows a mediator's work; 给书记带句话 + the message passes it on
at once; a house leaking or cracking now, someone asked to come and see, no question about the subsidy, is a need.
"""
from __future__ import annotations

import pytest

from bot.forms import is_confirm
from handlers.answer_words import says_cant, says_yes
from handlers.human import _message_words
from handlers.needs import _urgency_of
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-talk3b.jsonl"), ids=lambda s: s["id"])
def test_talk3b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["不急", "不算太急", "不是很急", "没那么急", "别着急 慢慢修", "不用急", "一般"])
def test_negated_urgency_is_normal(text):
    assert _urgency_of(text) == "normal"


@pytest.mark.parametrize("text", ["很急", "急死了", "挺着急的", "2"])
def test_urgency_words_stay_urgent(text):
    assert _urgency_of(text) == "urgent"


@pytest.mark.parametrize("text", ["没错 就这些", "就这些吧", "都对", "对 就这么报"])
def test_summary_confirmed_in_words(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["就这些不对", "这些不要", "电话不对"])
def test_not_a_confirmation(text):
    assert not is_confirm(text)


@pytest.mark.parametrize("text", ["报上俺", "给俺记上", "算上我"])
def test_putting_ones_name_down_says_yes(text):
    assert says_yes(text) and not says_cant(text)


@pytest.mark.parametrize("text", ["给钱", "报上去了吗"])
def test_other_words_with_give_are_no_yes(text):
    assert not says_yes(text)


def test_person_first_then_the_message_is_passed_on():
    assert _message_words("麻烦给片区书记捎个话 俺想问问低保的事") == "俺想问问低保的事"
    assert _message_words("帮俺跟村干部说一声，明天俺不在家") == "明天俺不在家"
    assert _message_words("给书记捎个话") is None  # only a person: the intent asks what to pass on
