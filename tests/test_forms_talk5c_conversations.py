"""Form conversations written fresh by helper talk5c before reading the handlers (errand,
mediation booking, need report, volunteer sign-up): everything in the first message, answers out
of order, no phone (上门联系), a question or small talk in the middle, a form idle for most of a
day, many ways of saying yes, corrections (不对，电话是… / 时间改成…), and a booking moved or
cancelled in words (改到周四下午吧 / 往后挪两天 / 不约了).

Batch 1 (converse-forms-talk5c-1.jsonl) passed 13 of 27 at first sight. Four expectations were
corrected afterwards where they asked more than the spec: the mediator's push naming the phone,
the whistle of a need that is not urgent (sent on the schedule), a form answered 26 hours later
(a form is kept a day; now 23 hours), and small talk in a need naming the story rather than the
form it offers back. One more was widened after the fixes: a day answered to "想改到哪天？" lists
that day's times (as the blind form set wants), so a number moves the booking.
Batch 2 (converse-forms-talk5c-2.jsonl), written after those fixes, passed 18 of 22 at first
sight (推到下礼拜三 started a new booking; 挺急的 in an errand's first message did not answer its
time; 不常在家 read as "any time" registered a volunteer; one expectation wanted the words 急不急
absent from a summary that labels the urgency so, narrowed to the question 这事急不急).
Batch 3 (converse-forms-talk5c-3.jsonl), ten more after those fixes, passed 8 of 10 at first sight
(改成第二天下午 read 第二天 from today and moved the booking to the wrong day; 俺没手机 in a need's
first message still asked for a phone).
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

FILES = ("converse-forms-talk5c-1.jsonl", "converse-forms-talk5c-2.jsonl", "converse-forms-talk5c-3.jsonl")
SPECS = [spec for name in FILES for spec in own_conversations(name)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_talk5c_form_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
