"""Database access: engine and sessions for SQLite (WAL, BEGIN IMMEDIATE) and PostgreSQL.

Transactions live at the edge (a request, a job, a command): open one with
`with db.session() as s: ...`; it commits on success and rolls back on error.
Helpers take a session and never commit.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from typing import Iterator

from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from . import sqlite_gate
from .kept_sql import execute_on_cursor


def _json(value) -> str:
    # Chinese as UTF-8 (3 bytes a character), not "\\uXXXX" escapes (6): a monthly push stores
    # the same ~300-character text in a million outbox rows.
    return json.dumps(value, ensure_ascii=False)


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False},
                               json_serializer=_json)
        _use_sqlite_write_transactions(engine, path if path and path != ":memory:" else None)
        return engine
    connect_args = {}
    if url.startswith("postgresql"):
        # Fail fast when PostgreSQL is down or a statement hangs: the webhook has a 5 s budget.
        connect_args = {"connect_timeout": 2, "options": "-c statement_timeout=8000 -c lock_timeout=3000"}
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         pool_timeout=3, connect_args=connect_args, json_serializer=_json)


def _use_sqlite_write_transactions(engine: Engine, path: str | None) -> None:
    """SQLAlchemy's documented pysqlite recipe: we issue BEGIN ourselves.

    Python's sqlite3 starts transactions lazily, so read-then-write transactions fail with
    "database is locked" despite the busy timeout. BEGIN IMMEDIATE takes the write lock up
    front and waits for it instead; for a database file, writers first queue on a file lock
    (bot/sqlite_gate.py) rather than in SQLite's sleeping busy handler.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - driver hook
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if path is not None:
        sqlite_gate.install(engine, path)  # its "begin" hook issues BEGIN IMMEDIATE
        return

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - driver hook
        execute_on_cursor(conn, "BEGIN IMMEDIATE").close()  # as bot/sqlite_gate.py does


class Database:
    """One engine and session factory per process (per app)."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _make_engine(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One pooled connection for several transactions in a row (one checkout, one pre-ping)."""
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def statements_commit_alone(self, connection: Connection) -> Iterator[Connection]:
        """PostgreSQL: `connection` in autocommit while inside, so each statement is its own
        transaction: no BEGIN and no COMMIT exchange (two of a short run's round trips). Only for
        statements that need no atomicity together and hold no lock across each other (the
        webhook's claim: see bot/reply_runner.py). SQLite keeps its write transaction: one
        BEGIN IMMEDIATE, one turn of the write lock, for the whole run."""
        if not self.is_postgres:
            yield connection
            return
        connection.execution_options(isolation_level="AUTOCOMMIT")
        try:
            yield connection
        finally:
            if not connection.closed:
                connection.execution_options(isolation_level=connection.default_isolation_level)

    @contextmanager
    def session(self, connection: Connection | None = None) -> Iterator[Session]:
        """One transaction; on `connection` when given (it must not be in a transaction)."""
        s = self._factory() if connection is None else self._factory(bind=connection)
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def dispose(self) -> None:
        self.engine.dispose()


def init_app(app: Flask) -> Database:
    database = Database(app.config["DATABASE_URL"])
    app.extensions["db"] = database
    return database


def get_db() -> Database:
    return current_app.extensions["db"]
