"""Suggestions before a 民主议事日: "我有个建议…" is stored for the villager's village, a cadre of its
area answers on the 群众建议 board, the villager is pushed the answer once, and a ticked answer
shows on that village's public page only. World: tests/admin_world.py (代村 A, 东关 B, 向城 C)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.models import AuditEntry, OutboxMessage, Suggestion, User, Village
from tests.kit.admin import add_account, login, post
from tests.kit.admin_world import build_world
from tests.kit.chat import chat, converse


@pytest.fixture
def world(db):
    world = build_world(db)
    add_account(db, "area_b", "area", area_code="bz-dongguan")
    with db.session() as s:
        s.add(User(openid="x-new", name=""))
    return world


def _only_suggestion(db) -> Suggestion:
    with db.session() as s:
        row = s.scalars(select(Suggestion)).one()
        s.expunge(row)
        return row


def test_a_suggestion_said_at_once_is_stored_for_the_villagers_village(app, db, world):
    reply = converse(app, "v-A", "我有个建议，村口装个路灯，晚上太黑了")
    assert reply.action == "affairs.suggest"
    row = _only_suggestion(db)
    assert row.text == "村口装个路灯，晚上太黑了" and row.state == "open"
    assert f"{row.id}号" in reply.text and "代村" in reply.text


def test_announcing_a_suggestion_asks_for_it_then_stores_it(app, db, world):
    assert "您的建议是什么" in chat(app, "v-B", "俺想提个建议")
    assert converse(app, "v-B", "河边加个护栏").action == "affairs.suggest"
    row = _only_suggestion(db)
    with db.session() as s:
        assert (row.text, s.get(Village, row.village_id).name) == ("河边加个护栏", "东关")


def test_a_newcomer_is_asked_for_the_village_first(app, db, world):
    reply = converse(app, "x-new", "我有个建议：村里的垃圾桶多放几个")
    assert reply.action == "bind.ask"
    reply = converse(app, "x-new", "我是代村的")
    assert "收到您给代村提的建议" in reply.text
    assert _only_suggestion(db).text == "村里的垃圾桶多放几个"


def _admin(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _answer_pushes(db) -> list[OutboxMessage]:
    with db.session() as s:
        rows = list(s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like("suggestion:%"))))
        for r in rows:
            s.expunge(r)
        return rows


def test_the_answer_reaches_the_villager_once_and_the_page_when_ticked(app, db, world, client):
    chat(app, "v-A", "我有个建议，村口装个路灯")
    row = _only_suggestion(db)
    cadre = _admin(app, "area_a")
    path = f"/admin/suggestions/{row.id}"
    assert "村口装个路灯" in cadre.get("/admin/suggestions").get_data(as_text=True)
    done = post(cadre, path, {"answer": "已列入12月议事日议题"}, token_from=path, follow_redirects=True)
    assert "已回复，群众会收到" in done.get_data(as_text=True)
    pushes = _answer_pushes(db)
    assert [(p.openid, "已列入12月议事日议题" in p.payload["text"]) for p in pushes] == [("v-A", True)]
    with db.session() as s:
        daicun = s.scalar(select(Village.id).where(Village.name == "代村"))
        dongguan = s.scalar(select(Village.id).where(Village.name == "东关"))
    assert "村口装个路灯" not in client.get(f"/p/village/{daicun}/matters").get_data(as_text=True)  # not ticked
    post(cadre, path, {"answer": "已列入12月议事日议题", "public": "1"}, token_from=path)
    assert len(_answer_pushes(db)) == 1  # changed, not pushed again
    page = client.get(f"/p/village/{daicun}/matters").get_data(as_text=True)
    assert "村口装个路灯" in page and "已列入12月议事日议题" in page and "村民A甲" not in page
    assert "村口装个路灯" not in client.get(f"/p/village/{dongguan}/matters").get_data(as_text=True)
    with db.session() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "suggestion.answer")
                                 .order_by(AuditEntry.id)))
        assert [e.after["public"] for e in entries] == [False, True] and entries[1].before["public"] is False


def test_the_board_shows_and_answers_only_suggestions_in_scope(app, db, world):
    chat(app, "v-A", "我有个建议，村口装个路灯")
    row = _only_suggestion(db)
    other = _admin(app, "area_b")
    assert "村口装个路灯" not in other.get("/admin/suggestions").get_data(as_text=True)
    assert other.get(f"/admin/suggestions/{row.id}").status_code == 403
    refused = post(other, f"/admin/suggestions/{row.id}", {"answer": "越权回复"}, token_from="/admin/suggestions")
    assert refused.status_code == 403
    assert "村口装个路灯" in _admin(app, "t1").get("/admin/suggestions").get_data(as_text=True)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage)
                        .where(OutboxMessage.business_key.like("suggestion:%"))) == 0
        assert s.get(Suggestion, row.id).state == "open"
