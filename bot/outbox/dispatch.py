"""The dispatcher: claim due rows, send each, record each result in its own short transaction.

    dispatch_once(db, client, limit)   one round; returns what happened
    run_dispatcher(db, client, stop)   rounds until `stop` is set (`flask outbox dispatch`)
    dispatch_job(now)                  the scheduler's job: drain for a moment

Exactly once, and its limit: a row is claimed under a lease before the call and marked sent
in its own transaction right after WeChat answers. If the worker dies between WeChat's answer
and that commit (a few milliseconds), the lease runs out and another worker sends the row
again: the one window where a push can go out twice. Nothing else resends: a slow worker
renews its claim before each send while it still has time, and never starts a send on a
lease it might lose mid-call.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from ..db import Database
from ..models import OutboxMessage, User
from .claim import Claimed, claim_due, release, renew
from .policy import OutboxSettings, backoff_seconds
from .send import Outcome, Recipient, deliver

log = logging.getLogger(__name__)
T = OutboxMessage.__table__


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0

    def add(self, other: "DispatchReport") -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.dead += other.dead


def _recipients(db: Database, openids: set[str]) -> dict[str, Recipient]:
    with db.session() as s:
        rows = s.execute(select(User.openid, User.subscribed, User.last_interaction_at)
                         .where(User.openid.in_(openids))).all()
    return {r.openid: Recipient(bool(r.subscribed), r.last_interaction_at) for r in rows}


def _mark_sent(db: Database, row: Claimed, outcome: Outcome, now: datetime) -> None:
    statement = (update(T).where(T.c.id == row.id, T.c.status.in_(("sending", "pending")))
                 .values(status="sent", channel=outcome.channel, wechat_msgid=outcome.msgid,
                         sent_at=now, lease_until=None, last_error=None))
    # WeChat has the message now: try hard to write that down, or the lease will run out and
    # another worker will send it again.
    for attempt in range(4):
        try:
            with db.engine.begin() as conn:  # a bare connection: the shortest path to COMMIT
                if db.is_postgres:
                    # The commit need not wait for the disk: a lost mark (only if PostgreSQL
                    # itself crashes) means one resend, and not waiting shrinks the window a
                    # killed worker leaves for a resend by half (~7 ms to ~3 ms measured here).
                    conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
                conn.execute(statement)
            return
        except SQLAlchemyError:
            if attempt == 3:
                raise
            time.sleep(0.2 * (attempt + 1))


def _record(db: Database, row: Claimed, outcome: Outcome, settings: OutboxSettings, now: datetime) -> str:
    """Write the outcome; returns the row's new status."""
    if outcome.status == "sent":
        _mark_sent(db, row, outcome, now)
        return "sent"
    ours = (T.c.id == row.id, T.c.status == "sending", T.c.lease_until == row.lease_until)
    if outcome.status == "retry" and row.attempts < settings.max_attempts:
        delay = backoff_seconds(row.attempts, settings.backoff_base, settings.backoff_cap)
        values = {"status": "pending", "lease_until": None, "last_error": outcome.reason[:1000],
                  "next_attempt_at": now + timedelta(seconds=delay)}
        status = "pending"
    else:
        reason = outcome.reason if outcome.status == "dead" else \
            f"gave up after {row.attempts} attempts: {outcome.reason}"
        values = {"status": "dead", "lease_until": None, "last_error": reason[:1000]}
        status = "dead"
        log.error("outbox %s (%s) is dead: %s", row.id, row.business_key, reason)
    with db.session() as s:
        s.execute(update(T).where(*ours).values(**values))
    return status


def dispatch_once(db: Database, client, limit: int | None = None, settings: OutboxSettings | None = None,
                  should_stop: Callable[[], bool] = lambda: False,
                  clock: Callable[[], datetime] = _utcnow) -> DispatchReport:
    """Claim up to `limit` due rows and send them one by one."""
    settings = settings or _app_settings()
    rows = claim_due(db, limit or settings.batch_size, settings.lease_seconds, clock())
    report = DispatchReport(claimed=len(rows))
    if not rows:
        return report
    recipients = _recipients(db, {r.openid for r in rows})
    remaining = rows
    while remaining:
        if should_stop():
            release(db, remaining)
            break
        now = clock()
        if (remaining[0].lease_until - now).total_seconds() < settings.send_budget:
            remaining = renew(db, remaining, settings.lease_seconds, now)
            if not remaining:
                break
        row, remaining = remaining[0], remaining[1:]
        if row.attempts > settings.max_attempts:  # claimed again and again, never answered
            outcome = Outcome("dead", reason=f"claimed {row.attempts} times without a result "
                                             "(its worker was lost each time); it may have been sent")
        else:
            outcome = deliver(client, row, recipients.get(row.openid, Recipient()), settings, now)
        status = _record(db, row, outcome, settings, clock())
        report.sent += status == "sent"
        report.retried += status == "pending"
        report.dead += status == "dead"
    return report


def run_dispatcher(db: Database, client, stop: threading.Event, settings: OutboxSettings | None = None,
                   until_empty: bool = False) -> DispatchReport:
    """Dispatch rounds until `stop` is set (or, with `until_empty`, until nothing is due)."""
    settings = settings or _app_settings()
    total = DispatchReport()
    while not stop.is_set():
        try:
            report = dispatch_once(db, client, settings=settings, should_stop=stop.is_set)
        except SQLAlchemyError:
            # The database is away: keep the process, try again shortly.
            log.exception("outbox dispatch round failed; retrying in %.1f s", settings.poll_seconds)
            stop.wait(settings.poll_seconds)
            continue
        total.add(report)
        if report.claimed == 0:
            if until_empty:
                break
            stop.wait(settings.poll_seconds)
    return total


def _app_settings() -> OutboxSettings:
    from flask import current_app

    return OutboxSettings.from_config(current_app.config)


def dispatch_job(now: datetime | None = None, budget_seconds: float = 1.5) -> DispatchReport:
    """Scheduler job: send what is due for up to `budget_seconds`, then return."""
    from ..db import get_db
    from ..wechat.client import get_client

    deadline = time.monotonic() + budget_seconds
    settings = _app_settings()
    total = DispatchReport()
    while time.monotonic() < deadline:
        report = dispatch_once(get_db(), get_client(), settings=settings,
                               should_stop=lambda: time.monotonic() >= deadline)
        total.add(report)
        if report.claimed == 0:
            break
    return total
