"""`flask mediation ...` commands, and the schema the migration makes matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from bot.models import Area, Base, MediationRoom, Mediator, Slot, User


def test_load_slots_and_mediator_commands(runner, db):
    with db.session() as s:
        s.add(Area(code="bz-daicun", name="代村片区"))
        s.add(User(openid="m1"))
    result = runner.invoke(args=["mediation", "load"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "unknown area codes" in result.output
    assert runner.invoke(args=["mediation", "slots", "--days", "7"]).exit_code == 0
    again = runner.invoke(args=["mediation", "slots", "--days", "7"])
    assert "0 new" in again.output
    result = runner.invoke(args=["mediation", "mediator", "med-bz-daicun", "m1"])
    assert result.exit_code == 0 and "added" in result.output
    assert runner.invoke(args=["mediation", "mediator", "med-bz-daicun", "nobody"]).exit_code != 0
    assert runner.invoke(args=["mediation", "remind"]).exit_code == 0
    with db.session() as s:
        assert s.scalar(select(func.count(MediationRoom.id))) == 1
        assert s.scalar(select(func.count(Slot.id))) > 0
        assert s.scalar(select(func.count(Mediator.id))) == 1
        assert s.scalars(select(User).where(User.openid == "m1")).one().has_role("mediator")


def test_migrated_schema_matches_the_mediation_models(db):
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diffs if "mediat" in repr(d)]
    assert mine == []
