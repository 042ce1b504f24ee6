"""Conversations written blind by a colleague from CONTRACT.md, DOMAIN.md and the guides alone,
never from the bot's code (session 13's set 1, tests/data/converse-colleague-1.jsonl): 19 of 40
passed on a968a12 and 25 after the first round of fixes, unseen; the second round used it as a
dev set. It now guards against regressions. Set 2 (tests/data/colleague-blind-2/) was measured
once unseen (27 of 40), then used as a dev set by the last round of session 13. Set 4
(tests/data/converse-colleague-4.jsonl) passed 39-40 of 50 on 0af5d09 and was the dev set of helper
talk4d (causes fixed in tests/test_talk4d_conversations.py). Sets 3 and 5 (tests/data/colleague-blind-3/,
colleague-blind-5/, first-sight figures in their READMEs) were measured unseen at the end of session 14,
then used as dev sets; so were session 15's sets 6 and 7 (colleague-blind-6/, colleague-blind-7/) and
session 16's sets 8 and 9 (colleague-blind-8/, colleague-blind-9/) and session 17's sets 10 to 13
(colleague-blind-10/ … -13/; 12 and 13 are the loops that start with a push). Set 43 (colleague-blind-43/: voice-typed
elderly, relatives acting for parents, minds changed mid-form) was measured unseen on 7331e0e (34 of 45), then used
as helper talk43's dev set (causes in tests/test_talk43_causes.py); set 44 (colleague-blind-44/, the staff
side and replies to pushes) passed 31 of 45 unseen on 7331e0e, then was helper push44's. The conversations
left open are named in KNOWN_OPEN, with the reason in their set's README."""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations


# Left open on purpose, with the reason in the set's README.
KNOWN_OPEN = {"b6-safety-lookalike-past-fire", "b8-bind-typo",
              "b12-need-wages-done-rate", "b12-hum-reply-goes-to-latest",
              "b24-guide-family-planning", "b24-errand-unhappy-rating", "b22-vol-own-list",
              "b25-smalltalk-thanks", "b32-affairs-optout-holds-b", "b26-guide-old-names",
              "b42-guide-homestead-typo-switch-housing"}


def _conversations() -> list:
    specs = [(name, spec) for name in ("converse-colleague-1.jsonl", "colleague-blind-2/conversations-blind2.jsonl",
                                           "converse-colleague-4.jsonl", "colleague-blind-3/conversations-blind3.jsonl",
                                           "colleague-blind-5/conversations-blind5.jsonl",
                                           "colleague-blind-6/conversations-blind6.jsonl",
                                           "colleague-blind-7/conversations-blind7.jsonl",
                                           "colleague-blind-8/conversations-blind8.jsonl",
                                           "colleague-blind-9/conversations-blind9.jsonl",
                                           "colleague-blind-10/conversations-blind10.jsonl",
                                           "colleague-blind-11/conversations-blind11.jsonl",
                                           "colleague-blind-12/conversations-blind12.jsonl",
                                           "colleague-blind-13/conversations-blind13.jsonl",
                                           "colleague-blind-14/conversations-blind14.jsonl",
                                           "colleague-blind-15/conversations-blind15.jsonl",
                                           "colleague-blind-16/conversations-blind16.jsonl",
                                           "colleague-blind-18/conversations-blind18.jsonl",
                                           "colleague-blind-19/conversations-blind19.jsonl",
                                           "colleague-blind-21/conversations-blind21.jsonl",
                                           "colleague-blind-22/conversations-blind22.jsonl",
                                           "colleague-blind-24/conversations-blind24.jsonl",
                                           "colleague-blind-25/conversations-blind25.jsonl",
                                           "colleague-blind-29/conversations-blind29.jsonl",
                                           "colleague-blind-30/conversations-blind30.jsonl",
                                           "colleague-blind-32/conversations-blind32.jsonl",
                                           "colleague-blind-34/conversations-blind34.jsonl",
                                           "colleague-blind-26/conversations-blind26.jsonl",
                                           "colleague-blind-31/conversations-blind31.jsonl",
                                           "colleague-blind-42/conversations-blind42.jsonl",
                                           "colleague-blind-36/conversations-blind36.jsonl",
                                           "colleague-blind-37/conversations-blind37.jsonl",
                                           "colleague-blind-43/conversations-blind43.jsonl",
                                           "colleague-blind-44/conversations-blind44.jsonl",
                                           "colleague-blind-47/conversations-blind47.jsonl")
             for spec in own_conversations(name)]
    return [pytest.param(spec, id=f"{name.split('/')[0]}:{spec['id']}",
                         marks=[pytest.mark.xfail(strict=True, reason="left open, see KNOWN_OPEN")]
                         if spec["id"] in KNOWN_OPEN else []) for name, spec in specs]


@pytest.mark.parametrize("spec", _conversations())
def test_colleague_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
