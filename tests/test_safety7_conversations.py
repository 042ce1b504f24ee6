"""A danger told in the middle of a form (an errand, a mediation, a need) alarms at once, also at the
form's third step; a look-alike told there does not (session 16, helper safety7,
tests/data/converse-safety7-1.jsonl: written after the fixes of safety-own-28/29/30, 14 of 14)."""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

SPECS = own_conversations("converse-safety7-1.jsonl")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_danger_in_the_middle_of_a_form_alarms(worlds, spec):
    assert_passes(worlds, spec)
