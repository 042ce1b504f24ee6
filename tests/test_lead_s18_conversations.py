"""Conversations of our own for the causes the colleague's set 14 showed (session 18: loops that
start with a push), each in other words than the set's.

Volunteers: a yes at length opened by 喂/收到 with the day between the person and the verb
(俺明儿个一早就过去), a statement about tools (扫帚俺自己带着) is no question, 去不去 asks and says
no can't, a can't of one's own wins over going elsewhere, a can't about someone else (老头子不去了)
is not the volunteer's, 行嘞 / 中嘞, 俺报明, thanks after a sign-up. Staff: one character names an
item among two (羊那个事俺报到), a yes then going to the house takes the errand (行嘞 俺明儿个上午去恁家
拿身份证), 办号了 is 办好了, a mediator waiting in the room confirms, 借钱那个 picks the booking by its
characters, a secretary's own words after an alert reach the villager. Forms: a few days or a
deadline is 一般, a yes is no errand's matter, a deed told after the request is the matter.
Routing: wages owed with a lawyer asked for is a need, not a mediation."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.choices import pick_named
from bot.safety.detect import detect
from handlers.errand_words import matter_in_words
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s18.jsonl"), ids=lambda s: s["id"])
def test_lead_s18_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


# A rebuilt wall with nobody hurt, a school bus that stopped running (车不开了 孩子… is no 开了口子):
# no alarm; the same walls on people, a breached dike: alarm.
_SAFETY_ROWS = [json.loads(line) for line in
                (Path(__file__).parent / "data" / "safety-lead-s18.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", _SAFETY_ROWS, ids=lambda r: r["text"])
def test_set14_danger_causes_in_our_words(row):
    assert (detect(row["text"]) is not None) == (row["intent"] == "safety")


def _item(words: str) -> SimpleNamespace:
    return SimpleNamespace(words=words)


def test_one_character_names_the_one_item_that_holds_it():
    items = [_item("村口的路全是坑"), _item("俺家的羊不吃草")]
    assert pick_named("羊", items, lambda i: i.words) is items[1]
    assert pick_named("鸡", items, lambda i: i.words) is None


def test_characters_pick_when_no_piece_is_shared():
    items = [_item("宅基地 邻居占了俺家的地"), _item("债务 表哥借了俺两万块钱不还")]
    assert pick_named("借钱", items, lambda i: i.words) is items[1]
    assert pick_named("说事", items, lambda i: i.words) is None


def test_the_deed_told_after_an_errand_request_is_part_of_the_matter():
    assert matter_in_words("想找个党员帮俺去镇上跑一趟 取个证明") == "去镇上跑一趟，取个证明"
    assert matter_in_words("请党员帮俺代办个老年证 13812345678 明天") == "老年证"


def test_a_relayed_message_leads_with_its_matter_when_the_field_would_cut_it_off(db):
    from bot.relay.rules import field_gist

    with db.session() as session:
        long = "书记 俺家东屋的后墙裂了好几道大缝子 想打听打听能不能申请危房改造"
        field = field_gist(session, long, 17)
        assert len(field) <= 17 and "危房" in field and not field.startswith("书记")
        assert field_gist(session, "书记 低保啥时候发", 17) == "低保啥时候发"
