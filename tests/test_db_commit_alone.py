"""bot/db.Database.statements_commit_alone: the webhook's claim without BEGIN/COMMIT on PostgreSQL,
and the connection back in transactions for the handler that follows on it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from bot.models import SharedValue

_VALUES = SharedValue.__table__


def _count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(_VALUES))


def _two_rows_then_fail(db, connection, first: str) -> None:
    with pytest.raises(RuntimeError), db.session(connection) as session:
        session.execute(insert(_VALUES).values(key=first, value="1"))
        session.execute(insert(_VALUES).values(key=first + "-2", value="2"))
        raise RuntimeError("the rest of the work failed")


def test_inside_each_statement_commits_alone_on_postgresql_only(db):
    with db.connection() as connection:
        with db.statements_commit_alone(connection):
            _two_rows_then_fail(db, connection, "alone")
    # PostgreSQL: both statements had committed; SQLite: one write transaction, rolled back whole.
    assert _count(db) == (2 if db.is_postgres else 0)


def test_after_it_the_same_connection_is_in_transactions_again(db):
    with db.connection() as connection:
        with db.statements_commit_alone(connection), db.session(connection) as session:
            session.execute(insert(_VALUES).values(key="claim", value="1"))
        _two_rows_then_fail(db, connection, "handler")  # the handler's work is undone as a whole
        assert connection.get_isolation_level() == connection.default_isolation_level
    assert _count(db) == 1
