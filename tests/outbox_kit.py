"""Helpers for the outbound tests: users in or out of the 48-hour window, a guard on the network.

`RealHostGuard` replaces socket name resolution for a test: any host other than loopback is
recorded and refused, so a request meant for api.weixin.qq.com fails the test instead of leaving.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bot import clock
from bot.models import User

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class RealHostGuard:
    def __init__(self, monkeypatch):
        self.attempts: list[str] = []
        real = socket.getaddrinfo

        def guarded(host, *args, **kwargs):
            name = host.decode() if isinstance(host, bytes) else str(host)
            if name not in LOOPBACK:
                self.attempts.append(name)
                raise OSError(f"test guard: no traffic to {name}")
            return real(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", guarded)


def add_user(session, openid: str, *, in_window: bool, subscribed: bool = True,
             now: datetime | None = None) -> User:
    now = now or clock.now()
    user = User(openid=openid, subscribed=subscribed,
                last_interaction_at=now - timedelta(hours=1) if in_window else now - timedelta(hours=60))
    session.add(user)
    return user


def subprocess_env(database_url: str, api_base: str, **extra: str) -> dict[str, str]:
    """The environment of a `flask --app wsgi …` child: only what the test means to set."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WECHAT_", "OUTBOX_", "SCHEDULER_", "TEST_")) and k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"DATABASE_URL": database_url, "WECHAT_API_BASE": api_base, "REDIS_URL": "",
                "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def flask_process(env: dict[str, str], *args: str, log_path: Path | None = None) -> subprocess.Popen:
    out = open(log_path, "wb") if log_path else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
