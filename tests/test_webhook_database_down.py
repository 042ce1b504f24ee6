"""Database down, hung or locked: the webhook still answers politely within budget, then recovers.

PostgreSQL goes through a loopback TCP proxy that the test stops (connection refused),
turns into a black hole (a hung server), and starts again. SQLite's honest equivalent is
another connection holding an exclusive lock on the file: every write waits.
"""
from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.models import InboundMessage, OutboxMessage
from bot.reply_runner import drain
from bot.webhook import BUSY_TEXT
from handlers import menu
from tests.kit.network import TcpProxy
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text

BUDGET = 0.5
MARGIN = 0.25  # thread hand-off and rendering on a loaded 2-core machine


@pytest.fixture
def proxy(migrated):
    if not migrated.startswith("postgresql"):
        yield None
        return
    url = make_url(migrated)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def app_config(app_config, proxy):
    config = {**app_config, **WECHAT_SETTINGS}
    if proxy is not None:
        url = make_url(app_config["DATABASE_URL"]).set(host="127.0.0.1", port=proxy.port)
        config["DATABASE_URL"] = url.render_as_string(hide_password=False)
    return config


@pytest.fixture
def kit(kit, app):
    app.config["REPLY_BUDGET_SECONDS"] = BUDGET
    return kit


class SqliteLock:
    """Another connection holding the database file's exclusive lock."""

    def __init__(self, url: str):
        self.path = make_url(url).database
        self.conn: sqlite3.Connection | None = None

    def take(self) -> None:
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def _answered_politely_in_budget(kit: WeChatKit, openid: str, mode: str) -> None:
    sent = kit.post(make_text(openid, "你好"), mode=mode)
    assert sent.status == 200
    assert kit.content(sent) == BUSY_TEXT
    assert sent.elapsed < BUDGET + MARGIN, sent.elapsed


def _works(kit: WeChatKit, openid: str) -> None:
    sent = kit.post(make_text(openid, "你好"))
    assert kit.content(sent) == menu.MENU_TEXT
    assert sent.elapsed < BUDGET + MARGIN, sent.elapsed


@pytest.fixture(autouse=True)
def _warm_worker():
    """The router and the danger rules loaded, as a worker has them before it serves (bot/preload.py):
    the 0.5 s budget here is for the outage, not for a cold start (~1.7 s), which a test run
    alone would otherwise meet on its first message."""
    from bot.nlu import warm_up
    from bot.safety.detect import detect

    warm_up(background=False)
    detect("俺家着火了")


@pytest.mark.parametrize("outage", ["refused", "hung"])
def test_postgres_down_then_back(app, kit, db, proxy, outage):
    if proxy is None:
        pytest.skip("PostgreSQL outage (this run uses SQLite; see the lock test)")
    _works(kit, "d1")
    if outage == "refused":
        proxy.stop()
    else:
        proxy.start(hang=True)
    started = time.monotonic()
    _answered_politely_in_budget(kit, "d2", "plain")
    _answered_politely_in_budget(kit, "d3", "safe")
    if outage == "refused":  # a refused connection fails fast: no need to wait for the budget
        assert time.monotonic() - started < 2 * BUDGET
    proxy.start()
    _works(kit, "d4")
    _works(kit, "d5")
    assert drain(app)
    with db.session() as s:
        openids = set(s.scalars(select(InboundMessage.openid)))
    assert {"d1", "d4", "d5"} <= openids


def test_sqlite_locked_then_released(app, kit, db, migrated):
    if migrated.startswith("postgresql"):
        pytest.skip("SQLite lock (this run uses PostgreSQL; see the proxy test)")
    _works(kit, "e1")
    lock = SqliteLock(migrated)
    lock.take()
    try:
        _answered_politely_in_budget(kit, "e2", "plain")
        _answered_politely_in_budget(kit, "e3", "safe")
    finally:
        lock.release()
    _works(kit, "e4")
    assert drain(app)
    with db.session() as s:
        rows = {r.openid: r for r in s.scalars(select(InboundMessage))}
        deferred = {r.openid: r.payload["text"] for r in s.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "reply"))}
    # The messages that waited for the lock were handled once it went, and their answers
    # go out as customer-service messages.
    assert rows["e2"].status == rows["e3"].status == "deferred"
    assert deferred == {"e2": menu.MENU_TEXT, "e3": menu.MENU_TEXT}
    assert rows["e4"].status == "replied"
