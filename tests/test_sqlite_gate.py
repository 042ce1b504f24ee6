"""SQLite writers queue on the gate (bot/sqlite_gate.py) instead of SQLite's sleeping busy handler."""
from __future__ import annotations

import threading

from bot.db import Database


def _database(tmp_path) -> Database:
    database = Database(f"sqlite:///{tmp_path}/gate.db")
    with database.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    return database


def test_a_second_writer_waits_for_the_first_commit_without_the_busy_handler(tmp_path):
    database = _database(tmp_path)
    first, second = database.engine.connect(), database.engine.connect()
    # Without the gate this connection's BEGIN IMMEDIATE fails at once while `first` writes.
    second.connection.dbapi_connection.execute("PRAGMA busy_timeout=0")
    errors: list[BaseException] = []

    def write_second():
        try:
            with second.begin():
                second.exec_driver_sql("INSERT INTO t VALUES (2)")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    transaction = first.begin()
    first.exec_driver_sql("INSERT INTO t VALUES (1)")
    writer = threading.Thread(target=write_second)
    writer.start()
    writer.join(timeout=0.3)
    assert writer.is_alive() and not errors  # queued behind `first`, not refused
    transaction.commit()
    writer.join(timeout=10)
    assert not writer.is_alive() and not errors
    with database.engine.connect() as connection:
        assert sorted(r[0] for r in connection.exec_driver_sql("SELECT x FROM t")) == [1, 2]
    first.close(), second.close()
    database.dispose()


def test_the_turn_is_given_back_after_a_rollback_and_after_a_failed_statement(tmp_path):
    database = _database(tmp_path)
    with database.engine.connect() as connection:
        connection.begin()
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        connection.rollback()
    try:
        with database.session() as session:
            session.connection().exec_driver_sql("INSERT INTO no_such_table VALUES (1)")
    except Exception:
        pass
    other = database.engine.connect()
    other.connection.dbapi_connection.execute("PRAGMA busy_timeout=0")
    with other.begin():  # would wait forever if a turn had not been given back
        other.exec_driver_sql("INSERT INTO t VALUES (3)")
    other.close()
    database.dispose()
