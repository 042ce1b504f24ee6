"""Answer one verified message within WeChat's budget: guard, claim, handle, store, defer.

The database work runs on a worker thread; the request waits at most until its deadline.
When the deadline passes the request answers at once and the worker goes on:
- still storing (the database is slow or locked): a polite "busy" text, rendered without
  the database;
- handling (the message is claimed and its handler runs): `success`, and the worker puts
  the reply in the outbox (`reply:<inbound id>`) and marks the row `deferred`;
- waiting for another delivery of the same message: `success` (that delivery answers).
"""
from __future__ import annotations

import itertools
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session

from . import clock, limits
from .conversation import handle_incoming, nlu_router, router_of, without_contact
from .inbound import (claim_on_connection, defer_stored_reply, lock_for_handling, mark_failed, recheck_claim,
                      store_reply, take_stored_reply)
from .messages import Incoming, Reply
from .nlu import route_text
from .safety.detect import detect
from .wechat import replay
from .wechat.replies import split_text

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05
PURGE_EVERY = 200  # requests between purges of expired replay entries

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_requests = itertools.count(1)


@dataclass(frozen=True)
class Answer:
    """What the webhook answers WeChat for one request (not a domain result: see bot/outcomes.py)."""

    status: int = 200
    text: str = ""  # the passive reply; "" renders as `success`
    busy: bool = False  # answer the polite busy text instead
    # For /metrics: how the answer went, and the handler's action when one ran.
    outcome: str = "replied"  # replied | deferred | retry | busy | too_fast | refused | error
    action: str | None = None


@dataclass(frozen=True)
class Guard:
    """The replay-guard entry of this request's signed query."""

    key: str
    digest: str
    timestamp: int
    skew_seconds: int


def _executor(workers: int) -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wechat-reply")
        return _pool


def reply_parts(reply: Reply) -> list[str]:
    """The passive text and the followups, each under WeChat's size limit."""
    parts = split_text(reply.text) if reply.text else [""]
    for followup in reply.followups:
        if followup:
            parts.extend(split_text(followup))
    return parts


def _read_ahead(app: Flask, incoming: Incoming) -> None:
    """Read the text (danger words, route) before any transaction: pure CPU that the detector
    and the router keep for the handler, which then finds it ready. On SQLite the handler's
    transaction holds the database's write lock, so CPU spent before it lets the other worker
    write meanwhile instead of waiting. Nothing is decided here."""
    if incoming.kind not in ("text", "voice") or not incoming.has_text:
        return
    text = incoming.text.strip()
    detect(text)  # the safety guard's reading (handlers/safety.py)
    if router_of(app) is nlu_router:
        # The router's reading of the very text `nlu_router` routes (a phone number given and a
        # closing 。 taken off): its danger reading first, then the route (bot/nlu/route_text).
        route_text(without_contact(text))


class _ClaimLost(Exception):
    """A redelivery took the row over while this handler ran: its transaction is rolled back."""


class ReplyJob:
    """One message's trip through the database, shared between the request and its worker."""

    def __init__(self, app: Flask, incoming: Incoming, guard: Guard | None, deadline: float):
        self.app = app
        self.incoming = incoming
        self.guard = guard
        self.deadline = deadline  # time.monotonic() by which the request must answer
        self.lock = threading.Lock()
        self.phase = "queued"  # queued → storing → waiting | handling
        self.abandoned = False  # the request answered without us

    def run(self) -> Answer:
        with self.app.app_context():
            return self._run()

    def _run(self) -> Answer:
        database = self.app.extensions["db"]
        _read_ahead(self.app, self.incoming)
        now = clock.now()
        self.phase = "storing"
        # Claim and handling are two transactions (the claim must be committed, so that a
        # redelivery sees it, before the handler runs) on one connection from the pool. On
        # PostgreSQL the guard's, the limit's and the claim's statements each commit alone (no
        # BEGIN, no COMMIT): none relies on another's being undone, nor on a lock held past its
        # own statement (a claim retaken from a dead handler is fenced by its UPDATE's WHERE).
        # The claim's three statements run on the DBAPI cursor (bot/kept_sql.py) in a Core
        # transaction: no ORM session, no per-statement execution machinery.
        with database.connection() as connection:
            with database.statements_commit_alone(connection), connection.begin():
                stopped = self._admit(connection, now)
                if stopped is not None:
                    return stopped
                claim = claim_on_connection(connection, self.incoming, now)
            if claim.is_new:
                self.phase = "handling"
                return self._handle(database, claim.inbound_id, now, claim.claimed_at, connection)
        self.phase = "waiting"
        return self._answer_retry(database, claim.inbound_id, claim.status, claim.reply)

    def _admit(self, connection, now: datetime) -> Answer | None:
        """The replay guard, then the sender's message rate: the answer that stops here, or None.
        Both in one statement (the database) or one round trip (Redis)."""
        redis_client = self.app.extensions.get("redis")
        count = None
        g = self.guard
        if g is not None:
            if redis_client is not None:
                keep = int(g.timestamp + g.skew_seconds + 60 - now.timestamp())
                seen, count = replay.check_and_count_in_redis(
                    redis_client, g.key, g.digest, keep, limits.redis_counter(self.incoming.openid, now),
                    limits.REDIS_COUNTER_SECONDS)
            else:  # one statement for the guard's entry and the count (bot/limits.py)
                keep = replay.keep_until(g.timestamp, g.skew_seconds)
                counted = limits.guard_and_count(connection, g.key, g.digest, keep, self.incoming.openid, now)
                if counted is None:  # messages are not limited
                    seen = replay.check_on_connection(connection, g.key, g.digest, now, keep)
                else:
                    seen, count = counted
                if next(_requests) % PURGE_EVERY == 0:
                    with Session(bind=connection) as session:  # joins the claim's transaction
                        replay.purge_expired(session, now)
            if seen is replay.Seen.OTHER_BODY:
                return Answer(status=403, outcome="refused")
        if count is not None:
            allowed = limits.within_rate(count)
        else:  # a redelivery through Redis (its count is taken here), not limited, or no guard
            allowed = limits.message_allowed(connection, redis_client, self.incoming.openid, now)
        return None if allowed else Answer(text=limits.TOO_FAST, outcome="too_fast")

    def _answer_retry(self, database, inbound_id: int, status: str, reply: str | None) -> Answer:
        """A redelivery: the stored reply, after waiting for the first delivery if need be."""
        while status == "handling" and time.monotonic() + POLL_SECONDS < self.deadline:
            time.sleep(POLL_SECONDS)
            # Each look also asks whether the first delivery's handler still lives: a worker
            # killed moments after its claim leaves a row nobody would finish; take it over.
            now = clock.now()
            with database.connection() as connection:
                with database.session(connection) as session:
                    claim = recheck_claim(session, inbound_id, now)
                if claim.is_new:
                    with self.lock:
                        self.phase = "handling"
                    return self._handle(database, inbound_id, now, claim.claimed_at, connection)
            status, reply = claim.status, claim.reply
        # deferred: the outbox delivers it; handling: the first delivery will; failed: gone.
        if status not in ("replied", "redelivered"):
            return Answer(outcome="retry")
        if status == "redelivered" and reply is not None:
            return Answer(text=reply, outcome="retry")  # already taken by an earlier retry: nothing to mark
        with database.session() as session:
            taken = take_stored_reply(session, inbound_id)
        return Answer(outcome="retry") if taken is None else Answer(text=taken, outcome="retry")

    def _handle(self, database, inbound_id: int, now: datetime, claimed_at: datetime | None = None,
                connection=None) -> Answer:
        openid = self.incoming.openid
        # PostgreSQL: the row lock shows redeliveries that this handler lives, and fences it.
        # SQLite: the write lock held by the transaction already does the first (see
        # inbound._orphaned), so the claim is only checked when the reply is stored (one
        # statement less); a claim lost meanwhile rolls the handler's work back.
        fence_at_store = database.is_sqlite and claimed_at is not None
        try:
            with database.session(connection) as session:
                if not fence_at_store and not lock_for_handling(session, inbound_id, claimed_at):
                    log.warning("inbound %s: taken over by a redelivery; it answers", inbound_id)
                    return Answer(outcome="retry")
                reply = handle_incoming(session, self.incoming, now)
                parts = reply_parts(reply)
                with self.lock:
                    deferred = self.abandoned
                    self.phase = "stored"
                if not store_reply(session, inbound_id, openid, parts, deferred=deferred, action=reply.action,
                                   guide=reply.guide, claimed_at=claimed_at if fence_at_store else None):
                    raise _ClaimLost()
        except _ClaimLost:
            log.warning("inbound %s: taken over by a redelivery; it answers", inbound_id)
            return Answer(outcome="retry")
        except Exception:
            log.exception("handling inbound %s failed", inbound_id)
            self._mark_failed(database, inbound_id, claimed_at)
            raise
        with self.lock:
            late = self.abandoned and not deferred
        if late:  # the request gave up while we committed: the answer goes by the outbox
            with database.session() as session:
                defer_stored_reply(session, inbound_id, openid)
        if deferred or late:
            return Answer(outcome="deferred", action=reply.action)
        return Answer(text=parts[0], action=reply.action)

    @staticmethod
    def _mark_failed(database, inbound_id: int, claimed_at: datetime | None = None) -> None:
        try:
            with database.session() as session:
                mark_failed(session, inbound_id, claimed_at)
        except Exception:  # the database is gone: the row stays `handling`
            log.warning("could not mark inbound %s failed", inbound_id)

    def give_up(self, future: Future) -> Answer:
        """The deadline passed: what the request answers now."""
        with self.lock:
            self.abandoned = True
            phase = self.phase
        if phase == "queued" and future.cancel():
            return Answer(busy=True, outcome="busy")
        if phase in ("queued", "storing"):
            return Answer(busy=True, outcome="busy")
        return Answer(outcome="deferred" if phase in ("handling", "stored") else "retry")


def answer_within_budget(app: Flask, job: ReplyJob) -> Answer:
    """Run `job` on the worker pool; answer by its deadline whatever happens."""
    future = _executor(app.config.get("REPLY_WORKERS", 8)).submit(job.run)
    inflight: set = app.extensions.setdefault("wechat_inflight", set())
    inflight.add(future)
    future.add_done_callback(inflight.discard)
    try:
        return future.result(timeout=max(0.0, job.deadline - time.monotonic()))
    except FutureTimeout:
        return job.give_up(future)
    except Exception:
        log.exception("inbound message could not be stored or handled")
        return Answer(busy=True, outcome="error")


def drain(app: Flask, timeout: float = 10.0) -> bool:
    """Wait for this app's background replies to finish (tests, shutdown). True when idle."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        pending = [f for f in list(app.extensions.get("wechat_inflight", ())) if not f.done()]
        if not pending:
            return True
        time.sleep(0.02)
    return False
