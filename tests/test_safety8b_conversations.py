"""Violence, crime now, the missing and despair told in the middle of a form (a mediation, an errand,
a need) alarm at once with the number first (110; 12356, and 110/120 when the danger is now: on a
roof, poison bought for oneself, a cut wrist); look-alikes told there (a past fight, a child back
home, pension plans, a pig-killing knife) do not (tests/data/converse-safety8b-1.jsonl, helper safety8b)."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect
from tests.kit.conversations import assert_passes, own_conversations

SPECS = own_conversations("converse-safety8b-1.jsonl")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_danger_of_safety8b_kinds_in_the_middle_of_a_form(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", [
    "俺买了一瓶敌敌畏 是给俺自己的",  # the means at hand
    "俺站在房顶上 谁也别拦俺",
    "存折在柜子里 以后恁照顾好恁爹",  # a farewell
    "我拿刀片把手腕子划了",  # a cut wrist: oneself, not a fight
])
def test_despair_now_names_110_or_120_as_well(text):
    danger = detect(text)
    assert danger is not None and danger.kind.id == "despair" and danger.danger_now, (text, danger)
