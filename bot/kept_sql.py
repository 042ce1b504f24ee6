"""Kept statements run on the DBAPI cursor: compiled once per dialect, no per-statement machinery.

    CLAIM = KeptSql(lambda insert: insert(table).on_conflict_do_nothing().returning(table.c.id),
                    keys=("dedupe_key", "openid", ...))
    row = CLAIM.first(connection, {"dedupe_key": ..., ...})   # inside connection.begin()
    SAVE.run_in(session, {...})                                 # in a session's transaction

For the few statements every webhook message runs (issue 17): SQLAlchemy's execution path
(execution context, parameter processing, result object) costs several times what SQLite
itself spends on a short INSERT. A KeptSql is compiled by SQLAlchemy, once per dialect, with
its parameter names fixed (`keys`); each run applies the same bind processors SQLAlchemy
would (UTC datetimes, JSON) and hands the SQL string to the connection's DBAPI cursor, so the
database sees the very statement and values SQLAlchemy would have sent. The engine's
`before_cursor_execute` / `after_cursor_execute` listeners still see each statement (the
benchmarks and tests count them), and a DBAPI error is raised as SQLAlchemy's own exception,
with a lost connection invalidated as usual. Only for statements whose results need no
processing (ids, counts, strings) and with no Python-side column defaults.
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


def _insert_construct(dialect):
    """The dialect's INSERT construct (the one with ON CONFLICT)."""
    if dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"kept statements on {dialect.name}")
    return insert


class _Compiled:
    """One dialect's SQL string, parameter order and bind processors."""

    __slots__ = ("sql", "order", "defaults", "processors")

    def __init__(self, statement, dialect, keys: tuple[str, ...]):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        if compiled.insert_prefetch or compiled.update_prefetch or compiled.escaped_bind_names:
            raise ValueError("a kept statement takes every value as a parameter (no Python-side defaults)")
        self.sql = compiled.string
        # qmark (SQLite): values in the order of the placeholders; pyformat (psycopg): by name.
        self.order = tuple(compiled.positiontup) if compiled.positional else None
        # Literal values compiled as parameters (e.g. `attempts = 1`), and the keys themselves.
        self.defaults = compiled.construct_params(_check=False)
        self.processors = tuple(compiled._bind_processors.items())


class KeptSql:
    """A statement built by `build(insert)` (`insert`: the dialect's INSERT construct, for
    ON CONFLICT) and run with the parameters named `keys`."""

    def __init__(self, build: Callable[[Any], Any], keys: tuple[str, ...]):
        self._build = build
        self._keys = tuple(keys)
        self._by_dialect: dict[tuple[str, str], _Compiled] = {}

    def _compiled(self, dialect) -> _Compiled:
        key = (dialect.name, dialect.driver)
        compiled = self._by_dialect.get(key)
        if compiled is None:
            compiled = self._by_dialect[key] = _Compiled(self._build(_insert_construct(dialect)), dialect, self._keys)
        return compiled

    def sql(self, connection: Connection) -> str:
        """The SQL sent on `connection`'s dialect (for tests and logs)."""
        return self._compiled(connection.dialect).sql

    def run(self, connection: Connection, params: dict[str, Any]):
        """Execute on `connection` (in its transaction, if one is begun); the DBAPI cursor,
        to fetch from and close."""
        compiled = self._compiled(connection.dialect)
        values = dict(compiled.defaults)
        values.update(params)
        for name, process in compiled.processors:
            values[name] = process(values[name])
        args: Any = values if compiled.order is None else tuple(values[name] for name in compiled.order)
        sql = compiled.sql
        cursor = connection.connection.cursor()
        dispatch = connection.dispatch
        try:
            if dispatch.before_cursor_execute:
                dispatch.before_cursor_execute(connection, cursor, sql, args, None, False)
            cursor.execute(sql, args)
            if dispatch.after_cursor_execute:
                dispatch.after_cursor_execute(connection, cursor, sql, args, None, False)
        except BaseException as exc:
            cursor.close()
            connection._handle_dbapi_exception(exc, sql, args, cursor, None)
        return cursor

    def run_in(self, session: Session, params: dict[str, Any]) -> None:
        """Execute in `session`'s transaction (begun if need be), as `session.execute` would
        for a Core statement (no flush: a Core INSERT or UPDATE does not autoflush either)."""
        self.run(session.connection(), params).close()

    def rowcount_in(self, session: Session, params: dict[str, Any]) -> int:
        """`rowcount` in `session`'s transaction."""
        return self.rowcount(session.connection(), params)

    def first(self, connection: Connection, params: dict[str, Any]) -> tuple | None:
        """The first row the statement returns (RETURNING), or None."""
        cursor = self.run(connection, params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def rowcount(self, connection: Connection, params: dict[str, Any]) -> int:
        """How many rows the statement changed."""
        cursor = self.run(connection, params)
        try:
            return cursor.rowcount
        finally:
            cursor.close()
