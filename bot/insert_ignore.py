"""Insert-or-ignore on a unique key, the same call on SQLite and PostgreSQL.

Concurrent callers inserting the same key get one row: the loser's insert does nothing
(on PostgreSQL it waits for the winner's transaction, then sees its row).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_or_ignore(session: Session, model: type, values: dict[str, Any]) -> Any | None:
    """Insert one row unless its unique key exists: the new row's primary key, or None."""
    dialect = session.get_bind().dialect.name
    table = model.__table__
    if dialect == "postgresql":
        statement = postgresql.insert(table)
    elif dialect == "sqlite":
        statement = sqlite.insert(table)
    else:  # pragma: no cover - only the two databases the project supports
        raise NotImplementedError(dialect)
    # RETURNING says whether a row was written (rowcount is not reliable on every driver path).
    statement = statement.values(**values).on_conflict_do_nothing().returning(*table.primary_key.columns)
    row = session.execute(statement).first()
    return None if row is None else row[0]
