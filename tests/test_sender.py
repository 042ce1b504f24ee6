"""Issue 17: the message's sender read on the DBAPI cursor (bot/sender.py) gives the objects the
ORM's own load gives (same values, roles, context items and dialog row, persistent and clean),
and they behave as loaded ones: changes flush, relationships lazy-load, the roles' user is the
same object. On SQLite and PostgreSQL (TEST_DATABASE_URL)."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import joinedload

from bot import context
from bot.dialog import _READ_ALONG, with_dialog_row
from bot.models import Area, DialogState, User, UserContext, UserRole, Village
from bot.sender import read_sender

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)


def _people(db, openid: str, roles: tuple[str, ...] = (), with_rows: bool = True) -> None:
    with db.session() as s:
        area = Area(code=f"a-{openid}", name="东片区")
        village = Village(name=f"{openid}村", area=area)
        user = User(openid=openid, name="王大姐", phone="13800001234", village=village, subscribed=False,
                    last_interaction_at=NOW - timedelta(minutes=3), latitude=35.1, longitude=117.2,
                    location_at=NOW - timedelta(days=1), created_at=NOW - timedelta(days=30))
        s.add(user)
        s.flush()
        for n, role in enumerate(roles):
            s.add(UserRole(user=user, role=role, area_id=area.id, group_code=f"g{n}" if n else None, leader=bool(n),
                           created_at=NOW - timedelta(days=n)))
        if with_rows:
            s.add(UserContext(openid=openid, items=[{"kind": "guide", "ref": "dibao", "at": NOW.isoformat()}],
                              updated_at=NOW))
            s.add(DialogState(openid=openid, flow="booking", step="phone", slots={"matter": "低保", "n": 2},
                              expires_at=NOW + timedelta(minutes=10), updated_at=NOW))


def _columns(obj) -> dict:
    return {a.key: getattr(obj, a.key) for a in inspect(type(obj)).column_attrs}


def _by_orm(s, openid: str, with_dialog: bool):
    query = context.with_context_items(select(User).where(User.openid == openid).options(joinedload(User.roles)),
                                       User.openid)
    if with_dialog:
        query = with_dialog_row(query, User.openid)
    return s.execute(query).unique(lambda row: id(row[0])).one()


@pytest.mark.parametrize("roles", [(), ("party_member",), ("party_member", "rep", "staff")], ids=len)
@pytest.mark.parametrize("with_dialog", [True, False])
def test_the_same_sender_as_the_orm_loads(app, db, roles, with_dialog):
    openid = f"s-{len(roles)}-{with_dialog}"
    with app.app_context():
        _people(db, openid, roles)
        with db.session() as s:
            row = _by_orm(s, openid, with_dialog)
            expected = (_columns(row[0]), sorted(_columns(r).items() for r in row[0].roles), row[0].role_names,
                        row[1], tuple(row[2:]))
        with db.session() as s:
            user = read_sender(s, openid, with_dialog)
            rows_read = s.info.get(_READ_ALONG, {}).get(openid)
            got = (_columns(user), sorted(_columns(r).items() for r in user.roles), user.role_names,
                   context._entries(s, openid),
                   (rows_read.flow, rows_read.step, rows_read.slots, rows_read.expires_at) if with_dialog else ())
            state = inspect(user)
            assert state.persistent and not s.dirty and not s.new
            assert all(inspect(r).persistent for r in user.roles)
            assert not any(inspect(user).attrs[a.key].history.has_changes() for a in inspect(User).column_attrs)
        assert got == expected


def test_a_sender_read_this_way_acts_as_a_loaded_one(app, db):
    with app.app_context():
        _people(db, "s-acts", ("party_member",))
        sent: list[str] = []
        listen = lambda *a: sent.append(a[2])  # noqa: E731
        with db.session() as s:
            user = read_sender(s, "s-acts", True)
            event.listen(db.engine, "before_cursor_execute", listen)
            try:
                assert user.village.name == "s-acts村" and user.area_id == user.village.area_id  # lazy loads
                assert user.roles[0].user is user  # from the identity map, no statement
                assert s.get(User, user.id) is user
                user.name = "王二姐"
                s.flush()
            finally:
                event.remove(db.engine, "before_cursor_execute", listen)
        assert [q.split()[0] for q in sent if not q.startswith("BEGIN")] == ["SELECT", "UPDATE"]
        with db.session() as s:
            assert s.scalars(select(User.name).where(User.openid == "s-acts")).one() == "王二姐"


def test_no_row_and_a_busy_session_leave_it_to_the_orm(app, db):
    with app.app_context():
        _people(db, "s-busy", (), with_rows=False)
        with db.session() as s:
            assert read_sender(s, "nobody", True) is None
        with db.session() as s:
            user = read_sender(s, "s-busy", True)
            assert user is not None and user.roles == []
            assert context._entries(s, "s-busy") is None and s.info[_READ_ALONG]["s-busy"] is None
        with db.session() as s:
            held = s.scalars(select(Area)).first()  # noqa: F841 - the session holds an object: the ORM's identity map decides
            assert read_sender(s, "s-busy", True) is None
        with db.session() as s:
            s.add(User(openid="s-pending"))  # a pending change: the ORM's autoflush decides
            assert read_sender(s, "s-pending", True) is None
