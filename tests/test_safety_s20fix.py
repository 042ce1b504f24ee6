"""The causes behind the misses and false alarms of colleague blind sets 19 and 20 (on branch int),
each tested in other words: sheds, pens and greenhouses that caught fire; a child who went to play
at the water and alone did not come back; following a dead partner; a farewell that gives things
away and "won't trouble you any more"; 俺也 read as written (no typo of 俺爷). And the look-alikes:
papers burnt in a past fire asked to be reissued, a toothache's swollen cheek, "beat me to death,
I still won't", a pole that may fall some day, "so as not to be poisoned", a question asked ahead.

Figures (tests/data/colleague-blind-19/safety-blind19.jsonl, colleague-blind-20/safety-blind20.jsonl):
set 19 98.3% / 5.0% and set 20 97.5% / 2.5% at first sight on int 00597e9, both 100% / 0% after."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect
from bot.safety.prepare import prepare
from bot.safety.words import safety_words


@pytest.mark.parametrize("text, kind", [
    # a shed, pen or greenhouse + 着了
    ("俺家羊圈着了 羊还在里头", "fire"),
    ("后院那个鸡舍着了 火苗子直往上蹿", "fire"),
    ("村东头老李家的暖棚着了", "fire"),
    ("牛棚着了 快来人", "fire"),
    # children at the water, one not back
    ("仨小子下河摸鱼 俺孙子到这会没回来", "missing"),
    ("孩子们在塘边玩 别的都回家了 俺闺女不见了", "drowning"),  # the water named: drowning, 110 too
    ("晌午几个娃去水库游泳 俺家小的还没回", "missing"),
    # following a dead partner
    ("老头子走了 我也跟着走算了", "despair"),
    ("老伴死了半年了 俺也跟他去算了", "despair"),
    # giving things away, no more trouble from now on
    ("俺那头牛送给侄子了 以后就不麻烦你们了", "despair"),
    ("存折留给闺女了 往后再也不给恁添麻烦", "despair"),
])
def test_s20fix_danger(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    # a shed covered or frozen, not burning
    "大棚冻着了 菜都蔫了 有补贴不",
    "棚子盖着了 下雨不怕",
    # playing at the water, all back; fishing with no one missing
    "孩子们去河边玩 都回来了 衣服湿了",
    "俺孙子游泳回来了 晒得黢黑",
    # moving away, not a farewell
    "鸡都送给邻居了 俺搬到闺女家去住 往后就不麻烦恁了",
    "谢谢恁送给俺的菜 以后不麻烦恁了 俺自己种上了",
    # 俺也 is "I too"
    "俺也想问问低保咋申请",
    "老伴没了 俺也跟着去城里住了 问问养老金咋领",
    # papers lost in a past fire or flood, asked to be reissued
    "屋子着火那回户口本烧没了 去哪补办",
    "发大水那年存折冲走了 能补不",
    # a toothache's swollen cheek
    "虫牙疼了三天 半边脸肿得老高",
    "腮帮子肿了 半边脸都是烫的 吃啥药",
    # "beat me to death, I still won't"
    "打死俺都不签这个字",
    "打死他也不会去敬老院",
    # may fall some day
    "院墙外那根电线杆斜了 怕过几天倒了",
    "电线耷拉得挺低 怕将来断了砸着人",
    # so as not to be poisoned / shocked
    "煤炉子咋弄才不中毒",
    "插座装哪免得触电",
    # a question asked ahead
    "要是老人晕倒了咋整 想提前知道一下",
    "家里老人摔倒了先干啥 事先问问",
])
def test_s20fix_look_alikes(text):
    danger = detect(text)
    assert danger is None, (text, danger and (danger.kind.id, danger.score, danger.hits[0].words))


def test_a_dialect_pronoun_is_no_stray_typo():
    """俺 stands alone in jieba's counts, yet 俺也 is "I too": never repaired into 俺爷."""
    assert "俺也" in prepare("俺也去", safety_words())
    assert "咱也" in prepare("咱也去赶集", safety_words())


def test_a_real_danger_still_wins_over_the_softening_cues():
    """The new cues give way when the danger is now (快来, 还在烧; 脸歪了; 正烧着)."""
    assert detect("羊圈着了 证件咋补 快来人 火还在烧") is not None
    assert detect("牙疼 突然半边脸歪了 说话含糊") is not None
