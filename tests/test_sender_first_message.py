"""A worker's first message from a known villager, before any ORM query has configured the mappers
(a worker not preloaded, after a restart): bot/sender.py builds the sender without a query."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.conversation import get_or_create_user

ROOT = Path(__file__).resolve().parent.parent

_FRESH_PROCESS = """
import sys
from bot import create_app
from bot.conversation import get_or_create_user
app = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1], "REDIS_URL": None})
with app.app_context(), app.extensions["db"].session() as session:
    user = get_or_create_user(session, "known1", read_along=True)
    print(user.openid, [r.role for r in user.roles])
"""


@pytest.mark.processes
def test_a_fresh_workers_first_sender_is_read_without_a_query_first(app, db):
    with app.app_context(), db.session() as session:
        get_or_create_user(session, "known1")
    env = {k: v for k, v in os.environ.items() if k != "PIANQU_PRELOAD"}
    done = subprocess.run([sys.executable, "-c", _FRESH_PROCESS, app.config["DATABASE_URL"]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("known1 []")
