"""四议两公开: a village's major matter through its six steps in order, the two 公开 pushed to that
village only, corrections audited, the admin board's scope, the public page (nothing unpublished,
nothing of another village) and the villager's question in chat.

World (tests/admin_world.py): areas A (代村), B (东关) of 卞庄街道 and C (向城) of 兰陵镇, each village
with a villager v-<key> and a member m-<key>; accounts county1, t1 (卞庄街道), area_a; area_b added here.
"""
from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from bot import matters
from bot.models import AuditEntry, Base, Matter, MatterStep, Village
from bot.outbox import mass
from tests.kit.admin import add_account, login, post
from tests.kit.admin_world import build_world
from tests.kit.chat import chat

DAYS = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30),
        date(2026, 12, 6)]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(db):
    world = build_world(db)
    add_account(db, "area_b", "area", area_code="bz-dongguan")
    return world


def _village(db, name: str) -> Village:
    with db.session() as s:
        village = s.scalar(select(Village).where(Village.name == name))
        s.expunge(village)
        return village


def _matter(db, village_name: str, title: str, keywords: str = "", steps: int = 0) -> int:
    with db.session() as s:
        village = s.scalar(select(Village).where(Village.name == village_name))
        matter = matters.create_matter(s, village, title, keywords, by="test")
        for n in range(1, steps + 1):
            matters.enter_step(s, matter, n, DAYS[n - 1], f"第{n}步的说明：{title}")
        return matter.id


def _pushed(db, matter_id: int, number: int) -> list[str]:
    with db.session() as s:
        return sorted(mass.receivers(s, f"matter:{matter_id}:step:{number}"))


def test_steps_go_in_order_without_a_gap_and_the_two_public_ones_reach_the_village(db, world):
    matter_id = _matter(db, "代村", "村内主街硬化", "修路 水泥路")
    with db.session() as s:
        matter = s.get(Matter, matter_id)
        with pytest.raises(matters.MattersError, match="不能跳过"):
            matters.enter_step(s, matter, 2, DAYS[1], "两委商议")
        matters.enter_step(s, matter, 1, DAYS[1], "支部提议")
        with pytest.raises(matters.MattersError, match="不能早于上一步"):
            matters.enter_step(s, matter, 2, DAYS[0], "两委商议")
        with pytest.raises(matters.MattersError, match="不能晚于今天"):
            matters.enter_step(s, matter, 2, date(2026, 12, 8), "两委商议")
        with pytest.raises(matters.MattersError, match="不能跳过"):
            matters.enter_step(s, matter, 1, DAYS[1], "again")
        for n in (2, 3, 4):
            assert matters.enter_step(s, matter, n, DAYS[n - 1], f"step {n}").pushed == 0
        entered = matters.enter_step(s, matter, 5, DAYS[4], "决议：硬化主街1.2公里，村集体出资三成")
        assert entered.pushed == 2
    assert _pushed(db, matter_id, 5) == ["m-A", "v-A"]  # 代村's followers only, not 东关's or 向城's
    assert _pushed(db, matter_id, 4) == []
    with db.session() as s:
        matter = s.get(Matter, matter_id)
        matters.enter_step(s, matter, 6, DAYS[5], "已完工，验收合格")
        with pytest.raises(matters.MattersError, match="六个步骤都已录入"):
            matters.enter_step(s, matter, 7, DAYS[5], "more")
    assert _pushed(db, matter_id, 6) == ["m-A", "v-A"]


def test_a_public_step_over_the_monthly_mass_budget_is_refused_and_not_entered(db, world):
    first, matter_id = _matter(db, "代村", "建设文化广场", steps=4), _matter(db, "代村", "村内主街硬化", steps=4)
    with db.session() as s:
        assert matters.enter_step(s, s.get(Matter, first), 5, DAYS[4], "决议", per_month=1).pushed == 2
    with db.session() as s:
        with pytest.raises(matters.MattersError, match="暂时不能公开"):
            matters.enter_step(s, s.get(Matter, matter_id), 5, DAYS[4], "决议", per_month=1)
        s.rollback()
    with db.session() as s:
        assert s.get(Matter, matter_id).reached == 4


def test_the_public_page_shows_public_matters_of_its_village_only(client, db, world):
    _matter(db, "代村", "村内主街硬化", steps=5)
    hidden = _matter(db, "代村", "建设文化广场", steps=3)
    other = _matter(db, "东关", "东关修桥", steps=6)
    daicun = _village(db, "代村")
    page = client.get(f"/p/village/{daicun.id}/matters").get_data(as_text=True)
    assert "村内主街硬化" in page and "第5步的说明：村内主街硬化" in page and "第1步的说明：村内主街硬化" in page
    assert "建设文化广场" not in page and "第1步的说明：建设文化广场" not in page   # not yet 决议公开
    assert "东关修桥" not in page                                                # another village
    assert "下一步：实施结果公开" in page
    dongguan = _village(db, "东关")
    assert "东关修桥" in client.get(f"/p/village/{dongguan.id}/matters").get_data(as_text=True)
    assert client.get("/p/village/99999/matters").status_code == 404
    assert hidden and other


def test_step_files_are_public_only_with_their_public_matter_and_village(client, db, world):
    public = _matter(db, "代村", "村内主街硬化", steps=4)
    hidden = _matter(db, "代村", "建设文化广场", steps=0)
    with db.session() as s:
        file = matters.Attachment("决议.pdf", "application/pdf", PDF)
        matters.enter_step(s, s.get(Matter, public), 5, DAYS[4], "决议", file=file)
        matters.enter_step(s, s.get(Matter, hidden), 1, DAYS[0], "提议", file=file)
        with pytest.raises(matters.MattersError, match="PDF、JPG 或 PNG"):
            matters.enter_step(s, s.get(Matter, hidden), 2, DAYS[1], "x",
                               file=matters.Attachment("a.exe", "application/octet-stream", b"MZ"))
    daicun, dongguan = _village(db, "代村"), _village(db, "东关")
    ok = client.get(f"/p/village/{daicun.id}/matters/{public}/steps/5/file")
    assert ok.status_code == 200 and ok.data == PDF and ok.mimetype == "application/pdf"
    assert "附件：决议.pdf" in client.get(f"/p/village/{daicun.id}/matters").get_data(as_text=True)
    assert client.get(f"/p/village/{daicun.id}/matters/{hidden}/steps/1/file").status_code == 404
    assert client.get(f"/p/village/{dongguan.id}/matters/{public}/steps/5/file").status_code == 404


def _admin(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def test_the_board_enters_steps_in_order_and_audits_a_correction(app, db, world):
    cadre = _admin(app, "area_a")
    daicun = _village(db, "代村")
    made = post(cadre, "/admin/matters", {"village": str(daicun.id), "title": "村内主街硬化", "keywords": "修路"},
                token_from="/admin/matters")
    assert made.status_code == 302
    with db.session() as s:
        matter_id = s.scalar(select(Matter.id).where(Matter.title == "村内主街硬化"))
    path = f"/admin/matters/{matter_id}"
    skipped = post(cadre, path, {"action": "enter", "number": "2", "day": "2026-11-09", "text": "两委商议"},
                   token_from=path)
    assert skipped.status_code == 400 and "不能跳过" in skipped.get_data(as_text=True)
    for n in range(1, 6):
        done = post(cadre, path, {"action": "enter", "number": str(n), "day": DAYS[n - 1].isoformat(),
                                  "text": f"第{n}步"}, token_from=path, follow_redirects=True)
        assert f"已录入第{n}步" in done.get_data(as_text=True)
    assert "推送给本村 2 位村民" in done.get_data(as_text=True)
    fixed = post(cadre, path, {"action": "correct", "number": "3", "day": DAYS[2].isoformat(),
                               "text": "党员大会审议通过（到会42人）"}, token_from=path, follow_redirects=True)
    assert "已更正第3步" in fixed.get_data(as_text=True)
    with db.session() as s:
        step = s.scalar(select(MatterStep).where(MatterStep.matter_id == matter_id, MatterStep.number == 3))
        assert (step.text, step.corrections) == ("党员大会审议通过（到会42人）", 1)
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "matter.correct"))
        assert entry.before["text"] == "第3步" and entry.after["text"] == "党员大会审议通过（到会42人）"
        assert entry.username == "area_a"
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "matter.step")) is not None
    assert _pushed(db, matter_id, 5) == ["m-A", "v-A"]  # the correction pushed nothing more


def test_the_board_shows_and_changes_only_matters_in_scope(app, db, world):
    daicun_matter = _matter(db, "代村", "代村修排水沟", steps=1)
    xiangcheng_matter = _matter(db, "向城", "向城打井", steps=1)
    area_b, township, county = _admin(app, "area_b"), _admin(app, "t1"), _admin(app, "county1")
    assert "代村修排水沟" not in area_b.get("/admin/matters").get_data(as_text=True)
    assert area_b.get(f"/admin/matters/{daicun_matter}").status_code == 403
    refused = post(area_b, f"/admin/matters/{daicun_matter}",
                   {"action": "enter", "number": "2", "day": "2026-11-09", "text": "两委商议"},
                   token_from="/admin/matters")
    assert refused.status_code == 403
    made = post(area_b, "/admin/matters", {"village": str(_village(db, "代村").id), "title": "越权"},
                token_from="/admin/matters")
    assert made.status_code == 403
    board = township.get("/admin/matters").get_data(as_text=True)
    assert "代村修排水沟" in board and "向城打井" not in board
    assert township.get(f"/admin/matters/{xiangcheng_matter}").status_code == 403
    assert "向城打井" in county.get("/admin/matters").get_data(as_text=True)
    with db.session() as s:
        assert s.get(Matter, daicun_matter).reached == 1


def test_a_villager_asks_where_a_matter_stands_in_their_own_words(app, db, world):
    road = _matter(db, "代村", "村内主街硬化", "修路 水泥路", steps=3)
    reply = chat(app, "v-A", "村里修路的事到哪一步了")
    assert "村内主街硬化" in reply and "第3步：党员大会审议" in reply
    assert "第1步的说明" not in reply  # before 决议公开 only where it stands
    with db.session() as s:
        matters.enter_step(s, s.get(Matter, road), 4, DAYS[3], "代表会议表决通过")
        matters.enter_step(s, s.get(Matter, road), 5, DAYS[4], "决议公开：主街硬化")
    reply = chat(app, "v-A", "咱村修路那事咋样了")
    assert "1 党支部提议（11月2日）：第1步的说明" in reply and "下一步：实施结果公开" in reply
    assert "村内主街硬化" not in chat(app, "v-B", "村里修路的事到哪一步了")  # 东关 has no such matter


def test_several_close_matters_are_offered_as_numbered_choices(app, db, world):
    _matter(db, "代村", "东街修路", steps=1)
    west = _matter(db, "代村", "西街修路", steps=2)
    reply = chat(app, "v-A", "修路的事到哪一步了")
    assert "1 " in reply and "2 " in reply and "东街修路" in reply and "西街修路" in reply
    number = "1" if reply.index("西街修路") < reply.index("东街修路") else "2"
    picked = chat(app, "v-A", number)
    assert "西街修路" in picked and "第2步：两委商议" in picked
    assert west


def test_migrated_schema_matches_the_matter_models(db):
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diffs if any(t in repr(d) for t in ("matter", "suggestion"))]
    assert mine == []
