"""Conversations and rules of our own for the causes the colleague's set 16 showed, each in other
words than the set's.

An idea the villager means to raise at the deliberation day ("我有个主意 想趁开会的时候提提…",
"俺想到议事日那天讲讲…") is a suggestion; 想法 without the meeting named is not. Ages told in
words in the benefits check ("七十九", "八十六了") are read like digits; "一个人", "两个孩子" hold
no age. The routing causes are in tests/data/routing-heldout-18a.jsonl (test_routing_heldout.py)."""
from __future__ import annotations

import pytest

from handlers.benefits import _AGE, _ages_in_digits
from handlers.suggestions import IDEA_FOR_THE_MEETING
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-b16fix.jsonl"), ids=lambda s: s["id"])
def test_b16fix_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize(("text", "ages"), [
    ("老头子七十九 俺七十五", [79, 75]),
    ("就俺自个儿 八十六了 一个人住", [86]),
    ("孙女三岁 还有两个孩子上学", [3]),
    ("一百零一了", [101]),
    ("82 78 50", [82, 78, 50]),
])
def test_spoken_ages_read_as_digits(text, ages):
    assert [int(a) for a in _AGE.findall(_ages_in_digits(text))] == ages


@pytest.mark.parametrize(("text", "raised"), [
    ("我有个主意，想趁开会的时候提提：把沟填上", True),
    ("俺想到议事日那天讲讲 路口装个镜子", True),
    ("俺有个想法 想问问低保", False),
    ("在议事日上说啥", False),
    ("议事日是哪天", False),
])
def test_an_idea_counts_only_with_the_meeting_named(text, raised):
    assert (IDEA_FOR_THE_MEETING.match(text) is not None) == raised
