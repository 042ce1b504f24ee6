"""政策找人 ("俺能领啥"): five questions, the guides that may apply with reason and next step (rules
as data, knowledge/benefits.yaml, checked by `kb check`), kept for the area only with consent, and
the 政策找人 board in scope. World: tests/admin_world.py (A 代村, B 东关, C 向城)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot import benefits
from bot.config import knowledge_path
from bot.guides import GUIDE_IDS
from bot.models import BenefitCheck, User
from knowledge.bot_files import check_benefits
from tests.kit.admin import login
from tests.kit.admin_world import build_world
from tests.kit.chat import converse


def _rules():
    return benefits.read_rules(knowledge_path(benefits.RULES_FILE), set(GUIDE_IDS))


def test_the_rules_match_households_by_their_conditions():
    found = benefits.matches(_rules(), benefits.Answers(ages=[82, 55], alone=True, farmland=True))
    assert [r.guide for r in found] == ["elderly-allowance", "pension-insurance", "farmland-subsidy"]
    poor = benefits.matches(_rules(), benefits.Answers(ages=[66], alone=True, low_income=True, death=True))
    assert {"dibao", "extreme-poverty-support", "temporary-assistance", "funeral-subsidy"} <= {r.guide for r in poor}
    assert benefits.matches(_rules(), benefits.Answers(ages=[35, 33])) == []


def test_kb_check_names_the_file_and_field_of_a_bad_rule(tmp_path: Path):
    (tmp_path / "benefits.yaml").write_text("rules:\n  - guide: no-such-guide\n    when: {age_at_least: 80}\n"
                                            "    reason: 理由\n", encoding="utf-8")
    errors: list[str] = []
    check_benefits(tmp_path, set(GUIDE_IDS), errors)
    assert errors == ["benefits.yaml: rules[0].guide: unknown guide 'no-such-guide'"]
    (tmp_path / "benefits.yaml").write_text("rules:\n  - guide: dibao\n    when: {rich: true}\n    reason: 理由\n",
                                            encoding="utf-8")
    errors = []
    check_benefits(tmp_path, set(GUIDE_IDS), errors)
    assert errors and "rules[0].when.rich" in errors[0]


@pytest.fixture
def world(db):
    return build_world(db)


def _check(app, openid: str, answers: list[str]) -> list:
    replies = [converse(app, openid, "俺能领啥")]
    replies += [converse(app, openid, text) for text in answers]
    return replies


def test_five_questions_then_the_benefits_with_reasons_and_kept_only_with_consent(app, db, world):
    replies = _check(app, "v-A", ["82 78 50", "2", "1", "3", "1"])
    assert [r.action for r in replies] == ["benefits.ask"] * 5 + ["benefits.show"]
    shown = replies[-1].text + "".join(replies[-1].followups)
    assert "高龄津贴：家里有80周岁以上的老人" in shown and "请党员代办高龄津贴" in shown
    assert "耕地地力保护补贴" in shown and "低保" not in shown and "留给片区" in shown
    with db.session() as s:
        assert s.scalars(select(BenefitCheck)).all() == []  # nothing kept before consent
    assert "已经留给片区" in converse(app, "v-A", "1").text
    _check(app, "v-B", ["45", "2", "2", "2", "4"])  # nothing found: nothing to keep, not asked
    _check(app, "v-C", ["81", "1", "2", "2", "4"])
    assert "没有保存" in converse(app, "v-C", "2").text
    with db.session() as s:
        kept = s.scalars(select(BenefitCheck)).one()
        owner = s.get(User, kept.user_id)
        assert owner.openid == "v-A" and kept.answers["ages"] == [82, 78, 50]
        assert kept.guides == ["elderly-allowance", "pension-insurance", "farmland-subsidy"]


def test_the_board_lists_kept_checks_in_scope(app, db, world):
    _check(app, "v-A", ["85", "1", "1", "1", "4"])
    converse(app, "v-A", "1")
    mine = app.test_client()
    login(mine, "area_a")
    page = mine.get("/admin/benefits").get_data(as_text=True)
    assert "村民A甲" in page and "高龄津贴" in page and "残疾" in page
    other = app.test_client()
    login(other, "county1")
    assert "村民A甲" in other.get("/admin/benefits").get_data(as_text=True)
    from tests.kit.admin import add_account
    add_account(db, "area_b", "area", area_code="bz-dongguan")
    outside = app.test_client()
    login(outside, "area_b")
    assert "村民A甲" not in outside.get("/admin/benefits").get_data(as_text=True)


def test_a_check_for_a_confirmed_relative_is_kept_for_her_village_and_named_on_its_board(app, db, world):
    """代亲属办: "帮俺娘看看能领啥" asks about her household; kept, it is her village's and area's."""
    from bot import family
    from bot.models import FamilyMember, Village
    assert "还没添加母亲" in converse(app, "v-A", "帮俺娘看看能领啥").text
    with db.session() as s:
        villager = s.scalar(select(User).where(User.openid == "v-A"))
        elsewhere = s.get(Village, s.scalar(select(User).where(User.openid == "v-B")).village_id)
        mother = family.add_member(s, villager, "王桂兰", "母亲", elsewhere)
        mother_id, her_village, her_area = mother.id, elsewhere.id, elsewhere.area_id
    assert "等片区工作人员确认" in converse(app, "v-A", "俺娘能领啥补贴").text
    with db.session() as s:
        family.confirm_member(s, s.get(FamilyMember, mother_id), "area_b")
    first = converse(app, "v-A", "帮俺娘看看能领啥")
    assert first.action == "benefits.ask" and "母亲王桂兰" in first.text and "王桂兰家" in first.text
    replies = [converse(app, "v-A", text) for text in ["84", "2", "1", "2", "4"]]
    assert replies[-1].action == "benefits.show" and "高龄津贴" in replies[-1].text
    kept = converse(app, "v-A", "1")
    assert "母亲王桂兰" in kept.text and "留给" in kept.text
    with db.session() as s:
        check = s.scalars(select(BenefitCheck)).one()
        assert (check.for_family_id, check.village_id, check.area_id) == (mother_id, her_village, her_area)
        assert s.get(User, check.user_id).openid == "v-A" and check.answers["ages"] == [84]
    from tests.kit.admin import add_account
    add_account(db, "area_b", "area", area_code="bz-dongguan")
    hers = app.test_client()
    login(hers, "area_b")
    page = hers.get("/admin/benefits").get_data(as_text=True)
    assert "母亲王桂兰" in page and "由村民A甲代问" in page and "高龄津贴" in page
    mine = app.test_client()
    login(mine, "area_a")
    assert "王桂兰" not in mine.get("/admin/benefits").get_data(as_text=True)
