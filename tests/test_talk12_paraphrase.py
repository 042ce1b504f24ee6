"""Paraphrase robustness (helper talk12): the colleague sets that pass, each conversation said again
in another villager's words (tests/data/converse-para12a-N.jsonl, ids p12a-<set>-…), measured at
first sight before their causes were fixed. The causes, each tested here in other words again.

Batches 1-4 (blind sets 21 and 24 re-worded; 22/23, 19/22, 20/21, 18/21 at first sight):
- 明 / 今 alone before a part of the day (明上午10点, 今下午) is tomorrow / today;
- a booking stopped as 就免了吧 / 拉倒 / 不必了 is a cancel like 不用了;
- the meeting by any name (议事会, 村民代表会) before 提个意见 / 建议 is a suggestion for it;
- the sending taken back with 推 as well as 发 (还是接着给俺推村务吧) restarts the pushes;
- a relative without WeChat acted for, with a matter only guessed from an age (俺娘八十五了 不会使手机
  俺帮她弄中不), adds the relative; a matter named outright still goes first;
- whether one comes up to a matter (她够五保不, 够低保的条件吗) is who qualifies;
- where one lives said with the phone a form asks (俺住后街 手机号139…) is no registration: a place
  with a phone number is never a new request for `bind`;
- a thing the village means to do, then who or how it was decided (村里要修路 谁定的) is affairs.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import route_text
from bot.nlu.dates import parse_day
from handlers.guide_parts import asked_part
from handlers.own_bookings import CANCEL_WORDS
from handlers.push_settings import push_wish
from handlers.suggestions import SUGGEST
from tests.kit.conversations import assert_passes, own_conversations

KNOWN_OPEN: set[str] = set()
_BATCHES = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason="left open, see the docstring")]
                         if spec["id"] in KNOWN_OPEN else [])
            for n in (1, 2, 3, 4, 5, 6) for spec in own_conversations(f"converse-para12a-{n}.jsonl")]


@pytest.mark.parametrize("spec", _BATCHES)
def test_paraphrased_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


_SATURDAY = datetime(2026, 12, 12, 18, 30)


@pytest.mark.parametrize("text, day, hour", [
    ("明下午三点", 13, 15),
    ("明晚上七点去", 13, 19),
    ("今下午四点", 12, 16),
    ("说明上午的事", None, None),
    ("证明下午给你", None, None),
])
def test_ming_or_jin_alone_before_the_part_of_the_day(text, day, hour):
    found = parse_day(text, _SATURDAY)
    assert (found.day.day if found else None, found.hour if found else None) == (day, hour)


@pytest.mark.parametrize("text, stops", [
    ("那个调解拉倒吧 俺俩和好了", True),
    ("调解不必了", True),
    ("预约免了 不去了", True),
    ("调解免费吗", False),
    ("学费减免了", False),
])
def test_stops_in_other_words(text, stops):
    assert bool(CANCEL_WORDS.search(text)) is stops


@pytest.mark.parametrize("text", ["俺想给村民代表会提条建议 路灯多安几个", "给议事会提个意见 垃圾点挪挪"])
def test_the_meeting_by_any_name_then_a_suggestion(text):
    assert SUGGEST.match(text)


@pytest.mark.parametrize("text, wish", [
    ("还是继续推着吧", "start"),
    ("再给俺推吧 俺想看", "start"),
    ("接着推活动吧", "start"),
    ("村务消息不用再推给我了", "stop"),
])
def test_sending_taken_back_by_either_verb(text, wish):
    assert push_wish(text) == wish


@pytest.mark.parametrize("text", ["俺家够低保的条件吗", "俺爹这样够残疾补贴不", "她够五保的标准不"])
def test_coming_up_to_a_matter_is_who_qualifies(text):
    assert asked_part(text, True) == "who"


@pytest.mark.parametrize("text", ["村里准备挖坑塘 这是谁拍板的", "俺们村要拆老戏台 咋决定的"])
def test_a_village_plan_and_who_decided_it(text):
    assert route_text(text).intent == "affairs"


def test_a_plan_with_ones_own_wish_stays_a_need():
    assert route_text("村里要修路 俺家门口能修不").intent == "need"


_OWN = [
    {"id": "t12-relative-guessed-matter", "steps": [
        {"as": "villager", "say": "俺爹九十了 没有微信 俺替他弄中不", "action": ["family.add", "family.ask"]}]},
    {"id": "t12-relative-guessed-matter-2", "steps": [
        {"as": "villager", "say": "俺奶八十七 不会用手机 俺帮她办行不", "action": ["family.add", "family.ask"]}]},
    {"id": "t12-need-place-with-phone", "steps": [
        {"as": "villager", "say": "俺们胡同的路灯坏了一个多月了 黑灯瞎火的", "action": ["need.ask", "need.report"]},
        {"as": "villager", "say": "俺住西头 电话13905390101", "action": ["need.ask", "need.report"]}]},
    {"id": "t12-need-place-with-phone-2", "steps": [
        {"as": "villager", "say": "俺家胡同口的水管子漏了好几天了", "action": ["need.ask", "need.report"]},
        {"as": "villager", "say": "俺家在南街 号码13905390102", "action": ["need.ask", "need.report"]}]},
]


@pytest.mark.parametrize("spec", _OWN, ids=[s["id"] for s in _OWN])
def test_own_phrasings_of_the_causes(worlds, spec):
    assert_passes(worlds, spec)
