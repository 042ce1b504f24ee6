"""The access token, shared by every process: in Redis when REDIS_URL is set, else the database.

WeChat invalidates the previous token a few minutes after a new one is fetched, so processes
that each fetch their own break each other. Here one process refreshes (under a lock) while the
others wait and reuse its token, and a 40001 removes the token only if it is still the stored
one (compare-and-delete): a process holding a stale token never deletes a fresh one.

    store.get(fetch)        # fetch() -> (token, expires_in); called by one process at a time
    store.invalidate(token) # after 40001/42001 with `token`
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from sqlalchemy import delete, select

from .. import leases
from ..db import Database
from ..models import SharedValue
from ..sql import insert_or_ignore

log = logging.getLogger(__name__)

Fetch = Callable[[], tuple[str, int]]
# Refresh this long before WeChat's expiry (the old token keeps working ~5 min after a new one).
REFRESH_MARGIN_SECONDS = 300
# A process re-reads the shared token at least this often, so it sees another's refresh.
LOCAL_CACHE_SECONDS = 30.0


class TokenUnavailable(RuntimeError):
    """No token could be had in time (another process holds the refresh lock too long)."""


class TokenStore(Protocol):
    def get(self, fetch: Fetch) -> str: ...
    def invalidate(self, token: str) -> None: ...


def _lifetime(expires_in: int) -> float:
    return max(1.0, expires_in - min(REFRESH_MARGIN_SECONDS, expires_in / 4))


class _LocalCache:
    """The last token this process saw, kept briefly so not every call reads shared storage."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: str | None = None
        self._until = 0.0

    def get(self) -> str | None:
        with self._lock:
            return self._token if self._token and time.monotonic() < self._until else None

    def put(self, token: str, lifetime: float) -> None:
        with self._lock:
            self._token, self._until = token, time.monotonic() + min(LOCAL_CACHE_SECONDS, lifetime)

    def drop(self, token: str) -> None:
        with self._lock:
            if self._token == token:
                self._token = None


class DatabaseTokenStore:
    """A `shared_values` row; refreshing takes a lease row (bot/leases.py), others poll."""

    def __init__(self, db: Database, appid: str, wait_seconds: float = 20.0, poll_seconds: float = 0.05):
        self.db = db
        self.key = f"wechat:{appid}:access_token"
        self.lock_key = self.key + ":refresh"
        self.owner = leases.new_owner_id()
        self.wait_seconds, self.poll_seconds = wait_seconds, poll_seconds
        self.cache = _LocalCache()

    def _stored(self) -> tuple[str, float] | None:
        now = datetime.now(timezone.utc)
        with self.db.session() as s:
            row = s.execute(select(SharedValue.value, SharedValue.expires_at)
                            .where(SharedValue.key == self.key)).one_or_none()
        if row is None or not row.value or row.expires_at is None or row.expires_at <= now:
            return None
        return row.value, (row.expires_at - now).total_seconds()

    def _save(self, token: str, lifetime: float) -> None:
        expires_at = datetime.now(timezone.utc) + timedelta(seconds=lifetime)
        with self.db.session() as s:
            if not insert_or_ignore(s, SharedValue, {"key": self.key, "value": token, "expires_at": expires_at},
                                    ["key"]):
                row = s.get(SharedValue, self.key)
                row.value, row.expires_at = token, expires_at

    def get(self, fetch: Fetch) -> str:
        if (token := self.cache.get()):
            return token
        deadline = time.monotonic() + self.wait_seconds
        while True:
            if (stored := self._stored()):
                self.cache.put(*stored)
                return stored[0]
            if leases.acquire(self.db, self.lock_key, self.owner, ttl=self.wait_seconds):
                try:
                    if (stored := self._stored()):  # refreshed by another while we queued
                        self.cache.put(*stored)
                        return stored[0]
                    token, expires_in = fetch()
                    self._save(token, _lifetime(expires_in))
                    self.cache.put(token, _lifetime(expires_in))
                    log.info("fetched a new WeChat access token")
                    return token
                finally:
                    leases.release(self.db, self.lock_key, self.owner)
            if time.monotonic() > deadline:
                raise TokenUnavailable("waited too long for another process to refresh the token")
            time.sleep(self.poll_seconds)

    def invalidate(self, token: str) -> None:
        self.cache.drop(token)
        with self.db.session() as s:
            s.execute(delete(SharedValue).where(SharedValue.key == self.key, SharedValue.value == token))


_COMPARE_AND_DELETE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisTokenStore:
    """A Redis key with a TTL; refreshing holds a Redis lock, others block on it then reuse."""

    def __init__(self, redis_client, appid: str, wait_seconds: float = 20.0):
        self.redis = redis_client
        self.key = f"wechat:{appid}:access_token"
        self.lock_key = self.key + ":refresh"
        self.wait_seconds = wait_seconds
        self.cache = _LocalCache()
        self._cad = redis_client.register_script(_COMPARE_AND_DELETE)

    def _stored(self) -> tuple[str, float] | None:
        with self.redis.pipeline() as pipe:
            token, ttl = pipe.get(self.key).pttl(self.key).execute()
        if not token:
            return None
        token = token.decode() if isinstance(token, bytes) else token
        return token, max(1.0, ttl / 1000) if ttl and ttl > 0 else LOCAL_CACHE_SECONDS

    def get(self, fetch: Fetch) -> str:
        if (token := self.cache.get()):
            return token
        if (stored := self._stored()):
            self.cache.put(*stored)
            return stored[0]
        lock = self.redis.lock(self.lock_key, timeout=self.wait_seconds, blocking_timeout=self.wait_seconds)
        if not lock.acquire():
            raise TokenUnavailable("waited too long for another process to refresh the token")
        try:
            if (stored := self._stored()):  # refreshed by another while we waited for the lock
                self.cache.put(*stored)
                return stored[0]
            token, expires_in = fetch()
            lifetime = _lifetime(expires_in)
            self.redis.set(self.key, token, px=int(lifetime * 1000))
            self.cache.put(token, lifetime)
            log.info("fetched a new WeChat access token")
            return token
        finally:
            try:
                lock.release()
            except Exception:  # noqa: BLE001 - the lock expired on its own; nothing to undo
                log.warning("token refresh lock had expired before release")

    def invalidate(self, token: str) -> None:
        self.cache.drop(token)
        self._cad(keys=[self.key], args=[token])


def token_store_for(db: Database, redis_client, appid: str) -> TokenStore:
    """Redis when the app has one, else the database."""
    if redis_client is not None:
        return RedisTokenStore(redis_client, appid)
    return DatabaseTokenStore(db, appid)
