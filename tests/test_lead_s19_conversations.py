"""Conversations of our own for the causes the colleague's set 18 showed (session 19: loops that
start with a push), each in other words than the set's.

Volunteers: the task's number said first with a yes typed by its sound (2号 俺报铭); which of the
tasks one is down for (我报的是哪一个); one who only volunteers asking what work there is in a long
way; a yes before the task's name (俺参加那个修剪果树的); 退出 and a shift at work as a withdrawal.
Representatives and party members: a temporary fix (暂时 / 先) and deeds like 运/铺 are progress; the
take word before the name (认领 垃圾箱那个); which of two in hand is done, by a word of its matter; a
visit asked for and made is done; a time after the deed is no item number (调好了 8点半); 登记 / 做完.
The mediator: 确认 before the villager's name. A person asked for with "不跟机器人聊" beside it. The
whistle's line keeps whom the villager asks for when no damage is named. A rating opened by 中/行.
"""
from __future__ import annotations

import pytest

from bot.needs.gist import gist
from handlers.ratings import rating_in
from handlers.staff_words import FINISH
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s19.jsonl"), ids=lambda s: s["id"])
def test_lead_s19_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, kept", [
    ("俺娘八十五了 一个人住 腰疼得厉害 想请个大夫上门给瞧瞧", "大夫"),
    ("俺家的老黄牛这几天不爱吃草 想找个兽医来给看看", "兽医"),
    ("俺在建筑队干了一年 包工头欠俺五千块钱工钱一直拖着 想找人帮帮俺", "工钱"),
])
def test_the_whistle_line_keeps_what_is_asked_for_or_the_whole_problem(text, kept):
    line = gist(text, 17)
    assert len(line) <= 17 and kept in line


def test_damage_named_keeps_the_thing_not_the_ask():
    line = gist("俺们庄东头往镇上去的那条水泥路 上回下大雨冲出来一个大坑 想让村里找人填填", 17)
    assert "坑" in line


@pytest.mark.parametrize("text, satisfied", [
    ("行 这回不漏了", True), ("中 挺好", True), ("嗯 弄利索了", True),
    ("中 俺想问问低保咋办", None), ("不中 还是漏", False),
])
def test_a_rating_opened_by_a_yes(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text, done, number", [
    ("线路调好了 8点半在村口停", True, None),
    ("办好了 12", True, "12"),
    ("先用木板挡上了", False, None),
    ("暂时接上了 过两天换新的", False, None),
])
def test_finish_words_know_a_time_and_a_temporary_fix(text, done, number):
    found = FINISH.match(text)
    assert (found is not None) == done
    if found is not None:
        assert found.group("no") == number
