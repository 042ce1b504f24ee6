"""Writers of one SQLite file queue on a file lock before BEGIN IMMEDIATE, instead of sleeping.

SQLite's busy handler retries a locked database after sleeps of 1, 2, 5, … up to 100 ms: under
16 connections on two gunicorn workers most of a message's p99 was those sleeps (issue 17),
not work. `flock` queues the waiters in the kernel and wakes one the moment the holder lets
go. The turn is taken right before BEGIN IMMEDIATE and given back right after the COMMIT or
ROLLBACK reached the file, so it covers exactly SQLite's own write lock; whatever does not
pass here (a migration, the sqlite3 shell) still meets SQLite's busy timeout.

One lock file per database (`<file>-writelock`) and one descriptor per DBAPI connection (a
flock belongs to an open file: two connections exclude each other even in one thread, and a
connection is never shared across a fork). When the lock file cannot be opened (a read-only
directory) that connection skips the queue and SQLite's busy timeout decides, as before.
"""
from __future__ import annotations

import fcntl
import os

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .kept_sql import execute_on_cursor

_STATE = "sqlite_gate"  # connection record info: [descriptor or None, held]


def install(engine: Engine, database_path: str) -> None:
    """Queue the engine's write transactions on `<database_path>-writelock`."""
    lock_path = os.path.abspath(database_path) + "-writelock"
    dialect = engine.dialect
    # DBAPI connection → its gate state; set at connect, dropped at close.
    states: dict[int, list] = {}

    @event.listens_for(engine, "connect")
    def _open(dbapi_connection, record):  # pragma: no cover - driver hook
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            fd = None
        states[id(dbapi_connection)] = record.info[_STATE] = [fd, False]

    def _release(connection) -> None:
        # SQLAlchemy hands do_commit / do_rollback its pool proxy, the events the DBAPI connection.
        state = states.get(id(getattr(connection, "dbapi_connection", connection)))
        if state is not None and state[1]:
            state[1] = False
            fcntl.flock(state[0], fcntl.LOCK_UN)

    @event.listens_for(engine, "close")
    def _close(dbapi_connection, record):  # pragma: no cover - driver hook
        _release(dbapi_connection)
        state = states.pop(id(dbapi_connection), None)
        if state is not None and state[0] is not None:
            os.close(state[0])

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover - driver hook
        dbapi_connection = conn.connection.dbapi_connection
        state = states.get(id(dbapi_connection))
        if state is not None and state[0] is not None and not state[1]:
            fcntl.flock(state[0], fcntl.LOCK_EX)  # waits in the kernel, GIL released
            state[1] = True
        try:
            # On the DBAPI cursor (bot/kept_sql.py): every message begins two transactions.
            execute_on_cursor(conn, "BEGIN IMMEDIATE").close()
        except BaseException:
            _release(dbapi_connection)
            raise

    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_connection):
        try:
            commit(dbapi_connection)
        finally:
            _release(dbapi_connection)

    def do_rollback(dbapi_connection):
        try:
            rollback(dbapi_connection)
        finally:
            _release(dbapi_connection)

    # Per engine (its own dialect object): the turn ends once the file saw COMMIT / ROLLBACK.
    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback
