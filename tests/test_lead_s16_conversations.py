"""Conversations of our own for the causes a colleague's set 8 showed (session 16), each in other
words than the set's: the kind of person asked (哪类人才给发) is who qualifies, a deadline asked in
words (规定多少天以内) is the time limit, and a guessed village is put as numbered choices
(clarify.ask); enrolling a relative in medical insurance and its yearly price are enrolment.
And two fresh batches of our own on the smaller capabilities (canteens, affairs, themes, the
benefits check, acting for a relative, the list of matters, small talk), measured at first
sight (19/22, then 9/15 for the second) before their causes were fixed: which benefits apply asked
in any order of words, the list of matters asked by 明白纸, a relative added or acted for in plain
words, a short question after a canteen's card, more ways to say goodbye.
Then set 9's causes, also in other words: a stop with its reason told after it (不用了 孙子陪俺去)
and not when a request follows; a booking moved by a new day after one's records were shown; a
dispute told as someone not owning up (死不认账); a monthly push refused by its name (活动汇总) or
taken back (还是推给俺吧); when a health talk is; the danger shapes 犯了心梗, a rope hung up, "when
I am gone they will be at ease", and a house that "can't hold up" (no alarm)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.nlu import route_text
from bot.push_wishes import read_wish
from bot.safety.detect import detect
from handlers.benefits import asks_what_applies
from handlers.guide_parts import asked_part
from handlers.smalltalk import smalltalk_kinds
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


@pytest.mark.parametrize("text, asks", [
    ("俺家都能享受啥补贴", True),
    ("查查俺够得上哪些政策", True),
    ("国家有啥补助俺能拿不", True),
    ("像俺这样的老婆子有啥福利能领", True),
    ("帮俺娘看看能领啥补贴", False),      # a relative's check: its own command
    ("补贴咋领", False),                  # no "which": the family of matters asks which one
    ("低保一个月给多少钱", False),
])
def test_which_benefits_apply_is_read_as_a_bag_of_signs(text, asks):
    assert asks_what_applies(text) is asks


@pytest.mark.parametrize("text", ["中 那俺先忙了", "好 俺下地去了", "行 干活去了"])
def test_leaving_for_work_is_a_goodbye(text):
    assert smalltalk_kinds(text) >= {"bye"}


# Set 8's danger causes in our own words: 喘不过气 after a choke is no "experience" (过), an intruder
# told with nobody else at home, a knife in the hand of robbers; a theft 上个礼拜 is past.
_SAFETY_ROWS = [json.loads(line) for line in
                (Path(__file__).parent / "data" / "safety-lead-s16.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", _SAFETY_ROWS, ids=lambda r: r["text"])
def test_set8_danger_causes_in_our_words(row):
    assert (detect(row["text"]) is not None) == (row["intent"] == "safety")


@pytest.mark.parametrize("text, change, kinds", [
    ("每个月的活动汇总不要了", "stop", ("theme",)),
    ("还是给俺推吧 俺想看看", "start", ()),
    ("发给我看看", None, None),             # asks to be shown, changes nothing
])
def test_push_wishes_by_name_and_taken_back(text, change, kinds):
    wish = read_wish(text)
    assert (wish.change, wish.kinds) == (change, kinds) if change else wish is None
