"""Issue 13's blind batches s13b, s13b2, s13b3, s13b4 (tests/data/converse-blind-s13b*.jsonl): each batch
written before its round of fixes (the first before the conversation code was read): guide parts and follow-ups in many wordings, replies to pushes
in words, staff help and "my work", ratings in words, small talk and the relay."""
from __future__ import annotations

import pytest

from tests.kit.conversations import DATA, assert_passes, own_conversations

# A bare greeting gets the menu with a 您好 (the shared routing dev set labels 你好 as the menu), so
# b-smalltalk-newcomer-hello accepts menu.show as well as a short line.
KNOWN_OPEN: set[str] = set()


def _batches() -> list:
    specs = [spec for path in sorted(DATA.glob("converse-blind-s13b*.jsonl")) for spec in own_conversations(path.name)]
    return [pytest.param(spec, id=spec["id"],
                         marks=[pytest.mark.xfail(strict=True, reason="left open, see KNOWN_OPEN")]
                         if spec["id"] in KNOWN_OPEN else []) for spec in specs]


@pytest.mark.parametrize("spec", _batches())
def test_blind_s13b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
