"""The danger detector on phrases said the spoken way, the line between telling, asking and danger
now, and the lead's probe of session 18 (moved out of test_safety_words.py, which keeps the labelled
sets and the word-list rules)."""
from __future__ import annotations

import pytest

from bot.safety.cli import measure
from bot.safety.detect import detect
from tests.kit.safety_sets import DATA, rows


@pytest.mark.parametrize("text, kind", [
    ("俺娘没有呼吸了", "faint"),  # 没呼吸 is also said 没有呼吸
    ("老头说话含含糊糊 半边身子没劲", "heart"),  # a doubled word reads as the word: 含含糊糊 → 含糊
    ("俺爷一边胳膊腿都没劲了", "heart"),
    ("羊圈塌了 压住人了", "collapse"),
    ("面包车冲进河里了", "drowning"),
    ("俺儿割了手腕", "despair"),
    ("俺爷在地里叫马蜂蛰了", "snake"),  # a danger word by itself is no typo of another (蛰 ≠ 着)
    ("俺娘倒在茅房里了", "faint"),
    ("他把俺男人打出血了", "violence"),
    ("厂里的锅炉炸了", "fire"),
    ("粉碎机把他胳膊绞进去了", "bleeding"),
    ("俺娘中暑了 迷迷糊糊的不认人", "faint"),
    ("屋里一股臭鸡蛋的味 俺头晕得不行", "gas"),
    ("俺爹嘴歪了 想知道是啥病", "heart"),  # the danger word is told before the question
    ("不想活了 换个工作也没用", "despair"),  # no plan: 想换个工作 would be one
])
def test_spoken_forms_of_the_written_words(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind


@pytest.mark.parametrize("text", [
    "俺娘腿脚不好怕摔着 有没有人能来帮着装个扶手",  # 有没有人 asks; it does not say nobody is there
    "车钥匙掉水里了 能配不",  # the key went into the water, not the car
    "不想拖累儿女 想去敬老院住 咋申请",  # a place to live, not despair
    "刷视频看见有人掉河里了 吓人",
    "俺孙子上学路上差点叫车撞了 那段路能安个减速带不",  # 差点: it did not happen
    "他家把压水井锁了 不让俺打水",  # 打水 fetches water; nobody is beaten
    "俺还以为屋里着火了 原来是烧水壶冒的热气",  # 以为…原来: what was feared did not happen
    "儿子毕业半年了还找不着工作 愁人",  # 找不着 a job is no missing person
    "闺女上学天天赖床 叫不起来",
    "想知道脑梗是什么 咋预防",  # 想知道…是什么 asks about an illness
    "俺不想活得这么憋屈了 想换份工作",  # a plan for the days ahead
])
def test_spoken_forms_raise_no_alarm_on_their_look_alikes(text):
    assert detect(text) is None


@pytest.mark.parametrize("text, danger", [
    # the story turns from last time to now: the past softens only what was told before the turn
    ("去年着过火 今天又着了 快来", True),
    ("去年俺家着火 今天来问问补助的事", False),
    ("上个月摔了 今天又疼了 能报销吗", False),
    ("俺家的狗咬了俺孙子 流了好多血", True),  # the animal first, then a family member hurt
    ("俺家的狗被车撞了 俺儿子抱着它哭", False),
    ("看了个视频 结果俺家电线也冒火了", True),  # media first, then one's own
    # how to act, asked about nobody in particular, against the same with someone named
    ("触电了先拉闸还是先拉人", False),
    ("俺爹触电了 先拉闸还是先拉人", True),
    ("喝了农药的人能不能催吐", False),
    ("俺娘喝了农药 能不能催吐", True),
    ("救命 作业写不完了", False),
    ("救命啊 俺娘掉河里了 题都不会", True),
    ("他说想死 是开玩笑的吗", True),  # a joke asked about is no joke told
    ("俺不想活了 不是开玩笑", True),
    ("俺娘心梗走了 怎么办理丧葬补助", False),
    ("他嘴上说说要打我 其实已经动手了 拿着刀", True),
    ("剪刀找不着了 是不是孙子拿走了", False),
    ("俺孙子找不着了 是不是他爹接走了", True),
    ("别的事回头再说 后街起火了", True),  # a topic named before the danger is another matter
])
def test_the_thin_line_between_telling_asking_and_danger_now(text, danger):
    assert (detect(text) is not None) == danger, detect(text)


def test_lead_s18b_probe_is_perfect():
    """The causes of blind17's misses and false alarms, in other words (kept out of blind17's
    sentences): someone locked in without food, strangers loading a neighbour's things while nobody
    is home, a note left and gone, an old man not back by now, "对不住她 俺先走了"; asking ahead
    (心里有个数), a machine that 不中了, children fighting over toys, "等俺老了". 13 danger,
    12 look-alikes: 76.9% / 0% at first sight after the blind17 fixes, 100% / 0% after."""
    found, total, alarms, lookalikes, mistakes = measure(rows(DATA / "safety-lead-s18b.jsonl"))
    assert total >= 12 and lookalikes >= 12
    assert found == total and alarms == 0, mistakes
