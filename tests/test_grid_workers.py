"""Grid workers (网格员): a staff role that runs errands like party members. An invite code gives
the role in chat, the people import reads 网格员, the admin page makes its codes, an errand of the
area is offered to a grid worker, who takes it with 接单 and closes it with 办结, and the errand
board can hand one to them. World: tests/people_kit.make_county (代村片区 with no party member)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import errands
from bot.accounts import create_invite
from bot.admin.people_import import role_of
from bot.models import Area, Errand, InviteCode, OutboxMessage, User, UserRole
from tests.kit.admin import add_account, login, post
from tests.kit.chat import say
from tests.kit.factories import add_user
from tests.kit.worlds import make_county


@pytest.fixture
def county(db):
    county = make_county(db, members=0)
    with db.session() as s:
        area = s.get(Area, county.areas["a"])
        village = area.villages[1]
        county.users["g1"] = add_user(s, "g1", village, [("grid_worker", area)], name="网格员小周").id
    return county


def _errand(db, villager: str = "v1") -> int:
    with db.session() as s:
        user = s.scalar(select(User).where(User.openid == villager))
        return errands.create_errand(s, user, "代办低保", "13812345678", guide_id="dibao").id


def test_an_errand_of_the_area_goes_to_its_grid_worker_who_takes_and_closes_it(app, db, county):
    number = _errand(db)
    with db.session() as s:
        errand = s.get(Errand, number)
        assert (errand.state, errand.assignee.openid) == ("offered", "g1")
        assert s.scalar(select(OutboxMessage.id).where(OutboxMessage.openid == "g1")) is not None
    assert f"{number}号代办归您了" in say(app, "g1", f"接单 {number}")
    with db.session() as s:
        assert s.get(Errand, number).state == "accepted"
    say(app, "g1", f"办结 {number} 材料已交到街道")
    with db.session() as s:
        assert s.get(Errand, number).state == "done"
        told = s.scalars(select(OutboxMessage.payload).where(OutboxMessage.openid == "v1")).all()
        assert any("材料已交到街道" in p["text"] for p in told)


def test_an_invite_code_makes_a_grid_worker_who_is_told_what_to_do(app, db, county):
    with db.session() as s:
        code = create_invite(s, "grid_worker", s.get(Area, county.areas["a"]), None, "test").code
    reply = say(app, "v1", f"邀请码 {code}")
    assert "网格员" in reply and "接单" in reply
    with db.session() as s:
        user = s.scalar(select(User).where(User.openid == "v1"))
        assert user.role_names == {"villager", "grid_worker"}
    assert "网格员代办：接单 编号" in say(app, "v1", "帮助")


def test_the_people_import_and_the_invites_board_know_grid_workers(app, db, county):
    assert role_of("网格员") == "grid_worker" and role_of("grid_worker") == "grid_worker"
    add_account(db, "area_a", "area", area_code="bz-daicun")
    client = app.test_client()
    assert login(client, "area_a").status_code == 302
    assert "网格员" in client.get("/admin/invites").get_data(as_text=True)
    made = post(client, "/admin/invites", {"role": "grid_worker", "area_id": str(county.areas["a"]), "count": "2"},
                token_from="/admin/invites")
    assert made.status_code == 200
    with db.session() as s:
        assert s.scalars(select(InviteCode.role).where(InviteCode.role == "grid_worker")).all() == ["grid_worker"] * 2


def test_the_errand_board_hands_an_errand_to_a_grid_worker(app, db, county):
    with db.session() as s:
        area = s.get(Area, county.areas["a"])
        other = add_user(s, "g2", area.villages[0], [("grid_worker", area)], name="网格员小王")
        other_id = other.id
    number = _errand(db)
    add_account(db, "area_a", "area", area_code="bz-daicun")
    client = app.test_client()
    assert login(client, "area_a").status_code == 302
    page = client.get(f"/admin/errands/{number}").get_data(as_text=True)
    assert "网格员小周" in page and "网格员小王" in page
    with db.session() as s:
        current = s.get(Errand, number).assignee_id
    target = other_id if current != other_id else county.users["g1"]
    post(client, f"/admin/errands/{number}/reassign", {"member_id": str(target)}, token_from=f"/admin/errands/{number}")
    with db.session() as s:
        errand = s.get(Errand, number)
        assert (errand.state, errand.assignee_id) == ("offered", target)
        assert s.scalar(select(UserRole.role).where(UserRole.user_id == target)) == "grid_worker"
