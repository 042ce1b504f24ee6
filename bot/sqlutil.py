"""Dialect-aware statements shared by several modules: insert-or-ignore on a unique key, for
one row, many (one multi-row statement), or the rows of a SELECT (made in the database).

    insert_or_ignore(session, Model, values, ["key"])      # True when written
    insert_or_ignore_id(session, Model, values)             # the new primary key, or None
    prepared(session, "inbound.claim", build)               # a hot-path statement, built once


A plain INSERT that hits a unique constraint raises inside the caller's transaction (and on
PostgreSQL aborts it). `ON CONFLICT DO NOTHING` never raises: the row is either written or
left alone, and the rowcount tells which.
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy.orm import Session


def _insert(session: Session):
    """The INSERT construct of the session's dialect (the one with ON CONFLICT)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"insert_or_ignore on {dialect}")
    return insert


_PREPARED: dict[tuple[str, str], Any] = {}


def prepared(session: Session, name: str, build: Callable[[Any], Any]) -> Any:
    """The statement `build(insert)` made once per dialect and kept (`insert`: the dialect's
    INSERT construct). Executed with its values as parameters, a kept statement costs no
    construction and SQLAlchemy memoises its cache key on it: on the webhook's path that
    was most of SQLAlchemy's CPU per message (~73 `coercions.expect` calls)."""
    dialect = session.get_bind().dialect.name
    statement = _PREPARED.get((dialect, name))
    if statement is None:
        statement = _PREPARED[(dialect, name)] = build(_insert(session))
    return statement


def dialect_insert(session: Session):
    """The dialect's INSERT construct (with `on_conflict_do_update` / `_do_nothing`)."""
    return _insert(session)


def insert_or_ignore(session: Session, model: type, values: dict[str, Any],
                     conflict_columns: list[str]) -> bool:
    """Insert one row unless one with the same `conflict_columns` exists; True when inserted."""
    return insert_many_or_ignore(session, model, [values], conflict_columns) == 1


def insert_or_ignore_id(session: Session, model: type, values: dict[str, Any]) -> Any | None:
    """Insert one row unless it breaks any unique key: the new row's primary key, or None.

    Concurrent callers inserting the same key get one row: the loser's insert does nothing
    (on PostgreSQL it waits for the winner's transaction, then sees its row).
    """
    table = model.__table__
    # One kept statement per table and set of columns; the values go as parameters.
    statement = prepared(session, f"insert_or_ignore_id:{table.name}:{','.join(sorted(values))}",
                         lambda insert: insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns))
    row = session.execute(statement, values).first()
    return None if row is None else row[0]


def insert_many_or_ignore(session: Session, model: type, rows: list[dict[str, Any]],
                          conflict_columns: list[str]) -> int:
    """`INSERT … VALUES (…), (…) … ON CONFLICT DO NOTHING` for `rows` (dicts with the same keys);
    returns how many were inserted."""
    if not rows:
        return 0
    table = model.__table__
    statement = prepared(session, f"insert_many_or_ignore:{table.name}:{','.join(conflict_columns)}",
                         lambda insert: insert(table).on_conflict_do_nothing(index_elements=conflict_columns)
                         .returning(table.c[conflict_columns[0]]))
    # Given a list, SQLAlchemy sends one multi-row VALUES statement per 1,000 rows ("insertmanyvalues")
    # from one cached compilation. RETURNING, not rowcount: psycopg reports -1 here.
    return len(session.execute(statement, rows).all())


def insert_from_select_or_ignore(session: Session, model: type, columns: list[str], rows: Any,
                                 conflict_columns: list[str]) -> int:
    """`INSERT INTO … (columns) <rows> ON CONFLICT DO NOTHING`, `rows` a SELECT of those columns:
    rows made in the database, none through Python; returns how many were inserted."""
    insert = _insert(session)
    table = model.__table__
    statement = (insert(table).from_select(columns, rows)
                 .on_conflict_do_nothing(index_elements=conflict_columns)
                 .returning(*table.primary_key.columns))
    # RETURNING, not rowcount: through SQLAlchemy, psycopg reports -1 for this statement.
    return len(session.execute(statement).all())
