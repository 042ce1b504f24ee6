"""`flask invite create|list`: codes printed one per line, stored with role, area, group and expiry."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import clock
from bot.models import InviteCode
from tests.kit.worlds import make_county


def test_create_prints_codes_that_are_stored(app, db, runner):
    make_county(db)
    result = runner.invoke(args=["invite", "create", "--role", "rep", "--area", "bz-daicun",
                                 "--group", "agri", "--count", "3", "--days", "7"])
    assert result.exit_code == 0, result.output
    codes = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(codes) == len(set(codes)) == 3
    with db.session() as s:
        rows = s.scalars(select(InviteCode).where(InviteCode.code.in_(codes))).all()
        assert len(rows) == 3
        for row in rows:
            assert row.role == "rep" and row.group_code == "agri" and row.used_by is None
            left = row.expires_at - clock.now()
            assert timedelta(days=6, hours=23) < left <= timedelta(days=7)

    listed = runner.invoke(args=["invite", "list", "--unused"])
    assert listed.exit_code == 0 and all(code in listed.output for code in codes)


def test_create_refuses_unknown_areas_and_roles(app, db, runner):
    make_county(db)
    assert runner.invoke(args=["invite", "create", "--role", "rep", "--area", "nowhere"]).exit_code != 0
    assert runner.invoke(args=["invite", "create", "--role", "king", "--area", "bz-daicun"]).exit_code != 0
    assert runner.invoke(args=["invite", "create", "--role", "party_member"]).exit_code != 0
    with db.session() as s:
        assert s.scalar(select(InviteCode.id)) is None
