"""Text typed in latin pinyin without choosing characters (bot/nlu/latin_pinyin.py)."""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from bot.nlu.latin_pinyin import latin_pinyin_to_han, words_by_sound


@pytest.mark.parametrize("text, want", [
    ("zi lai shui ting le san tian le", "need"),
    ("wo men zhuang de lu deng huai le", "need"),
    ("di bao zen me ban", "guide/dibao"),
    ("shenfenzheng diu le zenme bu", "guide/id-card"),   # without spaces, split by syllables
    ("ni hao", "menu"),
    ("村里的 lu deng huai le", "need"),                   # mixed with characters
])
def test_latin_pinyin_routes_like_the_characters(text, want):
    got = route_text(text)
    assert (f"{got.intent}/{got.guide}" if got.guide else got.intent) == want


@pytest.mark.parametrize("text", ["hello", "ok", "hi", "wifi", "I love you", "a", "4G"])
def test_english_words_and_single_syllables_stay_as_written(text):
    assert latin_pinyin_to_han(text) == text


def test_lexicon_words_of_the_same_sound_are_preferred_and_tone_digits_are_dropped():
    words = words_by_sound(["路灯", "低保"])
    assert latin_pinyin_to_han("lu4 deng1 huai4 le", words) == "路灯坏了"
    assert latin_pinyin_to_han("wifi duan le", words).startswith("wifi ")
