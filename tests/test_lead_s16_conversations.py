"""Conversations of our own for the causes a colleague's set 8 showed (session 16), each in other
words than the set's: the kind of person asked (哪类人才给发) is who qualifies, a deadline asked in
words (规定多少天以内) is the time limit, and a guessed village is put as numbered choices
(clarify.ask); enrolling a relative in medical insurance and its yearly price are enrolment."""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from handlers.guide_parts import asked_part
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s16.jsonl"), ids=lambda s: s["id"])
def test_lead_s16_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, part", [
    ("啥样的人才能领", "who"),
    ("哪种家庭才给补", "who"),
    ("什么样的孩子可以办", "who"),
    ("有没有时间要求", "time"),
    ("限制的时间是多久", "time"),
    ("几个月之内得去办", "time"),
    ("这是什么", None),
    ("你们啥时候上班", None),
])
def test_asked_part_kind_of_person_and_deadline(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("text, guide", [
    ("新农合明年每人交多少钱", "medical-insurance-enrollment"),
    ("闺女刚生了娃 合作医疗咋给娃入上", "medical-insurance-enrollment"),
    ("合作医疗住院一个人能报多少钱", "medical-reimbursement"),
])
def test_medical_insurance_price_and_adding_someone_is_enrolment(text, guide):
    assert route_text(text).guide == guide
