"""Replay guard: a signed query (signature, timestamp, nonce) may come back only with its body.

WeChat may redeliver a message with the same query and body (a retry: let it through, the
dedupe answers it). The same signed query with a different body is a forgery riding on a
captured signature (plaintext mode's signature does not cover the body): refuse it.
Seen queries are kept until their timestamp can no longer pass the freshness check, in
`shared_values` or, when configured, Redis.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta, timezone
from enum import Enum

from sqlalchemy import delete
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.kept_sql import KeptSql
from bot.sqlutil import insert_or_ignore_id
from bot.models import SharedValue

PREFIX = "replay:"


class Seen(Enum):
    NEW = "new"
    SAME_BODY = "same"  # a redelivery
    OTHER_BODY = "other"  # refuse


def query_key(signature: str, timestamp: str, nonce: str) -> str:
    return PREFIX + hashlib.sha256(f"{signature}|{timestamp}|{nonce}".encode()).hexdigest()


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _compare(stored: str, digest: str) -> Seen:
    return Seen.SAME_BODY if hmac.compare_digest(stored, digest) else Seen.OTHER_BODY


def seen_as(stored: str, digest: str) -> Seen:
    """The entry a query's guard row holds after an upsert that keeps a live one (bot/limits.py):
    our digest (a new query, an ended entry taken anew, or a redelivery) or another body's."""
    return Seen.NEW if hmac.compare_digest(stored, digest) else Seen.OTHER_BODY


def check_in_database(session: Session, key: str, digest: str, now: datetime,
                      keep_until: datetime) -> Seen:
    """Remember `key` → `digest` in shared_values (caller's transaction) and classify it."""
    if insert_or_ignore_id(session, SharedValue, {"key": key, "value": digest, "expires_at": keep_until}) is not None:
        return Seen.NEW
    return _seen_before(session, key, digest, now, keep_until)


# The same INSERT … ON CONFLICT DO NOTHING RETURNING key, run on the DBAPI cursor (bot/kept_sql.py).
_REMEMBER = KeptSql(lambda insert: insert(SharedValue.__table__).on_conflict_do_nothing()
                    .returning(*SharedValue.__table__.primary_key.columns), ("key", "value", "expires_at"))


def check_on_connection(connection: Connection, key: str, digest: str, now: datetime,
                        keep_until: datetime) -> Seen:
    """`check_in_database` in the webhook's claim transaction on `connection` (begun by the
    caller): the same statements, a new query's without SQLAlchemy's per-statement path."""
    if _REMEMBER.first(connection, {"key": key, "value": digest, "expires_at": keep_until}) is not None:
        return Seen.NEW
    with Session(bind=connection) as session:  # seen before: joins the caller's transaction
        seen = _seen_before(session, key, digest, now, keep_until)
        session.flush()  # an expired entry taken anew is written before the caller commits
    return seen


def _seen_before(session: Session, key: str, digest: str, now: datetime, keep_until: datetime) -> Seen:
    row = session.get(SharedValue, key, populate_existing=True)
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        if row is not None:
            row.value, row.expires_at = digest, keep_until
        return Seen.NEW
    return _compare(row.value, digest)


def purge_expired(session: Session, now: datetime) -> int:
    """Drop replay entries whose timestamps can no longer pass the freshness check."""
    result = session.execute(delete(SharedValue).where(
        SharedValue.key.like(PREFIX + "%"), SharedValue.expires_at <= now))
    return result.rowcount or 0


def check_in_redis(redis_client, key: str, digest: str, keep_seconds: int) -> Seen:
    """Same as `check_in_database`, with SET NX EX."""
    if redis_client.set(key, digest, nx=True, ex=max(1, keep_seconds)):
        return Seen.NEW
    stored = redis_client.get(key)
    if stored is None:  # expired between the two calls
        redis_client.set(key, digest, ex=max(1, keep_seconds))
        return Seen.NEW
    return _compare(stored if isinstance(stored, str) else stored.decode(), digest)


# The guard's SET NX and, only for a query seen first, the openid's minute counter (bot/limits.py):
# one round trip for both. A query already seen answers its stored digest, compared here in
# constant time; the counter is then left alone (a forged body must not spend a villager's rate).
_GUARD_AND_COUNT = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  if #KEYS < 2 then return {1, 0} end
  local count = redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return {1, count}
end
return {0, redis.call('GET', KEYS[1]) or ''}
"""


def check_and_count_in_redis(redis_client, key: str, digest: str, keep_seconds: int,
                             counter: str | None, counter_seconds: int) -> tuple[Seen, int | None]:
    """`check_in_redis`, and for a new query the sender's count (`counter`'s INCR) in the same
    round trip (a Lua script: atomic, no other client in between). The count is None when
    `counter` is None or the query was seen before (the caller counts a redelivery itself)."""
    script = _scripts.get(id(redis_client))
    if script is None or script[0] is not redis_client:
        script = _scripts[id(redis_client)] = (redis_client, redis_client.register_script(_GUARD_AND_COUNT))
    keys = [key] if counter is None else [key, counter]
    new, value = script[1](keys=keys, args=[digest, max(1, keep_seconds), counter_seconds])
    if new:
        return Seen.NEW, (int(value) if counter is not None else None)
    stored = value if isinstance(value, str) else bytes(value).decode()
    if not stored:  # cannot happen (the script sees no expiry): decide as the plain check does
        return check_in_redis(redis_client, key, digest, keep_seconds), None
    return _compare(stored, digest), None


_scripts: dict[int, tuple] = {}  # Redis client → its registered script (EVALSHA, loaded again after a restart)


def keep_until(timestamp: int, skew_seconds: int) -> datetime:
    """Past this moment the timestamp fails the freshness check, so the entry can go."""
    return datetime.fromtimestamp(timestamp, timezone.utc) + timedelta(seconds=skew_seconds + 60)
