"""Near misses of a village name (bot/village_match._NameTable.near): rapidfuzz's scan in C gives
what a loop of two `fuzz.ratio` calls per name gives, the better of the two, in the table's order."""
from __future__ import annotations

import random

from rapidfuzz import fuzz

from bot.village_match import FUZZY_FLOOR, _Name, _NameTable, sound, syllables

_CHARS = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾东西南北前后大小新老代带戴"
_TAILS = "庄村店集屯寨营坡沟河桥湾岗"


def _table(size: int) -> _NameTable:
    rng = random.Random(size)
    names = []
    for i in range(size):
        name = "".join(rng.choice(_CHARS) for _ in range(rng.choice([1, 2, 3]))) + rng.choice(_TAILS)
        names.append(_Name(i, name, " " + sound(name), syllables(name)))
    return _NameTable(tuple(names))


def _one_by_one(table: _NameTable, core: str) -> list[tuple[str, float]]:
    out = []
    for n in table:
        score = max(fuzz.ratio(core, n.name), fuzz.ratio(syllables(core), n.syllables))
        if score >= FUZZY_FLOOR:
            out.append((n.name, round(score, 1)))
    return out


def test_near_misses_are_those_of_the_name_by_name_scan():
    table = _table(400)
    rng = random.Random(7)
    cores = [n.name for n in list(table)[:40]]  # exact names, and each with one character changed
    cores += [c[:k] + rng.choice(_CHARS) + c[k + 1:] for c in cores for k in [rng.randrange(len(c))]]
    cores += ["低保怎么申请", "医保咋报销", "带庄", "戴家", "王", "李庄村民"]
    hits = 0
    for core in cores:
        near = [(n.name, score) for n, score in table.near(core, syllables(core))]
        assert near == _one_by_one(table, core), core
        hits += bool(near)
    assert hits > 40  # the comparison is not between two empty lists


def test_a_table_iterates_over_its_names():
    table = _table(5)
    assert [n.village_id for n in table] == [0, 1, 2, 3, 4]
