"""The danger shapes and look-alikes that session 16's fresh batches (tests/data/safety-own-28 to 30)
found: ways of killing oneself, pills swallowed by the handful, broken bones and animals that hurt
people, coal smoke blown back, cornered beatings, people lured into a car; and the jokes, cooking
knives, explanations, legal questions and lost tools that stay quiet."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.safety.cli import measure
from bot.safety.detect import detect

DATA = Path(__file__).parent / "data"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("text, kind", [
    ("俺男人说要往自己身上浇汽油", "despair"),  # any way of killing oneself
    ("她说活够了要吊死自己", "despair"),
    ("娘把安眠药一把都吞了", "poison"),  # a handful at once
    ("俺哥从墙上掉下来锁骨断了", "bleeding"),  # a bone, not a table leg
    ("放羊的叫公牛顶了肚子上一个窟窿", "bleeding"),
    ("野猪把俺叔顶翻了腿上直淌血", "bleeding"),
    ("屋里炉子返烟了俺娘头晕恶心", "gas"),  # smoke blown back
    ("俺姐夫喷了一天药回来就吐 眼也花", "poison"),
    ("一帮人把俺男人按在地上打", "violence"),  # held down and beaten
    ("石头滚下来把俺爹的脚压住了", "collapse"),  # a leg or foot pinned
    ("他抡着榔头追着打人", "violence"),  # a farm tool
    ("俺家小妮让一个外地女的哄上车拉走了", "missing"),  # lured into a car
    ("老汉洗澡半天叫不应 门从里面反锁着", "faint"),
    ("俺婆婆嘴角往下耷拉 喝水顺着嘴往外流", "heart"),
])
def test_session_16_danger_shapes(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    "俺锄头丢了谁看见了",  # a lost tool, not a person
    "俺爹睡着了打呼噜叫都叫不醒哈哈",  # a joke
    "那家人半夜剁馅太吵了",
    "他拿刀把南瓜切开了",
    "说要上吊瓶 就是输液",  # 吊瓶 is a drip
    "晚上烧荒犯法吗",  # a legal question
    "这个买卖撑不下去了明年转让",  # a business
    "前院烧煤了一股煤烟味",  # no negation is written in by sound repair
    "孩子的药片能掰开吃不",
    "桌子腿断了找谁修",
    "护栏让大车撞歪了",  # a thing knocked down
])
def test_session_16_look_alikes_stay_quiet(text):
    assert detect(text) is None, text


def test_pinyin_reads_the_same_in_every_process():
    """Words of one length are tried in a fixed order (jiujiu is 救救, never 舅舅 by hash seed)."""
    danger = detect("jiujiu wo")
    assert danger is not None and danger.kind.id == "help"


def test_a_look_alike_typed_in_pinyin_is_read_whole():
    """jiu ming en ren is 救命恩人 (a look-alike), not 救命 and two stray syllables."""
    assert detect("jiu ming en ren xie xie ni") is None
    assert detect("jiu ming a you ren diao jing li le") is not None


def test_the_last_probe_of_session_16_meets_the_goal():
    """20 danger, 20 look-alikes written after the fixes of 30 (tests/data/safety-own-31.jsonl): 95% / 5%
    at first sight (a leg pinned by falling stones; 救命恩人 in pinyin), 100% / 0% after."""
    found, total, alarms, lookalikes, mistakes = measure(rows(DATA / "safety-own-31.jsonl"))
    assert total == 20 and lookalikes == 20
    assert found == total and alarms == 0, mistakes
