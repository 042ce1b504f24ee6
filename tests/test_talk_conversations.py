"""Issue 13's remaining conversations (tests/data/converse-talk.jsonl) pass, in fresh worlds.

Ratings in words for errands (不满意 reopens it for the same member, who is told; the next
rating counts again) and mediations (不满意 is flagged to the area's secretary and the mediator);
stopping village-affairs pushes in free words as a first message; a location outside any form
shows the nearest canteen, inside a need form it is the problem's place.
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-talk.jsonl"), ids=lambda s: s["id"])
def test_talk_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
