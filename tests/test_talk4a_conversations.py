"""Villagers' conversations written fresh by session talk4a before reading the handlers
(tests/data/converse-talk4a*.jsonl), in fresh worlds: follow-up questions on a guide in many words,
switching guide and coming back, one's own requests in words (status, cancel, 往后挪一天), ratings
in words after an errand or a mediation, small talk in the middle, registration by village name
said many ways, and vague words that get a numbered question. First sight: batch 1 18 of 28;
the second fresh batch (talk4a2 + talk4a3) 31 of 38 (20 of 21 and 11 of 17); a third (talk4a4) 12 of 16; a fourth (talk4a5) 8 of 14; a fifth (talk4a6) 8 of 10."""
from __future__ import annotations

import pytest

from handlers.guide_parts import asked_part
from handlers.matter_families import family_of
from handlers.ratings import rating_in
from tests.kit.conversations import assert_passes, own_conversations

TALK4A = (own_conversations("converse-talk4a.jsonl") + own_conversations("converse-talk4a2.jsonl")
          + own_conversations("converse-talk4a3.jsonl") + own_conversations("converse-talk4a4.jsonl")
          + own_conversations("converse-talk4a5.jsonl") + own_conversations("converse-talk4a6.jsonl"))


@pytest.mark.parametrize("spec", TALK4A, ids=lambda s: s["id"])
def test_talk4a_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["俺这情况中不中", "我家这条件够不够", "像俺这样的能领不", "他家那情况算不算"])
def test_ones_own_case_asks_who_qualifies(text):
    assert asked_part(text, followup=True) == "who"


@pytest.mark.parametrize("text", ["孩子他爸是外地户口中不中", "俺闺女嫁到外村了还能领不"])
def test_a_case_told_then_whether_it_is_enough_asks_who_qualifies(text):
    assert asked_part(text, followup=True) == "who"


@pytest.mark.parametrize("text", ["错过了还能交不", "没赶上还能办吗", "当天能拿到不", "马上能办好吗", "啥时候报", "什么时候交"])
def test_a_missed_time_asks_the_time_limit(text):
    assert asked_part(text, followup=True) == "time"


@pytest.mark.parametrize("text, satisfied", [
    ("调解员说话公道 俺服气", True), ("俩家和好了", True), ("真管用", True),
    ("没啥用 他家还是那样", False), ("白跑一趟", False), ("调解员偏向他家", False), ("说话不公道", False),
    ("没有用", False), ("证还没给俺送来 不中", False), ("挺中", True),
])
def test_ratings_in_words_of_fairness_and_use(text, satisfied):
    assert rating_in(text) is satisfied


def test_a_family_of_matters_is_named_without_the_one():
    assert "elderly-allowance" in family_of("补贴咋领")
    assert "temporary-assistance" in family_of("救助找谁")
    assert family_of("低保咋办") is None


def test_every_family_lists_known_guides():
    from bot.guides import GUIDE_IDS
    from bot.nlu.router import get_router

    for family in get_router().lexicon.families:
        assert 2 <= len(family.guides) <= 6 and set(family.guides) <= set(GUIDE_IDS)


@pytest.mark.parametrize("text", ["谢谢你啊闺女", "中 孩子", "好嘞大兄弟"])
def test_thanks_with_an_address_word_is_small_talk(text):
    from handlers.smalltalk import smalltalk_kinds

    assert smalltalk_kinds(text)


def test_a_vague_certificate_names_the_certificates():
    assert family_of("办那个证")[0] == "id-card"
    assert family_of("要开啥证明") is None  # a paper to bring, not a certificate to get


@pytest.mark.parametrize("text, part", [("上那办", "where"), ("去那儿交呀", "where"), ("在那办好了", None)])
def test_voice_writes_where_with_the_wrong_character(text, part):
    assert asked_part(text, followup=True) == part


def test_a_bare_how_names_no_matter():
    from bot.nlu import route_text

    for text in ("怎么办", "那个咋弄"):
        assert route_text(text).guide is None


@pytest.mark.parametrize("text, done", [("已经报销完了 钱打到卡上了", True), ("钱到账了", True),
                                        ("材料已经送到镇上了", False), ("报销完了吗", False)])
def test_a_party_member_reports_done_in_the_matters_words(text, done):
    from handlers.staff_words import FINISH

    assert bool(FINISH.match(text)) is done


@pytest.mark.parametrize("text", ["俺那个代办谁接的", "俺那个低保代办有人接了没"])
def test_ones_own_errand_asked_after_is_status(text):
    from bot.nlu import route_text

    assert route_text(text).intent == "status"


def test_an_errand_asked_for_is_not_status():
    from bot.nlu import route_text

    assert route_text("我想代办低保 哪天能来").intent == "errand"
