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
with a lost connection invalidated as usual. No Python-side column defaults; rows come back
raw from `first` (ids, counts, strings), or through the columns' own result processors (UTC
datetimes, JSON, booleans on SQLite) from `rows`.
"""
from __future__ import annotations

from operator import itemgetter
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


def execute_on_cursor(connection: Connection, sql: str, args: Any = ()):
    """Run `sql` on a new DBAPI cursor of `connection`, seen by the engine's cursor listeners,
    a DBAPI error raised as SQLAlchemy's; the cursor, to fetch from and close."""
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


def _tuple_getter(names: tuple[str, ...]) -> Callable[[dict], tuple]:
    """`lambda values: tuple(values[name] for name in names)`, done by `operator.itemgetter`."""
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    if not names:
        return lambda values: ()
    return itemgetter(*names)


class _Compiled:
    """One dialect's SQL string, parameter order and bind processors."""

    __slots__ = ("sql", "order", "ordered", "defaults", "processors", "results", "_types")

    def __init__(self, statement, dialect, keys: tuple[str, ...]):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        if compiled.insert_prefetch or compiled.update_prefetch or compiled.escaped_bind_names:
            raise ValueError("a kept statement takes every value as a parameter (no Python-side defaults)")
        self.sql = compiled.string
        # qmark (SQLite): values in the order of the placeholders; pyformat (psycopg): by name.
        self.order = tuple(compiled.positiontup) if compiled.positional else None
        # The values in that order as one tuple, taken by a C itemgetter (a placeholder each).
        self.ordered = None if self.order is None else _tuple_getter(self.order)
        # Literal values compiled as parameters (e.g. `attempts = 1`), and the keys themselves.
        self.defaults = compiled.construct_params(_check=False)
        self.processors = tuple(compiled._bind_processors.items())
        self._types = tuple(column[3] for column in compiled._result_columns)
        self.results: tuple | None = None  # set from the first run's cursor.description

    def result_processors(self, dialect, description) -> tuple:
        """Each result column's processor (None: the value as the driver gives it), chosen as
        SQLAlchemy's result chooses it: by the column's type and the driver's type code."""
        if self.results is None:
            self.results = tuple(type_._cached_result_processor(dialect, column[1])
                                 for type_, column in zip(self._types, description))
        return self.results


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
        args: Any = values if compiled.ordered is None else compiled.ordered(values)
        return execute_on_cursor(connection, compiled.sql, args)

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

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[tuple]:
        """Every row, each value through its column's result processor (as SQLAlchemy reads it)."""
        cursor = self.run(connection, params)
        try:
            fetched = cursor.fetchall()
            processors = self._compiled(connection.dialect).result_processors(connection.dialect,
                                                                              cursor.description)
        finally:
            cursor.close()
        if not any(processors):
            return [tuple(row) for row in fetched]
        return [tuple(value if process is None or value is None else process(value)
                      for process, value in zip(processors, row)) for row in fetched]

    def rows_in(self, session: Session, params: dict[str, Any]) -> list[tuple]:
        """`rows` in `session`'s transaction (no flush, as `session.execute` of a Core SELECT)."""
        return self.rows(session.connection(), params)

    def rowcount(self, connection: Connection, params: dict[str, Any]) -> int:
        """How many rows the statement changed."""
        cursor = self.run(connection, params)
        try:
            return cursor.rowcount
        finally:
            cursor.close()
