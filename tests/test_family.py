"""Acting for family (代亲属办): a villager adds a relative without WeChat in chat, the area's staff
confirm it on the admin page (or the villager sends the code staff gave), then "帮俺娘办低保" makes
an errand for that person: it names them on every push and board, belongs to their village, and
the villager's status shows the relative too. World: tests/people_kit.make_county (real router)."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from bot.models import AuditEntry, Base, Errand, FamilyMember, OutboxMessage
from tests.kit.admin import add_account, login, post
from tests.kit.worlds import make_county
from tests.kit.chat import chat, converse


@pytest.fixture
def county(db):
    county = make_county(db)
    add_account(db, "area_a", "area", area_code="bz-daicun")
    add_account(db, "area_b", "area", area_code="bz-dongguan")
    return county


def _add_mother(app, village_answer: str = "1") -> None:
    assert converse(app, "v1", "添加亲属").action == "family.ask"
    assert "是您的什么人" in chat(app, "v1", "王桂兰")
    assert "住在哪个村" in chat(app, "v1", "俺娘")
    reply = converse(app, "v1", village_answer)
    assert reply.action == "family.add" and "母亲王桂兰" in reply.text


def _member(db) -> FamilyMember:
    with db.session() as s:
        member = s.scalars(select(FamilyMember)).one()
        s.expunge(member)
        return member


def _admin(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def test_a_relative_added_in_chat_waits_for_the_area_and_nothing_is_made_for_them(app, db, county):
    _add_mother(app, "王庄")
    member = _member(db)
    assert (member.state, member.relation, member.name) == ("pending", "母亲", "王桂兰")
    assert member.village_id == county.villages["王庄"]
    reply = converse(app, "v1", "帮俺娘办低保")
    assert reply.action == "family.ask" and "等片区工作人员确认" in reply.text
    with db.session() as s:
        assert s.scalars(select(Errand)).all() == []


def test_staff_confirm_in_scope_and_the_villager_is_told(app, db, county):
    _add_mother(app)
    member = _member(db)
    other = _admin(app, "area_b")
    assert "王桂兰" not in other.get("/admin/family").get_data(as_text=True)
    assert post(other, f"/admin/family/{member.id}/confirm", token_from="/admin/family").status_code == 403
    assert _member(db).state == "pending"
    staff = _admin(app, "area_a")
    page = staff.get("/admin/family").get_data(as_text=True)
    assert "母亲王桂兰" in page and member.code in page
    done = post(staff, f"/admin/family/{member.id}/confirm", token_from="/admin/family", follow_redirects=True)
    assert "已确认母亲王桂兰" in done.get_data(as_text=True)
    assert _member(db).state == "confirmed"
    with db.session() as s:
        told = s.scalar(select(OutboxMessage).where(OutboxMessage.business_key == f"family:{member.id}:confirmed"))
        assert told.openid == "v1" and "帮俺母亲办" in told.payload["text"]
        assert s.scalar(select(AuditEntry.username).where(AuditEntry.action == "family.confirm")) == "area_a"


def test_the_code_staff_gave_confirms_only_the_villagers_own_relative(app, db, county):
    _add_mother(app)
    member = _member(db)
    assert "不对" in chat(app, "v2", f"亲属码 {member.code}")  # not v2's relative
    assert _member(db).state == "pending"
    reply = converse(app, "v1", f"亲属码 {member.code.lower()}")
    assert reply.action == "family.add" and _member(db).state == "confirmed"


def test_an_errand_for_a_confirmed_parent_names_them_everywhere_and_status_shows_both(app, db, county):
    _add_mother(app, "王庄")
    member = _member(db)
    chat(app, "v1", f"亲属码 {member.code}")
    reply = converse(app, "v1", "帮俺娘办低保")
    assert reply.action == "errand.ask" and "低保" in reply.text
    chat(app, "v1", "1")
    chat(app, "v1", "13812345678")
    summary = chat(app, "v1", "明天上午")
    assert "替母亲王桂兰办" in summary and "村子：王庄" in summary
    assert converse(app, "v1", "确认").action == "errand.submit"
    with db.session() as s:
        errand = s.scalars(select(Errand)).one()
        assert errand.for_family_id == member.id and errand.village_id == county.villages["王庄"]
        assert errand.matter.endswith("（为母亲王桂兰）") and errand.villager.openid == "v1"
        offer = s.scalar(select(OutboxMessage).where(OutboxMessage.openid == errand.assignee.openid))
        assert "为母亲王桂兰" in offer.payload["text"]
        number = errand.id
    status = chat(app, "v1", "我的记录")
    assert f"{number}号" in status and "为母亲王桂兰" in status
    assert "【替家人办】" in status and "母亲王桂兰（王庄）：已确认，有1件代办在办" in status


def test_several_relatives_of_one_word_are_offered_as_choices(app, db, county):
    from bot import family
    with db.session() as s:
        from bot.models import User, Village
        owner = s.scalar(select(User).where(User.openid == "v1"))
        village = s.get(Village, county.villages["代村"])
        for name in ("王桂兰", "李秀芝"):
            family.confirm_member(s, family.add_member(s, owner, name, "奶奶", village), "test")
    reply = converse(app, "v1", "帮俺奶奶办高龄津贴")
    assert reply.action == "family.ask" and "1 奶奶王桂兰" in reply.text and "2 奶奶李秀芝" in reply.text
    reply = converse(app, "v1", "2")
    assert reply.action == "errand.ask"
    with db.session() as s:
        from bot.models import DialogState
        state = s.get(DialogState, "v1")
        assert state.flow == "errand"


def test_migrated_schema_matches_the_family_models(db):
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diffs if any(t in repr(d) for t in ("family", "for_family"))]
    assert mine == []


def test_a_need_reported_for_a_confirmed_parent_is_their_villages_and_names_them(app, db, county):
    from bot.models import Need
    _add_mother(app, "王庄")
    member = _member(db)
    chat(app, "v1", f"亲属码 {member.code}")
    replies = [converse(app, "v1", text) for text in ("帮俺娘反映，家门口的路灯坏了好几天了", "不急", "13812345678", "1")]
    assert [r.action for r in replies] == ["need.ask", "need.ask", "need.ask", "need.report"]
    assert "替母亲王桂兰反映" in replies[2].text and "村子：王庄" in replies[2].text
    with db.session() as s:
        need = s.scalars(select(Need)).one()
        assert need.for_family_id == member.id and need.village_id == county.villages["王庄"]
        assert "路灯" in need.text and need.text.endswith("（为母亲王桂兰）")
