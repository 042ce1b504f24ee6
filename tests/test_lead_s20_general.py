"""Our own words for the causes the colleagues' sets 21, 22 and 24 showed (session 20): routing rows,
word tests and conversations, none of them the sets' phrasings.

Routing: a matter named by its name beside a neighbour's keyword far below it; a feud told as two
people not speaking (no faint); 儿 alone as the son in a support dispute; the meeting where the village's
matters are told; 嘞 as 的; what this account can do, with 给俺说说 after it. Guide parts: an age with
还来得及 (who), a card's end with its renewal (not a late application), 弄/走啥手续 (steps), another
person doing it (who), 补一个 (a fee). Conversations: the benefits check filled from the first message,
a suggestion without the meeting, a topic's condition, a volunteer's empty list, a wish to go asked
with a question, staff news under way, a claim with a roll-call 到, a township with a wish to register.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from handlers.benefits import asks_what_applies, told_at_start
from handlers.guide_parts import asked_part, condition_held
from tests.kit.conversations import assert_passes, own_conversations

ROWS = [
    ("宅基地批了 俺想把老房子推了重盖 咋弄", "guide", "homestead"),
    ("俺闺女不管俺 连养老钱也不给", "mediation", None),
    ("俺儿俩月没给俺生活费了", "mediation", None),
    ("村里年底开的那个讲村里账的会 在哪开", "affairs", None),
    ("俺是王庄嘞", "bind", None),
    ("恁们都能帮着干点啥 给俺说说", "menu", None),
    ("他俩为浇地的事吵翻了 两人都不说话了", "mediation", None),
]


@pytest.mark.parametrize("text, intent, guide", ROWS, ids=[r[0] for r in ROWS])
def test_set21_to_24_causes_route_in_our_words(text, intent, guide):
    route = route_text(text)
    assert route.intent == intent and not route.ambiguous
    if guide is not None:
        assert route.guide == guide


@pytest.mark.parametrize("text, part", [
    ("俺娘都六十二了 现在参保晚不晚", "who"),
    ("俺五十九了 还赶趟不", "who"),
    ("社保卡到期了 换个新的得咋办", None),
    ("户口本过期了 得换个新的不", None),
    ("得走哪些手续", "steps"),
    ("跑啥手续", "steps"),
    ("要带啥手续", "materials"),
    ("俺闺女替俺去领行不", "who"),
    ("她大伯去办中不", "who"),
    ("丢了再补张卡多少钱", "cost"),
    ("一个月补多少钱", None),
])
def test_guide_parts_in_our_words(text, part):
    assert asked_part(text, followup=True) in ((part,) if part else (None, "steps"))


@pytest.mark.parametrize("text, held", [
    ("俺娘办的低保 她走了以后还能领丧葬费不", True),
    ("俺爹交过医保 住院的钱能报不", True),
    ("低保咋办", False),
])
def test_another_matter_held_is_a_condition(text, held):
    assert (condition_held(text) is not None) is held


@pytest.mark.parametrize("text", ["俺七十了 老头子走了 一个人住 没啥收入 上面能帮衬俺点啥不", "国家能照顾俺点啥不"])
def test_help_for_oneself_is_the_benefits_check(text):
    assert asks_what_applies(text)


def test_the_check_keeps_what_the_first_message_told():
    told = told_at_start("俺七十了 老头子走了 一个人住 没啥收入 上面能帮衬俺点啥不")
    assert told == {"ages": [70], "alone": True, "low_income": True}
    assert told_at_start("俺家能领啥") == {}


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s20.jsonl"), ids=lambda s: s["id"])
def test_lead_s20_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
