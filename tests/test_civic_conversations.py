"""Issue 18's conversations (tests/data/converse-civic.jsonl) pass, in fresh worlds.

A village matter asked about before and after its 决议公开 (pushed to the village), two close
matters to choose from, a suggestion answered by a cadre, an errand for a confirmed mother (代亲属办),
the benefits check kept with consent (政策找人)
(CONTRACT.md's format; `run` steps use `flask matter`, `flask suggestion` and `flask family`).
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-civic.jsonl"), ids=lambda s: s["id"])
def test_civic_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
