"""gunicorn --preload: what the master builds before the fork (bot/preload.py)."""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import func, select

import bot.nlu
import bot.prewarm as prewarm
import bot.preload as preload
import bot.safety.detect
import bot.village_match


def test_the_master_configures_the_mappers_before_the_fork(app, monkeypatch):
    """Unconfigured mappers would be built by each worker's first query (~3 MB each, unshared)."""
    done: list[str] = []
    # The router and the rules are built by their own tests; here only the order of the steps.
    monkeypatch.setattr(bot.nlu, "warm_up", lambda background=False: done.append("router"))
    monkeypatch.setattr(bot.safety.detect, "detect", lambda text: done.append("safety"))
    monkeypatch.setattr(bot.village_match, "normalise", lambda text: done.append("converter"))
    monkeypatch.setattr(preload, "configure_mappers", lambda: done.append("mappers"))
    monkeypatch.setattr(preload, "warm_message_path", lambda app: done.append("path"))  # tests below
    forks: list = []
    monkeypatch.setattr(preload.os, "register_at_fork", lambda **hooks: forks.append(hooks))
    monkeypatch.setattr(preload.gc, "freeze", lambda: done.append("freeze"))

    preload.load_before_fork(app)

    assert done == ["router", "safety", "converter", "mappers", "path", "freeze"]
    assert list(forks[0]) == ["after_in_child"]  # the child drops the pool it inherited


def _rows_in_every_table(db) -> dict[str, int]:
    from bot.models import Base

    with db.engine.connect() as connection:
        return {t.name: connection.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def test_the_message_path_runs_before_the_fork_and_keeps_nothing(app, db, monkeypatch):
    """Every sample goes through guard, limit, claim, handler and stored reply; all rolled back,
    no thread started (a fork copies none), no connection left for the workers to inherit."""
    handled: list[str | None] = []
    handle = prewarm.handle_incoming

    def counted(session, incoming, now=None):
        reply = handle(session, incoming, now)
        handled.append(reply.action)
        return reply

    monkeypatch.setattr(prewarm, "handle_incoming", counted)
    threads = threading.active_count()

    assert prewarm.warm_message_path(app) is True

    assert len(handled) == prewarm.ROUNDS * len(prewarm.SAMPLES)
    assert "menu.show" in handled  # (no guides in the test database: the menu answers matters)
    assert db.engine.pool.checkedin() == 0
    assert threading.active_count() == threads
    assert set(_rows_in_every_table(db).values()) == {0}


def test_a_failed_warm_up_is_logged_and_the_start_goes_on(app, db, monkeypatch, caplog):
    def broken(session, incoming, now=None):
        raise RuntimeError("database gone")

    monkeypatch.setattr(prewarm, "handle_incoming", broken)

    assert prewarm.warm_message_path(app) is False

    assert "could not be run before the fork" in caplog.text
    assert set(_rows_in_every_table(db).values()) == {0}


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL")
def test_with_redis_the_warm_up_writes_nothing_there(app_config):
    """The dialog is kept in the database (rolled back) meanwhile; the app keeps its Redis client."""
    from bot import create_app

    app = create_app({**app_config, "REDIS_URL": os.environ["TEST_REDIS_URL"]})
    client = app.extensions["redis"]
    client.delete(f"dialog:{prewarm.OPENID}")

    assert prewarm.warm_message_path(app) is True

    assert app.extensions["redis"] is client
    assert client.keys(f"*{prewarm.OPENID}*") == []
    app.extensions["db"].dispose()
