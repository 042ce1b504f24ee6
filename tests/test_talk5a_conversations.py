"""Villagers' conversations written fresh by session talk5a before reading the handlers
(tests/data/converse-talk5a-*.jsonl), in fresh worlds: guide follow-ups (one's own age or case,
paying then receiving, a paper named in the materials), status of one's own requests, ratings in
words, registration by a name without 村/庄 or an unknown one, small talk, stopping, a person asked for.
First sight: batch 1 25 of 36 (two of its misses were this session's expectations: a fuzzy name
confirmed with 对吗 is right, so those steps now accept bind.ask); batch 2, written after batch 1's
fixes, 19 of 26; a third (talk5a-3), after those, 17 of 22 (two misses its expectations: a bare
你好 gets the menu by design, and 代村's township names no 协办员). All pass after the fixes."""
from __future__ import annotations

import pytest

from bot.nlu.disputes import dispute_kind
from handlers.guide_parts import asked_part
from handlers.ratings import rating_in
from tests.kit.conversations import assert_passes, own_conversations

TALK5A = (own_conversations("converse-talk5a-1.jsonl") + own_conversations("converse-talk5a-2.jsonl")
          + own_conversations("converse-talk5a-3.jsonl"))


@pytest.mark.parametrize("spec", TALK5A, ids=lambda s: s["id"])
def test_talk5a_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["俺今年五十八了 交到啥时候能领钱", "交了以后啥时候能开始领钱", "得交够多少年才给钱",
                                  "交几年能领", "多大岁数开始领", "多大年纪能领高龄津贴", "多大的孩子能办"])
def test_paying_then_receiving_or_the_age_asks_who_qualifies(text):
    assert asked_part(text, followup=True) == "who"


@pytest.mark.parametrize("text", ["俺这岁数交满15年得七十多了 还让交不", "俺交了好些年了 啥时候给俺发养老金",
                                  "俺兄弟五十多 没成家 腿脚不好 能算五保不", "俺家能算低保户不"])
def test_an_age_with_more_or_a_case_that_counts_asks_who_qualifies(text):
    assert asked_part(text, followup=True) == "who"


@pytest.mark.parametrize("text", ["要几张照片", "复印几份", "照片要几寸的"])
def test_how_many_of_a_paper_asks_the_materials(text):
    assert asked_part(text, followup=True) == "materials"


@pytest.mark.parametrize("text, part", [("低保啥时候发钱", "time"), ("几天能下来", "time"), ("交了钱多久能领到卡", "time"),
                                        ("补贴啥时候能领", "time"), ("啥时候发", "time"),
                                        ("医保交了以后啥时候能报销", "time"), ("一年交多少", "cost"), ("交钱在哪交", "where")])
def test_time_fee_and_place_are_still_asked_as_such(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("text", ["我去看看", "俺明天过去瞅瞅", "好 我下午去看一下"])
def test_going_to_have_a_look_takes_the_item(text):
    from handlers.staff_words import CLAIM_WORDS

    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text, named", [("我住在苇子坑", True), ("俺家在石碾", True), ("俺是李家湾的", True),
                                         ("我住在这", False), ("我住在县城里 想问问低保", False)])
def test_where_one_lives_names_a_place(text, named):
    from handlers.account import _NAMES_A_PLACE

    assert bool(_NAMES_A_PLACE.search(text)) is named


def test_a_paper_the_materials_name_is_answered_from_the_materials():
    from types import SimpleNamespace

    from handlers.guide_questions import paper_of_materials

    guide = SimpleNamespace(materials=("死亡证明（医院开；在家去世的找乡镇卫生院）", "户口注销证明"))
    assert paper_of_materials(guide, "在家走的 死亡证明上哪开")
    assert not paper_of_materials(guide, "身份证在哪办")
    assert not paper_of_materials(guide, "去哪办")


@pytest.mark.parametrize("text, satisfied", [("换了跟没换一样 还是不亮", False), ("又坏了", False), ("又不亮了", False),
                                             ("还是不错", True), ("还是挺好", True)])
def test_nothing_changed_is_unhappy_and_still_good_is_not(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text", ["俺跟西邻为了屋后那棵树的事想找调解员说说", "东院那家天天往俺门口倒脏水"])
def test_a_neighbour_named_by_the_side_is_a_neighbours_dispute(text):
    assert dispute_kind(text) == "邻里"


@pytest.mark.parametrize("text, intent", [("俺有没有啥预约", "status"), ("我现在有没有报名", "status"),
                                          ("算了 俺自己去办吧", "cancel"), ("你们有没有调解", "mediation")])
def test_own_records_and_doing_it_oneself(text, intent):
    from bot.nlu import route_text

    assert route_text(text).intent == intent


@pytest.mark.parametrize("text, part", [("我都六十一了没交过还能补交不", "who"), ("找村里谁交", "where"), ("交给谁", "where"),
                                        ("这事找谁办", "where")])
def test_making_up_payments_at_an_age_and_whom_to_pay(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("said, name, same", [(("dai", "chun"), ("dai", "cun"), True), (("wang", "zhuan"), ("wang", "zhuang"), True),
                                              (("qian", "hu"), ("hou", "hu"), False)])
def test_mixed_up_sounds_fold_together(said, name, same):
    from bot.village_match import folded

    assert (folded(said) == folded(name)) is same


@pytest.mark.parametrize("text, kinds", [("你这个小程序挺好使", {"thanks"}), ("俺就是问问 没啥事", {"ok", "bye"}),
                                         ("这个好用吗", set()), ("就是问问低保", set())])
def test_praise_and_just_asking_are_small_talk(text, kinds):
    from handlers.smalltalk import smalltalk_kinds

    assert smalltalk_kinds(text) == kinds
