"""Issue 13's conversations of context (tests/data/converse-context.jsonl) pass, in fresh worlds.

Replies to pushes, guide parts and follow-ups, small talk, registration that carries on,
per-role help and "my work", each told as a whole conversation (CONTRACT.md's format).
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-context.jsonl"), ids=lambda s: s["id"])
def test_context_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
