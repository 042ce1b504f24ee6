"""The access token, shared by every process: one refresher at a time, others wait and reuse.

WeChat invalidates the previous token (after a ~5 minute grace) each time anyone fetches a new
one, so a process that refreshes on its own breaks the others. The token lives in Redis
(REDIS_URL) or, without Redis, in a `SharedValue` row; refreshing takes a lock (Redis
`SET NX PX`, or a database lease from bot/leases.py — a short conditional UPDATE, never a row
lock held across the HTTP fetch). The holder re-reads before fetching, so a process that
waited for the lock reuses the token the previous holder stored.

The token is refreshed `refresh_ahead` seconds before it expires; while one process refreshes,
the others keep using the old token, which stays valid until its own expiry.
A 40001 invalidates only the token that failed, and only if it is still the stored one
(compare-and-delete), so a process holding a stale token never deletes a fresh one.
"""
from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Protocol

from sqlalchemy import delete, select, update

from .. import clock, leases
from ..db import Database
from ..models import SharedValue
from ..sqlutil import insert_or_ignore
from .errors import WeChatApiError

# (token, expires_in seconds)
Fetch = Callable[[], tuple[str, int]]


@dataclass(frozen=True)
class StoredToken:
    value: str
    expires_at: float  # epoch seconds


class TokenBackend(Protocol):
    def read(self) -> StoredToken | None: ...
    def write(self, token: StoredToken) -> None: ...
    def delete_if(self, value: str) -> bool: ...
    def try_lock(self, holder: str, ttl_seconds: float) -> bool: ...
    def unlock(self, holder: str) -> None: ...


def _epoch_seconds() -> float:
    return clock.timestamp()


class SharedAccessToken:
    """`get(fetch)` returns a valid token, fetching through `fetch` only when no process has one."""

    def __init__(self, backend: TokenBackend, refresh_ahead: float = 600.0, wait_seconds: float = 15.0,
                 lock_ttl: float = 20.0, clock: Callable[[], float] = _epoch_seconds):
        self.backend = backend
        self.refresh_ahead = refresh_ahead
        self.wait_seconds = wait_seconds
        self.lock_ttl = lock_ttl
        self.clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._memo: StoredToken | None = None
        self._local = threading.Lock()  # one refresher per process, too
        self.fetches = 0  # fetches made by this process (for logs and tests)

    def _fresh(self, token: StoredToken | None) -> bool:
        return token is not None and token.expires_at - self.clock() > self.refresh_ahead

    def _usable(self, token: StoredToken | None) -> bool:
        return token is not None and token.expires_at - self.clock() > 30

    def get(self, fetch: Fetch) -> str:
        memo = self._memo
        if self._fresh(memo):
            return memo.value
        with self._local:
            deadline = time.monotonic() + self.wait_seconds
            while True:
                stored = self.backend.read()
                if self._fresh(stored):
                    self._memo = stored
                    return stored.value
                if self.backend.try_lock(self.holder, self.lock_ttl):
                    try:
                        return self._refresh_locked(fetch)
                    finally:
                        self.backend.unlock(self.holder)
                if self._usable(stored):
                    return stored.value  # another process is refreshing; the old one still works
                if time.monotonic() > deadline:
                    raise WeChatApiError(None, "timed out waiting for another process to refresh "
                                               "the access token", transient=True)
                time.sleep(0.05)

    def _refresh_locked(self, fetch: Fetch) -> str:
        stored = self.backend.read()  # the previous holder may have just stored one
        if self._fresh(stored):
            self._memo = stored
            return stored.value
        value, expires_in = fetch()
        self.fetches += 1
        token = StoredToken(value, self.clock() + int(expires_in))
        self.backend.write(token)
        self._memo = token
        return value

    def drop(self) -> bool:
        """Forget the token, in this process and in the shared store (after an AppSecret reset)."""
        self._memo = None
        stored = self.backend.read()
        return stored is not None and self.backend.delete_if(stored.value)

    def invalidate(self, value: str) -> bool:
        """WeChat refused `value`: forget it if it is still the shared one."""
        memo = self._memo
        if memo is not None and memo.value == value:
            self._memo = None
        return self.backend.delete_if(value)


class RedisTokenBackend:
    """A hash `wechat:access_token:<appid>` {token, expires_at} and a lock key beside it."""

    _DELETE_IF = "if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
    _UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

    def __init__(self, redis_client, app_id: str, prefix: str = "wechat:access_token:"):
        self.redis = redis_client
        self.key = f"{prefix}{app_id}"
        self.lock_key = self.key + ":lock"

    def read(self) -> StoredToken | None:
        data = self.redis.hgetall(self.key)
        if not data or "token" not in data:
            return None
        return StoredToken(_text(data["token"]), float(_text(data.get("expires_at", "0"))))

    def write(self, token: StoredToken) -> None:
        ttl = max(1, int(token.expires_at - _epoch_seconds()))
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(self.key)
            pipe.hset(self.key, mapping={"token": token.value, "expires_at": repr(token.expires_at)})
            pipe.expire(self.key, ttl)
            pipe.execute()

    def delete_if(self, value: str) -> bool:
        return bool(self.redis.eval(self._DELETE_IF, 1, self.key, value))

    def try_lock(self, holder: str, ttl_seconds: float) -> bool:
        return bool(self.redis.set(self.lock_key, holder, nx=True, px=int(ttl_seconds * 1000)))

    def unlock(self, holder: str) -> None:
        self.redis.eval(self._UNLOCK, 1, self.lock_key, holder)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class DatabaseTokenBackend:
    """A `SharedValue` row `wechat_access_token:<appid>`; the refresh lock is a database lease."""

    def __init__(self, db: Database, app_id: str):
        self.db = db
        self.key = f"wechat_access_token:{app_id}"
        self.lock_name = f"wechat_access_token_refresh:{app_id}"

    def read(self) -> StoredToken | None:
        with self.db.session() as s:
            row = s.execute(select(SharedValue.value, SharedValue.expires_at)
                            .where(SharedValue.key == self.key)).one_or_none()
        if row is None or not row.value or row.expires_at is None:
            return None
        return StoredToken(row.value, row.expires_at.timestamp())

    def write(self, token: StoredToken) -> None:
        expires_at = datetime.fromtimestamp(token.expires_at, timezone.utc)
        with self.db.session() as s:
            values = {"key": self.key, "value": token.value, "expires_at": expires_at}
            if not insert_or_ignore(s, SharedValue, values, ["key"]):
                s.execute(update(SharedValue).where(SharedValue.key == self.key)
                          .values(value=token.value, expires_at=expires_at)
                          .execution_options(synchronize_session=False))

    def delete_if(self, value: str) -> bool:
        with self.db.session() as s:
            result = s.execute(delete(SharedValue).where(SharedValue.key == self.key,
                                                         SharedValue.value == value))
            return result.rowcount == 1

    def try_lock(self, holder: str, ttl_seconds: float) -> bool:
        return leases.try_acquire(self.db, self.lock_name, holder, ttl_seconds)

    def unlock(self, holder: str) -> None:
        leases.release(self.db, self.lock_name, holder)


def token_backend(app_id: str, db: Database | None = None, redis_client=None) -> TokenBackend:
    """Redis when there is a client, else the database."""
    if redis_client is not None:
        return RedisTokenBackend(redis_client, app_id)
    if db is None:
        raise ValueError("a shared access token needs Redis or the database")
    return DatabaseTokenBackend(db, app_id)
