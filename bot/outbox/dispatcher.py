"""Sending claimed outbox rows: choose the channel, call WeChat, record sent / retry / dead.

One round (`dispatch_once`): claim a batch under a lease (store.py), then send its rows on up
to OUTBOX_CONCURRENCY threads, each send started by the pacer (pacing.py: at most
OUTBOX_RATE_PER_PROCESS sends a second from this process, OUTBOX_RATE_OVERALL from all
dispatchers). The loop (`run_dispatcher`) keeps one pool of threads and claims the next batch
while the last one is still sending. For each row:
- recipient unsubscribed → dead "unsubscribed";
- within 48 h of the user's last interaction → customer-service text; a 45015/45047 answer
  (window closed, quota) falls back to the kind's template when one is configured;
- otherwise a template message (`TEMPLATE_IDS[kind]`), or dead "outside 48h window; no
  template for <kind>";
- 45009, the API's daily quota used up → pending again after midnight Beijing time, the
  attempt handed back (quota.py); rows needing only that API wait without calling it, and a
  customer-service text goes by its template while the custom quota is used up;
- transient failure (timeout, connection error, 5xx, -1, 45011, a token still refused after
  one refresh) → pending again after a capped, jittered exponential backoff, dead after
  `max_attempts`; permanent failure (43004, 40003, 40037, 47003, 48001, 40164 …) → dead at once
  with the code and message.

The row is marked sent in its own short transaction right after the HTTP call, by the thread
that made it; when the database is unreachable then, the mark is tried again for as long as the
row's lease lasts (a database restart of a few seconds sends nothing twice). A claimed row
belongs to this round alone (the claim is one statement, and later updates are fenced by the
attempt count), so sending rows side by side sends none twice. The one window left: a
dispatcher killed (or cut off from the database for a whole lease) after WeChat accepted a
message and before that commit leaves the row `sending`; when its lease runs out another
dispatcher sends it again. A template message carries `client_msg_id` (the row's business
key, kinds.py): WeChat drops a resend with the same id within 10 minutes, so only a
customer-service text (no such key) can arrive twice, at most once per killed worker — the
price of never dropping a push. A read timeout is the same ambiguity (WeChat may have
accepted the message) and is retried for the same reason.
"""
from __future__ import annotations

import logging
import random
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from .. import clock
from ..db import Database
from . import store
from .pacing import Pacer
from .quota import QuotaGate
from .policy import OutboxSettings, backoff_seconds
from .delivery import Attempt, deliver, quota_wait
from .store import ClaimedMessage, Recipient
from .urgent import UrgentWatch
from ..models.outbox import URGENT_KINDS

log = logging.getLogger(__name__)


@dataclass
class RoundResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0
    waiting: int = 0  # put back until a used-up daily quota resets (not counted as attempts)
    lost: int = 0  # claims another dispatcher had taken over before we could record the result

    def add(self, other: "RoundResult") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _record(db: Database, message: ClaimedMessage, outcome: Attempt, settings: OutboxSettings,
            now: datetime, rng: random.Random, lease_deadline: float | None = None) -> str:
    """Store the outcome; returns the status written, or "lost" when the claim was gone."""
    written = _store_outcome(db, message, outcome, settings, now, rng, lease_deadline)
    from .. import metrics  # here: bot.metrics reads the outbox's modules

    if written == "quota":
        metrics.quota_wait()
    elif written == "dead":
        metrics.push_dead()
    return written


def _store_outcome(db: Database, message: ClaimedMessage, outcome: Attempt, settings: OutboxSettings,
                   now: datetime, rng: random.Random, lease_deadline: float | None = None) -> str:
    if outcome.status == "sent":
        ok = _mark_sent_persistently(db, message, outcome, now, lease_deadline)
        if not ok:
            log.warning("outbox %s (%s): sent, but another dispatcher had re-claimed it; it may be "
                        "sent twice", message.id, message.business_key)
        return "sent" if ok else "lost"
    if outcome.status == "quota":
        # A few minutes' spread, so that several dispatchers do not all start on the stroke.
        retry_at = outcome.retry_at + timedelta(seconds=rng.uniform(0, QUOTA_SPREAD_SECONDS))
        ok = store.wait_for_quota(db, message, outcome.reason or "", retry_at)
        return "quota" if ok else "lost"
    if outcome.status == "retry":
        if message.attempts >= settings.max_attempts:
            reason = f"gave up after {message.attempts} attempts; last error: {outcome.reason}"
            return "dead" if store.mark_dead(db, message, reason) else "lost"
        delay = backoff_seconds(message.attempts, settings.backoff_base, settings.backoff_cap, rng)
        ok = store.mark_retry(db, message, outcome.reason or "", now + timedelta(seconds=delay))
        return "retry" if ok else "lost"
    log.warning("outbox %s (%s) dead: %s", message.id, message.business_key, outcome.reason)
    return "dead" if store.mark_dead(db, message, outcome.reason or "dead") else "lost"


def _mark_sent_persistently(db: Database, message: ClaimedMessage, outcome: Attempt, now: datetime,
                            lease_deadline: float | None = None) -> bool:
    """The message is out: try hard to record it, since a lost mark means a resend later.

    Tries again while the database is unreachable, until shortly before the claim's lease
    runs out (`lease_deadline`, time.monotonic()); after that another dispatcher may take the
    row, and the fenced update could no longer land anyway.
    """
    give_up_at = (lease_deadline - MARK_MARGIN_SECONDS) if lease_deadline is not None else \
        time.monotonic() + sum(MARK_PAUSES)
    pauses = iter(MARK_PAUSES)
    while True:
        try:
            return store.mark_sent(db, message, outcome.channel or "", outcome.msgid, now)
        except (OperationalError, PoolTimeout):  # the database, or every pooled connection, busy
            pause = next(pauses, MARK_PAUSES[-1])
            if time.monotonic() + pause > give_up_at:
                raise
            log.warning("outbox %s: could not record the send yet, retrying", message.id)
            time.sleep(pause)


QUOTA_SPREAD_SECONDS = 300.0

# Pauses between tries to record a send while the database is unreachable (the last repeats).
MARK_PAUSES = (0.2, 0.5, 1.0, 2.0)
MARK_MARGIN_SECONDS = 1.0

_TALLY = {"sent": "sent", "retry": "retried", "dead": "dead", "lost": "lost", "released": "released",
          "quota": "waiting"}


@dataclass(frozen=True)
class _Batch:
    """Rows claimed together, and what sending them needs."""
    messages: list[ClaimedMessage]
    recipients: dict[str, Recipient]
    lease_deadline: float  # time.monotonic() at which the claim's lease runs out
    now: datetime | None  # a fixed clock (tests), else the time of each send


def _claim(db: Database, limit: int, settings: OutboxSettings, now: datetime | None) -> _Batch:
    claim_started = time.monotonic()
    messages, recipients = store.claim(db, limit, settings.lease_seconds, now or clock.now())
    return _Batch(messages, recipients, claim_started + settings.lease_seconds, now)


def _attempt(db: Database, client: Any, batch: _Batch, message: ClaimedMessage, settings: OutboxSettings,
             rng: random.Random, pacer: Pacer, gate: QuotaGate) -> str:
    """Send one claimed row when the pacer lets it start, and record the outcome; the status."""
    if message.attempts > settings.max_attempts:
        # Claimed again and again without a recorded outcome: its dispatchers keep dying.
        reason = f"gave up after {message.attempts - 1} attempts; last error: {message.last_error}"
        return "dead" if store.mark_dead(db, message, reason) else "lost"
    recipient = batch.recipients.get(message.openid)
    now = batch.now or clock.now()
    if message.kind not in URGENT_KINDS and \
            (waiting := quota_wait(recipient, settings.template_ids.get(message.kind), now, gate)) is not None:
        return _record(db, message, waiting, settings, now, rng, batch.lease_deadline)
    pacer.wait()
    if time.monotonic() + settings.send_budget_seconds > batch.lease_deadline:
        # Not enough of the lease left to be sure no one else sends it meanwhile.
        return "released" if store.release(db, [message]) else "lost"
    outcome = deliver(client, message, recipient, settings, batch.now or clock.now(), gate)
    return _record(db, message, outcome, settings, batch.now or clock.now(), rng,
                   batch.lease_deadline)


def _tally(result: RoundResult, status: str) -> None:
    name = _TALLY[status]
    setattr(result, name, getattr(result, name) + 1)


def dispatch_once(db: Database, client: Any, limit: int | None = None,
                  settings: OutboxSettings | None = None, now: datetime | None = None,
                  rng: random.Random | None = None, pacer: Pacer | None = None,
                  gate: QuotaGate | None = None) -> RoundResult:
    """Claim up to `limit` due rows and send them, `settings.concurrency` at a time, each
    started by `pacer` (made from the settings when not given); one round, returns the tallies.

    A row's outcome is recorded by the thread that sent it, in its own transaction, so one
    failing send or record does not hold up the others; the first unexpected error is raised
    once every row of the round has been tried.
    """
    settings = settings or _settings_from_app()
    rng = rng or random.Random()
    pacer = pacer or Pacer(settings.rate_per_process, settings.rate_overall, db)
    gate = gate or QuotaGate()
    batch = _claim(db, limit or settings.batch, settings, now)
    result = RoundResult(claimed=len(batch.messages))

    def attempt(message: ClaimedMessage) -> str:
        return _attempt(db, client, batch, message, settings, rng, pacer, gate)

    workers = min(settings.concurrency, len(batch.messages))
    if workers <= 1:
        statuses = [attempt(message) for message in batch.messages]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="outbox-send") as pool:
            futures = [pool.submit(attempt, message) for message in batch.messages]
        errors = [f.exception() for f in futures if f.exception() is not None]
        for error in errors[1:]:
            log.error("outbox: another send failed in the same round", exc_info=error)
        if errors:
            raise errors[0]
        statuses = [f.result() for f in futures]
    for status in statuses:
        _tally(result, status)
    return result


def run_dispatcher(db: Database, client: Any, settings: OutboxSettings, stop: threading.Event) -> RoundResult:
    """Dispatch until `stop` is set, on one pool of `settings.concurrency` threads.

    The next batch is claimed as soon as no more than `concurrency` claimed rows are left to
    send, so the threads never wait for a whole batch to finish (a round-by-round loop left
    them idle while the slowest send of each round ran and while the next claim was made).
    When nothing is due it claims again after `idle_seconds`, or as soon as a fresh urgent row
    (a danger alert) is due, asked every `urgent_poll_seconds` (urgent.py). Database or
    unexpected errors are logged and waited out (the loop recovers without a restart). When
    stopped, rows claimed but not started are handed back (due again at once) and the ones
    being sent are finished.
    """
    total = RoundResult()
    failures = 0
    rng = random.Random()
    pacer = Pacer(settings.rate_per_process, settings.rate_overall, db)  # one for all batches
    gate = QuotaGate()
    in_flight: dict[Future, tuple[_Batch, ClaimedMessage]] = {}
    next_claim = 0.0  # time.monotonic() before which no claim is made (idle, or after a failure)
    idle = False  # the last claim found nothing due: a fresh urgent row may cut the wait short
    urgent = UrgentWatch(db, settings.urgent_poll_seconds)
    with ThreadPoolExecutor(settings.concurrency, thread_name_prefix="outbox-send") as pool:
        while not stop.is_set():
            if len(in_flight) <= settings.concurrency and time.monotonic() >= next_claim:
                try:
                    batch = _claim(db, settings.batch, settings, None)
                    failures = 0
                except Exception:
                    failures += 1
                    pause = min(30.0, settings.idle_seconds * 2 ** min(failures, 5))
                    log.exception("outbox claim failed; trying again in %.0f s", pause)
                    next_claim = time.monotonic() + pause
                    batch = None
                if batch is not None:
                    total.claimed += len(batch.messages)
                    for message in batch.messages:
                        future = pool.submit(_attempt, db, client, batch, message, settings, rng, pacer, gate)
                        in_flight[future] = (batch, message)
                    idle = not batch.messages
                    if idle:
                        next_claim = time.monotonic() + settings.idle_seconds
            if not in_flight:
                if (urgent.wait(stop, next_claim - time.monotonic()) if idle
                        else stop.wait(max(0.0, next_claim - time.monotonic()))):
                    next_claim = 0.0
                continue
            timeout = min(settings.idle_seconds, max(0.05, next_claim - time.monotonic()))
            if idle and settings.urgent_poll_seconds > 0:
                timeout = min(timeout, settings.urgent_poll_seconds)
            done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                _collect(future, in_flight.pop(future)[1], total)
            if idle and time.monotonic() < next_claim and len(in_flight) <= settings.concurrency \
                    and urgent.due():
                next_claim = 0.0
        unstarted = [future for future in in_flight if future.cancel()]
        handed_back = [in_flight.pop(future)[1] for future in unstarted]
        if handed_back:
            try:
                total.released += store.release(db, handed_back)
            except Exception:
                log.exception("outbox: could not hand back %d claimed rows; they are due again when "
                              "their lease runs out", len(handed_back))
        for future in list(in_flight):
            future.exception()  # wait for the sends under way
            _collect(future, in_flight.pop(future)[1], total)
    return total


def _collect(future: Future, message: ClaimedMessage, total: RoundResult) -> None:
    error = future.exception()
    if error is not None:
        log.error("outbox %s: send or record failed; the row is due again when its lease runs out",
                  message.id, exc_info=error)
        return
    _tally(total, future.result())


def _settings_from_app() -> OutboxSettings:
    from flask import current_app, has_app_context

    if has_app_context():
        return OutboxSettings.from_config(current_app.config)
    return OutboxSettings()


def run_app_dispatcher(stop: threading.Event) -> None:
    """The scheduler's loop job: a dispatcher on the current app's database and client."""
    from flask import current_app

    from ..db import get_db
    from ..wechat.client import get_client

    run_dispatcher(get_db(), get_client(), OutboxSettings.from_config(current_app.config), stop)
