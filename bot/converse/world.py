"""The world of one scripted conversation: its own copy of the sample county, app and clock.

`Worlds` builds, once per run, a SQLite template: the schema and the sample knowledge exactly
as `flask setup` loads them, plus the role users (roles.py); then, once per start time, a copy
with what the scheduler would have prepared by then (every job run once, the pushes sent).
Each conversation gets a file copy of that, its own app on it, and the shared fake WeChat API.
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from werkzeug.serving import make_server

from bot import clock, create_app
from bot.dev.settings import DEV_TEMPLATE_IDS
from bot.fakewechat import FakeState, create_fake_app

from . import clockwork
from .roles import create_role_users

DEFAULT_NOW = "2026-12-07 09:00"


class FakeWeChatServer:
    """The fake WeChat API on a free loopback port, in this process, for the whole run."""

    def __init__(self) -> None:
        self.state = FakeState()
        self._server = make_server("127.0.0.1", 0, create_fake_app(self.state), threaded=True)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.base_url = f"http://127.0.0.1:{self._server.server_port}/"

    def last_id(self) -> int:
        messages = self.state.messages_for()
        return messages[-1]["id"] if messages else 0

    def pushes_since(self, since_id: int) -> list[dict]:
        return self.state.messages_for(None, since_id)

    def close(self) -> None:
        self.state.reset()
        self._server.shutdown()


def app_settings(url: str, fake: FakeWeChatServer, tz_name: str) -> dict:
    return {
        "DATABASE_URL": url, "TESTING": True, "REDIS_URL": None, "TZ_NAME": tz_name,
        "WECHAT_API_BASE": fake.base_url, "WECHAT_APP_ID": fake.state.app_id,
        "WECHAT_APP_SECRET": fake.state.app_secret, "WECHAT_ENCODING_AES_KEY": None,
        "TEMPLATE_IDS": dict(DEV_TEMPLATE_IDS),
        # A scripted step waits for its answer however slow the machine: no deferred replies.
        "REPLY_BUDGET_SECONDS": 60.0,
        # Requests are signed at the world's clock; the freshness check may read another clock
        # (the wall clock, where not every "now" reads bot/clock.py yet): accept any skew.
        "TIMESTAMP_SKEW_SECONDS": 10 * 365 * 86400,
        # Pushes go out one at a time, in order, unpaced: the fake has no quota to spare.
        "OUTBOX_CONCURRENCY": 1, "OUTBOX_RATE_PER_PROCESS": 0.0, "OUTBOX_RATE_OVERALL": 0.0,
    }


def local_start(value: str | None, tz_name: str) -> datetime:
    """A conversation's `now` ("2026-12-07 09:00", local time in TZ_NAME) as an aware datetime."""
    naive = datetime.strptime((value or DEFAULT_NOW).strip(), "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=ZoneInfo(tz_name))


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _close(app: Flask) -> None:
    """Fold SQLite's write-ahead log into the file and close, so the file can be copied."""
    database = app.extensions["db"]
    database.dispose()
    raw = sqlite3.connect(database.url.split("///", 1)[-1])
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


@dataclass
class Worlds:
    """Builds worlds for one run: templates once, a file copy per conversation."""

    tz_name: str
    fake: FakeWeChatServer
    base_time: datetime  # the clock while the county is loaded (before every conversation)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="converse-")))
    _prepared: dict[datetime, Path] = field(default_factory=dict)
    _base: Path | None = None
    _copies: int = 0

    def _app(self, path: Path) -> Flask:
        return create_app(app_settings(_sqlite_url(path), self.fake, self.tz_name))

    def base(self) -> Path:
        """Schema, sample knowledge (`flask setup`), role users."""
        if self._base is None:
            path = self.workdir / "base.db"
            with clock.frozen(self.base_time):
                app = self._app(path)
                result = invoke(app, ["setup"])
                if result.exit_code != 0:
                    raise RuntimeError(f"flask setup failed: {result.output}{result.exception!r}")
                with app.app_context(), app.extensions["db"].session() as session:
                    create_role_users(session)
                _close(app)
            self._base = path
        return self._base

    def prepared(self, start: datetime) -> Path:
        """The base with what the scheduler did by `start`: every job once, the pushes sent."""
        if start not in self._prepared:
            path = self.workdir / f"start-{len(self._prepared)}.db"
            shutil.copyfile(self.base(), path)
            with clock.frozen(start):
                app = self._app(path)
                clockwork.run_all(app)
                send_outbox(app)
                _close(app)
            self._prepared[start] = path
        return self._prepared[start]

    def open(self, start: datetime) -> Flask:
        """A fresh world at `start`: a copy of the prepared file and an app on it."""
        source = self.prepared(start)
        self.fake.state.forget_deliveries()  # the same business keys come again in each world
        self._copies += 1
        path = self.workdir / f"world-{self._copies}.db"
        shutil.copyfile(source, path)
        return self._app(path)

    def close(self, app: Flask) -> None:
        app.extensions["db"].dispose()
        url = app.config["DATABASE_URL"]
        path = Path(url.split("///", 1)[-1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def invoke(app: Flask, args: list[str]):
    """`flask ARGS` in `app`: its context pushed first, since `flask` itself runs every command
    in the context of the app it was started with (not this world's)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=args)


def send_outbox(app: Flask, max_rounds: int = 100) -> int:
    """Send every push due at the clock's time, as the dispatcher would; returns rows claimed."""
    from bot.outbox.dispatcher import dispatch_once
    from bot.wechat.client import get_client

    claimed = 0
    with app.app_context():
        database, client = app.extensions["db"], get_client()
        for _ in range(max_rounds):
            result = dispatch_once(database, client, now=clock.now())
            claimed += result.claimed
            if not result.claimed:
                break
    return claimed

