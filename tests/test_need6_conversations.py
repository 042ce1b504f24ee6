"""Needs told as plain observations and the representatives' words, written fresh by session 16's
helper need6 before reading the handlers (tests/data/converse-need6-*.jsonl), in fresh worlds:
roads, water, power, signal and bridges with and without a phone, urgency words, 报到 in words
(我去看看 / 这个我来 / 报道), progress and done in words, the villager asking the status, ratings
in words (挺好 / 没修好 / 还行 / 还中), two needs open at once, and whistle rounds that repeat a
need nobody claimed (the urgent one alerted at once included; scheduled rounds by `wait`).
First sight: batch 1 14 of 25 (56%); batch 2, written after batch 1's fixes, 13 of 15 (86.7%),
one of its misses its own expectation (变压器冒烟了 is a danger: the bot's 95598 was right; the
message became 停电一天了). All pass after the fixes."""
from __future__ import annotations

import pytest

from bot.forms import is_confirm
from bot.nlu import route_text
from handlers.ratings import rating_in
from handlers.staff_words import FINISH, _reports_work
from tests.kit.conversations import assert_passes, own_conversations

NEED6 = own_conversations("converse-need6-1.jsonl") + own_conversations("converse-need6-2.jsonl")


@pytest.mark.parametrize("spec", NEED6, ids=lambda s: s["id"])
def test_need6_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["对 就这个事", "对 就这事", "就是这个事", "对，就这情况", "就这个事儿吧"])
def test_this_matter_it_is_confirms_the_summary(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["这个事不对", "不是这个事"])
def test_not_this_matter_does_not_confirm(text):
    assert not is_confirm(text)


@pytest.mark.parametrize("text", ["坑已经填上了", "沟掏完了", "垃圾拉走了", "路牌立起来了", "水抽干了 垫了土", "好了 来电了",
                                  "阀门换好了 通水了", "路修平了", "修通了"])
def test_the_result_of_the_work_closes_the_need(text):
    assert FINISH.match(text)


@pytest.mark.parametrize("text", ["还没来电", "修好了吗", "来电了没有", "还没修平", "接通知了", "通知了"])
def test_not_yet_or_a_question_is_no_result(text):
    assert not FINISH.match(text)


@pytest.mark.parametrize("text", ["跟移动公司说了 下个月来装塔", "跟镇上打过招呼了 下礼拜装", "已经跟镇上说了 这两天就来人"])
def test_word_passed_on_and_a_time_is_progress(text):
    assert _reports_work(text)


@pytest.mark.parametrize("text, satisfied", [("还中", True), ("还成吧", True), ("修得不孬", True), ("挺得劲", True),
                                             ("不得劲", False), ("还没好", False)])
def test_the_dialects_fair_enough_is_a_rating(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text", ["俺们村东头大桥上裂了好几道大缝子", "大桥裂了", "老桥栏杆掉了", "村北的石板桥塌了一块"])
def test_a_bridge_named_by_its_size_age_or_side_is_a_public_thing(text):
    assert route_text(text).intent == "need"


@pytest.mark.parametrize("text, danger", [("俺庄北头的那条生产路让拖拉机轧得全是沟 下了雨根本没法走", False),
                                          ("村里的路让大车轧烂了", False), ("俺爹的腿让拖拉机轧了", True),
                                          ("河上那个漫水桥让水冲坏了 人都过不去了 快来人看看吧", False),
                                          ("快来人看看 俺爹倒地上起不来了", True), ("快来人啊 救命", True)])
def test_a_road_run_over_and_come_have_a_look_are_no_danger(text, danger):
    from bot.safety.detect import detect

    assert (detect(text) is not None) is danger
