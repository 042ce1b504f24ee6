"""Insert-or-ignore on a unique key, the same call on SQLite and PostgreSQL.

Concurrent callers inserting the same key get one row: the loser's insert does nothing
(on PostgreSQL it waits for the winner's transaction, then sees its row).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_or_ignore(session: Session, model: type, values: dict[str, Any]) -> bool:
    """Insert one row unless its unique key exists; True when this call inserted it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(model).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two databases the project supports
        raise NotImplementedError(dialect)
    return session.execute(statement).rowcount == 1
