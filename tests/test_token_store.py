"""The shared access token: one fetch for many processes, refresh ahead, compare-and-delete.

Each test runs on the database backend (SQLite or PostgreSQL, per TEST_DATABASE_URL) and, when
TEST_REDIS_URL is set, on Redis.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.wechat.token_store import (DatabaseTokenBackend, RedisTokenBackend, SharedAccessToken,
                                    StoredToken)
from tests.kit.processes import ROOT, subprocess_env

APP_ID = "wxdev0000000000000"
REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def redis_client():
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL not set")
    import redis

    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    client.delete(f"wechat:access_token:{APP_ID}", f"wechat:access_token:{APP_ID}:lock")
    yield client
    client.delete(f"wechat:access_token:{APP_ID}", f"wechat:access_token:{APP_ID}:lock")


@pytest.fixture(params=["database", "redis"])
def make_backend(request, db):
    if request.param == "redis":
        client = request.getfixturevalue("redis_client")
        return lambda: RedisTokenBackend(client, APP_ID)
    return lambda: DatabaseTokenBackend(db, APP_ID)


class CountingFetch:
    def __init__(self, delay: float = 0.2):
        self.calls = 0
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self) -> tuple[str, int]:
        with self.lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.delay)  # a slow fetch widens the race
        return f"token-{n}", 7200


def test_many_holders_racing_on_an_empty_store_fetch_once(make_backend):
    fetch = CountingFetch()
    holders = [SharedAccessToken(make_backend()) for _ in range(6)]  # one per "process"
    barrier = threading.Barrier(len(holders))
    got: list[str] = []

    def worker(holder):
        barrier.wait()
        got.append(holder.get(fetch))

    threads = [threading.Thread(target=worker, args=(h,)) for h in holders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert fetch.calls == 1
    assert got == ["token-1"] * len(holders)


def test_refresh_ahead_of_expiry_and_the_old_token_serves_meanwhile(make_backend):
    now = [1_000_000.0]
    a = SharedAccessToken(make_backend(), refresh_ahead=600, clock=lambda: now[0])
    b = SharedAccessToken(make_backend(), refresh_ahead=600, clock=lambda: now[0])
    fetch = CountingFetch(delay=0)
    assert a.get(fetch) == "token-1"
    now[0] += 7200 - 700  # still fresh
    assert b.get(fetch) == "token-1" and fetch.calls == 1
    now[0] += 200  # 500 s left: inside the refresh margin
    # While someone else holds the refresh lock, the old token (still valid) is handed out.
    assert b.backend.try_lock("someone-else", 30)
    assert b.get(fetch) == "token-1" and fetch.calls == 1
    b.backend.unlock("someone-else")
    assert b.get(fetch) == "token-2" and fetch.calls == 2
    assert a.get(fetch) == "token-2" and fetch.calls == 2


def test_a_stale_token_cannot_delete_the_fresh_one(make_backend):
    a, b = SharedAccessToken(make_backend()), SharedAccessToken(make_backend())
    fetch = CountingFetch(delay=0)
    old = a.get(fetch)
    assert b.invalidate(old)  # B was refused with the old token first and refreshed
    new = b.get(fetch)
    assert new != old
    assert not a.invalidate(old)  # A's late 40001 on the old token deletes nothing
    assert a.backend.read() == StoredToken(new, a.backend.read().expires_at)
    assert a.get(fetch) == new and fetch.calls == 2


@pytest.mark.real_clock  # the crashed holder's lock runs out in real time
def test_a_crashed_refresher_does_not_block_the_others_for_ever(make_backend):
    backend = make_backend()
    assert backend.try_lock("crashed-process", 0.5)  # never unlocked
    holder = SharedAccessToken(make_backend(), wait_seconds=5)
    started = time.monotonic()
    assert holder.get(CountingFetch(delay=0)) == "token-1"
    assert time.monotonic() - started < 3


WORKER = """
import os, sys, time
from bot import create_app
from bot.wechat.client import WeChatApi, get_client
from bot.wechat.token_store import SharedAccessToken
go, ready, mode = sys.argv[1], sys.argv[2], sys.argv[3]


class OwnToken:
    \"\"\"This process's own token, as plain wechatpy keeps it (the control run).\"\"\"
    token = None
    def read(self): return self.token
    def write(self, token): self.token = token
    def delete_if(self, value):
        if self.token is not None and self.token.value == value:
            self.token = None
            return True
        return False
    def try_lock(self, holder, ttl_seconds): return True
    def unlock(self, holder): pass


app = create_app()
with app.app_context():
    client = get_client()
    if mode == "own":
        c = app.config
        client = WeChatApi(c["WECHAT_APP_ID"], c["WECHAT_APP_SECRET"], c["WECHAT_API_BASE"],
                           SharedAccessToken(OwnToken()), timeout=5)
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.005)
    for i in range(15):
        try:
            client.send_text_message("o-shared", f"{os.getpid()}-{i}")
        except Exception as exc:
            if mode != "own":
                raise
            print("refused:", exc)
"""


def _two_processes(mode: str, migrated, fake_wechat, tmp_path: Path, **extra) -> list[str]:
    # A new token ends the old one at once (WeChat allows ~5 minutes): any second fetch by one
    # process would now cost the other process 40001s.
    fake_wechat.configure(token_grace=0)
    fake_wechat.interaction("o-shared")
    env = subprocess_env(migrated, fake_wechat.base_url, **extra)
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(2)]
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(go), str(r), mode], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for r in ready]
    deadline = time.monotonic() + 30
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.02)
    go.touch()  # both start sending at once, with an empty token store
    outputs = [p.communicate(timeout=60)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    return outputs


@pytest.mark.processes
@pytest.mark.parametrize("store", ["database", "redis"])
def test_two_processes_share_one_token(store, migrated, fake_wechat, db, tmp_path: Path):
    extra = {}
    if store == "redis":
        if not REDIS_URL:
            pytest.skip("TEST_REDIS_URL not set")
        import redis

        redis.Redis.from_url(REDIS_URL).delete(f"wechat:access_token:{APP_ID}")
        extra["REDIS_URL"] = REDIS_URL
    _two_processes("shared", migrated, fake_wechat, tmp_path, **extra)
    stats = fake_wechat.stats()
    assert stats["token_fetches"] == 1
    assert stats["invalid_token_errors"] == 0
    assert len(fake_wechat.messages("o-shared")) == 30


@pytest.mark.processes
def test_control_processes_with_their_own_tokens_break_each_other(migrated, fake_wechat, db, tmp_path: Path):
    """Shows the test above can fail: each process fetching its own token invalidates the other's."""
    _two_processes("own", migrated, fake_wechat, tmp_path)
    stats = fake_wechat.stats()
    assert stats["token_fetches"] >= 2
    assert stats["invalid_token_errors"] > 0
