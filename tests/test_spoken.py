"""Villagers' spoken words made plain (bot/spoken.py): short answers read without fillers, and a
need's words kept without the opening fillers of speech."""
from __future__ import annotations

import pytest

from bot.needs.fields import Vocabulary, classify, everyday_words
from bot.spoken import spoken_plain, without_fillers


@pytest.mark.parametrize("said, plain", [("嗯 那个 俺没手机", "我没手机"), ("算了，不报了。", "算了不报了"),
                                         ("就是 咱村的通知 别发了", "我村的通知别发了")])
def test_short_answers_are_read_plain(said, plain):
    assert spoken_plain(said) == plain


@pytest.mark.parametrize("said, kept", [
    ("喂喂喂 那个 俺想问问 就是 俺家那个猪 不吃食了", "俺家那个猪 不吃食了"),
    ("那个 就是 俺家门口那个路灯 嗯 坏了好几天了", "俺家门口那个路灯 坏了好几天了"),
    ("那个路灯坏了", "那个路灯坏了"),  # 那个 that points at something stays
    ("这个月的活动", "这个月的活动"),
    ("嗯", "嗯"),  # nothing else said: the words as they were
])
def test_a_need_keeps_the_words_without_opening_fillers(said, kept):
    assert without_fillers(said) == kept


@pytest.mark.parametrize("said", ["俺家老母猪两天不吃食了", "家里的牛拉稀好几天了", "羊羔子不吃草"])
def test_a_sick_animal_is_a_farming_need(said):
    assert classify(said, Vocabulary(everyday_words())).field == "农业"
