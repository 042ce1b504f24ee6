"""Routing rules for short menu-like messages and for neighbouring guides (issue 13, kinds 3 and 4).

Each rule has hits (several wordings, none taken from a held-out or eval file) and look-alikes
that must stay where they belong.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text


def routed(text: str) -> tuple[str, str | None]:
    result = route_text(text)
    return result.intent, result.guide


# --- stopping: dialect words, and "stop sending" with no push named -------------------------

@pytest.mark.parametrize("text", ["拉倒", "拉倒吧", "罢了", "甭弄了", "不干了", "别推了", "退订吧",
                                  "别给我发了", "不要再发消息了", "甭给俺发通知了", "取消订阅"])
def test_bare_stop_words_cancel(text):
    assert routed(text)[0] == "cancel"


@pytest.mark.parametrize("text, intent", [
    ("每月活动别再给我发了", "theme"),  # a push named: its own service stops it
    ("不要推送村务", "affairs"),
    ("那个拉倒的墙谁来修", None),  # 拉倒 inside a sentence is no command
])
def test_stop_words_with_a_push_named_or_inside_a_sentence_are_not_a_bare_stop(text, intent):
    got = routed(text)[0]
    assert got != "cancel"
    if intent:
        assert got == intent


# --- a person, not the machine ----------------------------------------------------------------

@pytest.mark.parametrize("text", ["不想跟机器人聊了", "别让机器回我了", "机器人说不明白，叫个人来",
                                  "找包村干部", "值班干部在不在", "来个人"])
def test_asking_for_a_person(text):
    assert routed(text)[0] == "human"


def test_a_question_about_the_bot_itself_stays_the_menu():
    assert routed("你是机器人吗")[0] == "menu"


# --- one's own request: replies and news ------------------------------------------------------

@pytest.mark.parametrize("text", ["有信儿了没", "给回话了吗", "那事有动静了吗", "我的单子", "我的需求呢",
                                  "看看我的调解", "上回那事弄好了没"])
def test_asking_after_ones_own_request(text):
    assert routed(text)[0] == "status"


@pytest.mark.parametrize("text, intent", [("我的低保一个月多少", "guide"), ("回信地址", "unknown")])
def test_my_with_a_matter_or_a_stray_word_is_not_status(text, intent):
    assert routed(text)[0] != "status"


# --- canteens, reports, village money ---------------------------------------------------------

@pytest.mark.parametrize("text", ["老年人吃饭去哪", "村里有老人就餐的点吗", "想找个吃口热饭的地儿"])
def test_where_old_people_eat_is_the_canteen(text):
    assert routed(text)[0] == "canteen"


def test_helping_in_the_canteen_stays_volunteering():
    assert routed("想去食堂帮忙做饭")[0] == "volunteer"


@pytest.mark.parametrize("text", ["想反映一下", "俺要反映个情况", "给村里出个主意"])
def test_wanting_to_report_is_a_need(text):
    assert routed(text)[0] == "need"


@pytest.mark.parametrize("text", ["村里去年的开支能看看吗", "村集体的收支明细在哪", "村上修桥花了多少钱"])
def test_how_the_village_spent_its_money_is_village_affairs(text):
    assert routed(text)[0] == "affairs"


def test_a_households_own_money_is_not_village_affairs():
    assert routed("低保钱每个月几号发") == ("guide", "dibao")
