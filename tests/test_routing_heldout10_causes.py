"""Causes found by routing-heldout-10a/10b (issue 13, first messages), fixed in general.

Every wording here is new (none from a held-out or eval file); look-alikes must stay put.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from bot.safety.detect import detect


def routed(text: str) -> tuple[str, str | None]:
    result = route_text(text)
    return result.intent, result.guide


# --- a deal broken: agreed on a sum, then paid less ------------------------------------------

@pytest.mark.parametrize("text", [
    "讲好的一天一百五 干完了他才给一百",
    "当初谈好一亩地六百 收租的时候他就给四百",
    "承包我果园的那家说定了三千 到手只给两千",
])
def test_paid_less_than_agreed_is_a_dispute(text):
    assert routed(text)[0] == "mediation"


# --- told the neighbour, nothing changed ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "隔壁的鸭子天天跑俺院里拉屎 说了也不管",
    "后院那家的空调外机冲着俺窗户吹 说了好几回",
])
def test_told_them_and_nothing_changed_is_a_dispute(text):
    assert routed(text)[0] == "mediation"


# --- one's own house damaged, will the state repair it: 危房改造 ------------------------------

@pytest.mark.parametrize("text", [
    "俺家屋顶塌了个角 国家给不给修",
    "房子后墙裂开一道缝 政府管不管修",
    "房子评成D级了 给补多少",
])
def test_own_house_damaged_and_the_state_repairing_it_is_dilapidated_housing(text):
    assert routed(text) == ("guide", "dilapidated-housing")


def test_a_public_leak_stays_a_report():
    assert routed("村口的自来水管子漏水好几天了")[0] == "need"


# --- more after reimbursement for a hardship household: 医疗救助 -----------------------------

@pytest.mark.parametrize("text", ["五保户做手术花了两万 还能再给报一些不", "残疾人住院报过了 还能再报一点吗"])
def test_more_after_reimbursement_is_medical_assistance(text):
    assert routed(text) == ("guide", "medical-assistance")


def test_plain_reimbursement_stays():
    assert routed("住院的钱回来咋报销") == ("guide", "medical-reimbursement")


# --- a shared word and a how-to word only: ask which matter ------------------------------------

@pytest.mark.parametrize("text", ["俺家房子咋弄", "房子的事咋办"])
def test_a_shared_word_with_a_how_to_word_asks_which_matter(text):
    route = route_text(text)
    assert (route.intent, route.guide, route.ambiguous) == ("guide", None, True)
    assert {c.guide for c in route.candidates} == {"dilapidated-housing", "homestead"}


def test_two_matters_told_with_more_than_the_shared_word_keep_a_guide():
    route = route_text("医保断了两年 这回住院能报不")
    assert route.guide in ("medical-insurance-enrollment", "medical-reimbursement")


# --- the bus changed its timetable: no fire ----------------------------------------------------

@pytest.mark.parametrize("text", ["进城的班车又改点了", "公交老是晚点 等半天"])
def test_a_bus_timetable_is_no_fire(text):
    assert detect(text) is None
    assert routed(text)[0] == "need"


def test_a_car_on_fire_still_alarms():
    assert detect("俺家的车点着了 快来人") is not None
