"""Conversations of our own for the causes a colleague's set 6 showed (session 15), each in other
words than the set's: a phone number sent after a question asked in the middle of an errand, "nothing
more" at a form's summary, more words about a need where its phone was asked (kept, then filed as it
stands or without a phone), a card that ran out, and a family word that leads away from the topic;
and the danger shapes of the set (a cry in fragments, farm tools in a fight, a hanging line nobody
dares pass) with their look-alikes (a partner not yet found, an injury as the reason for an errand,
a stove lit, a broken clothes line or network cable)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.forms import says_that_is_all
from bot.safety.detect import detect
from handlers.guide_parts import asked_part
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s15.jsonl"), ids=lambda s: s["id"])
def test_lead_s15_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, part", [
    ("身份证到期了怎么换", None),        # the card ran out: the matter itself
    ("社保卡快过期了去哪换", "where"),
    ("过期了还能补办吗", "time"),        # late: the time limit
    ("错过日子了还来得及不", "time"),
])
def test_a_card_that_ran_out_is_no_late_application(text, part):
    assert asked_part(text) == part


@pytest.mark.parametrize("text, all_said", [
    ("没了 就这些", True), ("没别的了", True), ("就这么多吧", True), ("说完了", True),
    ("没有", False), ("没手机", False), ("就这些钱够不够", False),
])
def test_nothing_more_to_say(text, all_said):
    assert says_that_is_all(text) is all_said


_DANGER_SHAPES = [json.loads(line) for line in
                  (Path(__file__).parent / "data" / "safety-lead-s15.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", _DANGER_SHAPES, ids=lambda r: r["text"])
def test_danger_shapes_and_their_look_alikes(row):
    assert (detect(row["text"]) is not None) == (row["intent"] == "safety")


@pytest.mark.parametrize("text, intent, guide", [
    # set 6's routing causes, in other words
    ("俺是五保户 住的老屋子不能住了 能给修不", "guide", "dilapidated-housing"),  # who one is: background
    ("五保户咋申请", "guide", "extreme-poverty-support"),                      # who one is, nothing else
    ("年年都得认证 俺娘不会弄", "guide", "pension-insurance"),                  # the yearly certification
    ("高龄津贴要每年认证吗", "guide", "elderly-allowance"),                     # a matter named still wins
    ("俺是低保户 旧屋子好些年了 想让政府给加固加固", "guide", "dilapidated-housing"),  # an old house renovated
    ("旧屋子想翻盖 咋批", "guide", "homestead"),                                # rebuilt: the homestead
])
def test_first_messages_route(text, intent, guide):
    from bot.nlu import route_text

    route = route_text(text)
    assert (route.intent, route.guide) == (intent, guide)


def test_a_suggestion_for_the_deliberation_day_is_village_affairs():
    from bot.nlu import route_text

    assert route_text("议事日俺也想提个建议 村里该装路灯了").intent == "affairs"
