"""The shared access token: one refresher, reuse by all, compare-and-delete on 40001 (database and Redis)."""
from __future__ import annotations

import os
import threading
import time
import uuid

import pytest

from bot.wechat.token_store import DatabaseTokenStore, RedisTokenStore

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture(params=["database", "redis"])
def make_store(request, db):
    """A factory of stores over one shared storage: each call is "another process"."""
    appid = "wxtest" + uuid.uuid4().hex[:10]
    if request.param == "database":
        yield lambda: DatabaseTokenStore(db, appid, wait_seconds=10, poll_seconds=0.02)
        return
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL not set")
    import redis

    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    yield lambda: RedisTokenStore(client, appid, wait_seconds=10)
    client.delete(f"wechat:{appid}:access_token", f"wechat:{appid}:access_token:refresh")


class Fetcher:
    def __init__(self, delay: float = 0.0):
        self.calls = 0
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self) -> tuple[str, int]:
        with self.lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.delay)
        return f"TOKEN-{n}", 7200


def test_fetched_once_then_reused(make_store):
    fetch = Fetcher()
    store = make_store()
    assert store.get(fetch) == "TOKEN-1"
    assert make_store().get(fetch) == "TOKEN-1"  # another process reads the same token
    assert fetch.calls == 1


def test_many_processes_at_once_make_one_fetch(make_store):
    fetch = Fetcher(delay=0.3)
    stores = [make_store() for _ in range(6)]
    results: list[str] = []
    barrier = threading.Barrier(len(stores))

    def worker(store):
        barrier.wait()
        results.append(store.get(fetch))

    threads = [threading.Thread(target=worker, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert fetch.calls == 1
    assert results == ["TOKEN-1"] * len(stores)


def test_a_stale_40001_never_deletes_a_fresh_token(make_store):
    fetch = Fetcher()
    slow, quick, third = make_store(), make_store(), make_store()
    old = slow.get(fetch)
    assert quick.get(fetch) == old
    quick.invalidate(old)  # quick saw 40001 first and refreshed
    fresh = quick.get(fetch)
    assert fresh != old
    slow.invalidate(old)  # slow saw its 40001 later, with the token that is already gone
    assert slow.get(fetch) == fresh
    assert third.get(fetch) == fresh
    assert fetch.calls == 2


def test_a_failed_fetch_leaves_the_lock_free(make_store):
    def broken():
        raise RuntimeError("WeChat is down")

    store = make_store()
    with pytest.raises(RuntimeError):
        store.get(broken)
    assert make_store().get(Fetcher()) == "TOKEN-1"
