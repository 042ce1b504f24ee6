"""Alembic environment: the URL comes from alembic.ini's option (set by `flask setup`) or Config."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from bot.config import Config
from bot.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or Config.from_env().DATABASE_URL


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave APScheduler's job table alone: its job store creates it (scheduler/runner.py)."""
    if type_ == "table" and reflected and compare_to is None and name.startswith("apscheduler_jobs"):
        return False
    return True


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    if url.startswith("sqlite"):
        import os

        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
