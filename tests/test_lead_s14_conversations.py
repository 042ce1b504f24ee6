"""Conversations of our own for the causes a colleague's set 3 showed (session 14), each in other
words than the set's: an age put against the rules (还能交不), a family word that the rest of the
words narrow to another matter than the topic, a part asked in traditional characters, a phone
number sent after signing up as a volunteer, a volunteer asking what there is to join, a question
about another service inside the need form, a party member asking for today's work, and a paper
named beside another matter."""
from __future__ import annotations

import pytest

from handlers.guide_parts import asked_part
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s14.jsonl"), ids=lambda s: s["id"])
def test_lead_s14_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, part", [
    ("能办下来吗", "time"),
    ("多久能批下来", "time"),
    ("证办下来能领补贴不", None),     # a condition told, then another question
    ("俺爹七十了还能办不", "who"),
    ("低保電話多少", "phone"),
])
def test_parts_asked(text, part):
    assert asked_part(text) == part


@pytest.mark.parametrize("text, intent, guide", [
    # the causes of set 3's and set 5's routing misses, in other words
    ("地补今年发了没", "guide", "farmland-subsidy"),
    ("你们都能给俺干点啥", "menu", None),
    ("行了别问了", "cancel", None),
    ("每月发的那些活动消息别推了", "theme", None),
    ("俺是调解员 想登记一下调解员", "bind", None),
    ("俺家的羊不吃草了 还拉稀", "need", None),
    ("俺跟他家吵过一架 到现在见面不说话", "mediation", None),
    ("土坯老屋快不能住了 能给改造不", "guide", "dilapidated-housing"),
    ("俺都报过哪些活动", "status", None),
    ("敬老院缺人帮忙不 俺会理发", "volunteer", None),
])
def test_first_messages_route(text, intent, guide):
    from bot.nlu import route_text

    route = route_text(text)
    assert (route.intent, route.guide) == (intent, guide)
