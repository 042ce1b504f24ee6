"""Issue 13's form conversations written blind (tests/data/converse-blind-s13a*.jsonl) pass, in fresh worlds.

Forms filled by meaning (a phone while the time is asked, everything in the first message),
interruptions and idle forms offered back, cancel and move in words of one's own booking,
errand or sign-up, registration that carries on; written before the code was read.
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

BLIND = (own_conversations("converse-blind-s13a.jsonl") + own_conversations("converse-blind-s13a2.jsonl")
         + own_conversations("converse-blind-s13a3.jsonl"))


@pytest.mark.parametrize("spec", BLIND, ids=lambda s: s["id"])
def test_blind_form_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
