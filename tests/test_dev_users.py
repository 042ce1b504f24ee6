"""`flask dev users` gives every `make chat` role its village and staff role, idempotently."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.dev.settings import DEV_ROLES
from bot.models import Area, RepGroup, User, UserRole, Village


def test_dev_users_get_their_roles_once(runner, db):
    for _ in range(2):
        result = runner.invoke(args=["dev", "users"])
        assert result.exit_code == 0, result.output
    with db.session() as s:
        for chat_role, (openid, staff_role) in DEV_ROLES.items():
            user = s.scalars(select(User).where(User.openid == openid)).one()
            assert user.village_id is not None
            assert user.role_names == ({"villager", staff_role} if staff_role else {"villager"})
        assert s.scalar(select(func.count(UserRole.id))) == sum(1 for _, r in DEV_ROLES.values() if r)
        assert s.scalar(select(func.count(Village.id))) == 1


def add_area_with_groups(db) -> None:
    with db.session() as s:
        area = Area(code="lanling-1", name="一号片区")
        s.add(area)
        s.flush()
        s.add(Village(area_id=area.id, name="代村"))
        for code, areas in (("elsewhere", ["lanling-9"]), ("agri", ["lanling-1"]), ("law", ["lanling-1"])):
            s.add(RepGroup(code=code, name=code, field="农业", level="township", area_codes=areas))


def rep_roles(db) -> list[tuple]:
    with db.session() as s:
        rep = s.scalars(select(User).where(User.openid == DEV_ROLES["rep"][0])).one()
        assert rep.village.name == "代村"
        return [(r.role, r.area_id == rep.village.area_id, r.group_code) for r in rep.roles]


def test_dev_users_join_the_first_loaded_area_and_its_first_group(runner, db):
    add_area_with_groups(db)
    assert runner.invoke(args=["dev", "users"]).exit_code == 0
    assert rep_roles(db) == [("rep", True, "agri")]
    with db.session() as s:
        assert s.scalar(select(func.count(Area.id))) == 1


def test_dev_rep_group_can_be_chosen(runner, db):
    add_area_with_groups(db)
    assert runner.invoke(args=["dev", "users", "--rep-group", "law"]).exit_code == 0
    assert rep_roles(db) == [("rep", True, "law")]
