"""Child processes of a test: `flask --app wsgi …` with only the environment the test means to set.

    env = subprocess_env(migrated, fake_wechat.base_url, OUTBOX_BATCH="5")
    worker = flask_process(env, "outbox", "run", log_path=tmp_path / "worker.log")
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
