"""The danger shapes and look-alikes that session 17's fresh batches (tests/data/safety-own-safety8a-*.jsonl)
found for fire, medical emergencies, gas, power lines, drowning and the trapped."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text", [
    "俺家小子掉到村西头那个废了的机井里了",  # which well, told at length, between 掉到 and 井里
    "二丫栽进后头那个大水湾里了",
    "老太太滑到北边那条浇地的渠里了",
])
def test_a_person_falling_into_water_told_at_length(text):
    hit = detect(text)
    assert hit is not None and hit.kind.id == "drowning", text


@pytest.mark.parametrize("text", [
    "手机掉到村东头那个大口井里了 能捞上来不",  # what fell is a thing
    "俺家鸡掉到后院那个旱井里了",
    "水桶掉进院里那口老井里了",
])
def test_things_falling_into_water_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text", [
    "俺男人剁排骨把手指头剁下来一截 血往外冒",  # a finger, but badly hurt
    "切菜切着手指头了 血哗哗的止不住",
])
def test_a_finger_badly_hurt_is_no_small_cut(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text", [
    "切菜切着手指头了 出了点血 贴个创可贴行不",
    "手指头划了个小口子",
])
def test_a_small_cut_on_a_finger_stays_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text", [
    "修渠的时候土塌了 埋住一个人",  # buried by a collapse
    "窑洞塌了 俺爹埋里头了",
    "沟帮子塌下来 把干活的埋进去了",
])
def test_people_buried_by_a_collapse(text):
    assert detect(text) is not None, text
