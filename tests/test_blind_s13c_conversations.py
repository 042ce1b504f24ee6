"""Session 13's blind conversations of danger in conversation, pushes stopped and restarted in
words, needs told in words and elderly use (tests/data/converse-blind-s13c*.jsonl) pass."""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

SPECS = own_conversations("converse-blind-s13c.jsonl") + own_conversations("converse-blind-s13c2.jsonl")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_blind_s13c_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
