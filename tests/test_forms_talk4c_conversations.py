"""Form conversations written fresh by helper talk4c before reading the handlers (errand,
mediation booking, volunteer registration, need report, registering one's village), filled as
elderly villagers do: everything in the first message, answers out of order, loose and lunar
dates, no phone or a son's phone, corrections, many ways of saying yes, a question or a danger
in the middle, resuming after hours.

Batch 1 (converse-forms-talk4c-1.jsonl) passed 11 of 28 at first sight; a few expectations were
corrected afterwards where they assumed a flow the spec does not ask for (a masked phone in the
offer, the scheduled whistle of a need that is not urgent, a mistyped 12-digit number).
Batch 2 (converse-forms-talk4c-2.jsonl), written after the first fixes, passed 12 of 17 at first
sight; three expectations were widened where the bot did what the spec allows (a village typo
confirmed before it is stored, 行 at the free times books, the other party asked when the story
names none).
Batch 3 (converse-forms-talk4c-3.jsonl), written after the second fixes, passed 13 of 15 at first
sight, unchanged since.
Batch 4 (converse-forms-talk4c-4.jsonl) passed 8 of 10 at first sight (a village not found is
answered with the close names, a clarify, where a question was expected).
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

FILES = ("converse-forms-talk4c-1.jsonl", "converse-forms-talk4c-2.jsonl", "converse-forms-talk4c-3.jsonl",
         "converse-forms-talk4c-4.jsonl")
SPECS = [spec for name in FILES for spec in own_conversations(name)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_talk4c_form_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
