"""The router's exact quick no's: the characters a lexicon pattern's match can start with
(bot/nlu/regex_firsts.py: a superset, or None when it cannot tell), combos by their first idea,
long names compared only when they share a character with the text. Each reads the same as
trying everything."""
import re

import pytest

from bot.nlu.regex_firsts import firsts


@pytest.mark.parametrize("pattern, expected", [
    ("(交了|有)医保", {"交", "有"}),
    ("评(个|一个)?残", {"评"}),
    ("(?<!\\d)(8\\d|9\\d)岁", {"8", "9"}),  # a look-behind restricts, it starts nothing
    ("(a|b?)c", {"a", "b", "c"}),  # an optional start lets the next item start
    ("[ab]c", {"a", "b"}),
    ("(?:ab)+x", {"a"}),
])
def test_the_first_characters(pattern, expected):
    assert firsts(re.compile(pattern)) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    ".{0,3}钱", "x*", "[^a]b", "\\d岁", "[一-龥]了", "(?i)a", "(?i:a)b",
])
def test_anything_not_understood_is_always_tried(pattern):
    assert firsts(re.compile(pattern)) is None


def test_no_match_starts_outside_the_set():
    samples = ["交了医保", "有医保", "x交了医保", "医保", "8岁", "98岁", "ac", "bc", "c", "xyz"]
    for pattern in ["(交了|有)医保", "(?<!\\d)(8\\d|9\\d)岁", "(a|b?)c"]:
        regex, starts = re.compile(pattern), firsts(re.compile(pattern))
        for text in samples:
            if m := regex.search(text):
                assert text[m.start()] in starts


def test_the_router_reads_the_same_with_and_without_the_quick_nos():
    from bot.nlu.router import get_router

    router = get_router()
    scorer = router.scorer
    texts = ["俺交了医保住院能报多少", "帮我办个残疾证", "俺爹今年92了有高龄补贴吗", "好", "1", "邻居不让我家从他门口过"]
    scans = [router.explain(text)[0] for text in texts]
    quick = [scorer.evidence(scan) for scan in scans]
    try:
        scorer._possible_combos = lambda ideas: scorer.combos
        scorer._possible_patterns = lambda text: scorer.patterns
        assert [scorer.evidence(scan) for scan in scans] == quick
    finally:
        del scorer._possible_combos
        del scorer._possible_patterns


def test_near_names_are_the_same_as_comparing_every_name():
    from rapidfuzz import fuzz, process

    from bot.nlu import scoring
    from bot.nlu.router import get_router

    names = get_router().scorer.names
    for text in ["居民养老保", "最低生活保证怎么办", "俺想问问残疾人补帖", "好", "今天天气不错啊大家好"]:
        every = {}
        for name, _, index in process.extract(text, names.names, scorer=fuzz.partial_ratio, limit=None,
                                              score_cutoff=scoring.NAME_CUTOFF):
            if name not in text and len(text) >= scoring.NAME_MIN_LENGTH - 1:
                key, weight = names.meaning[index]
                every[key] = max(every.get(key, 0.0), weight * scoring.NAME_FACTOR)
        assert names.near(text, set()) == every
