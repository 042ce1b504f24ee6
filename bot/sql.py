"""SQL that differs between SQLite and PostgreSQL, written once: insert-or-ignore."""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy.orm import Session


def insert_or_ignore(session: Session, model: Any, values: dict[str, Any],
                     conflict_columns: Iterable[str]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was written.

    Never raises a unique violation, so the caller's transaction stays usable (on PostgreSQL a
    failed INSERT would abort the whole transaction).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(f"insert_or_ignore on {dialect}")
    conflict_columns = list(conflict_columns)
    table = getattr(model, "__table__", model)
    # RETURNING tells whether the row went in (psycopg 3 reports rowcount -1 here).
    statement = (insert(table).values(**values)
                 .on_conflict_do_nothing(index_elements=conflict_columns)
                 .returning(table.c[conflict_columns[0]]))
    return session.execute(statement).first() is not None

