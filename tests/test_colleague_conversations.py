"""Conversations written blind by a colleague from CONTRACT.md, DOMAIN.md and the guides alone,
never from the bot's code (session 13's set 1, tests/data/converse-colleague-1.jsonl): 19 of 40
passed on a968a12 and 25 after the first round of fixes, unseen; the second round used it as a
dev set. It now guards against regressions."""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-colleague-1.jsonl"), ids=lambda s: s["id"])
def test_colleague_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
