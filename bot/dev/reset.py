"""Empty every table of a migrated database, for tests and benches that start from nothing.

    empty_all_tables(database)   # TRUNCATE … RESTART IDENTITY on PostgreSQL, DELETE on SQLite
"""
from __future__ import annotations

from sqlalchemy import text

from bot.db import Database
from bot.models import Base


def empty_all_tables(database: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with database.engine.begin() as conn:
        if database.is_postgres:
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
