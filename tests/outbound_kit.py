"""Helpers for outbound tests: users in and out of the 48-hour window, child processes, waiting."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import func, select

from bot.models import OutboxMessage, User

ROOT = Path(__file__).resolve().parent.parent


def add_user(db, openid: str, wrote_hours_ago: float | None = 1.0, subscribed: bool = True) -> None:
    """A user whose last message was `wrote_hours_ago` hours ago (None: never wrote)."""
    last = None if wrote_hours_ago is None else datetime.now(timezone.utc) - timedelta(hours=wrote_hours_ago)
    with db.session() as s:
        s.add(User(openid=openid, last_interaction_at=last, subscribed=subscribed))


def outbox_row(db, business_key: str) -> OutboxMessage:
    with db.session() as s:
        return s.scalars(select(OutboxMessage).where(OutboxMessage.business_key == business_key)).one()


def status_counts(db) -> dict[str, int]:
    with db.session() as s:
        return dict(s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def child_env(app_config: dict, **settings) -> dict[str, str]:
    """Environment for a child `flask --app wsgi …` process with these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "OUTBOX_", "SCHEDULER_"))}
    env.pop("REDIS_URL", None)
    values = {k: app_config[k] for k in ("DATABASE_URL", "WECHAT_API_BASE", "WECHAT_APP_ID", "WECHAT_APP_SECRET")
              if k in app_config}
    values.update(settings)
    for key, value in values.items():
        if key == "TEMPLATE_IDS":
            env.update({f"WECHAT_TEMPLATE_{kind.upper()}": tid for kind, tid in value.items()})
        elif value is not None:
            env[key] = str(value)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start_flask(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def start_python(module_args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")
    return subprocess.Popen([sys.executable, "-m", *module_args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def wait_for(predicate: Callable[[], object], timeout: float, interval: float = 0.1, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(interval)


def stop_all(processes: list[subprocess.Popen], timeout: float = 10) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
