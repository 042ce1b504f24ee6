"""Needs told as plain observations route to `need` (issue 13): an old person living alone who
lacks daily help, a sick or dying animal, a lamp gone dark; errands and guides keep theirs."""
from __future__ import annotations

import pytest

from bot.nlu import route_text


@pytest.mark.parametrize("text", [
    "俺们邻居张大爷一个人过 腿脚不好 冬天没人给他挑水",
    "隔壁五保户老李一个人住 屋里冷得很没人管",
    "俺家的鸭子死了好几只",
    "俺家羊拉稀了 找个兽医",
    "俺们胡同的灯黑了好几天",
])
def test_a_need_told_in_words(text):
    assert route_text(text).intent == "need"


@pytest.mark.parametrize("text, intent, guide", [
    ("腿脚不好，想请人代办", "errand", None),
    ("俺家老人去世了 丧葬费咋领", "guide", "funeral-subsidy"),
    ("兄弟几个没一个管老人的", "mediation", None),
])
def test_neighbours_keep_their_reading(text, intent, guide):
    route = route_text(text)
    assert (route.intent, route.guide) == (intent, guide)
