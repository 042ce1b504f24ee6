"""Figures read from the database at scrape time (cheaper than counting them in every process):
outbox rows by status and channel, the oldest due push, the mass-send budget left this month,
the scheduler's leader and each job's last run. One short read-only transaction per scrape."""
from __future__ import annotations

from flask import current_app
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from .. import clock
from ..models import OutboxMessage, SharedValue
from ..outbox import mass
from ..outbox.quota import WAITING_REASON_PREFIX
from .jobs import LAST_RUN_PREFIX, SCHEDULER_LEASE, parse_last_run


class DatabaseCollector:
    """A prometheus_client collector: each collect() reads the figures afresh."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        with self.app.app_context():
            yield from _families(self.app)


def _families(app):
    now = clock.now()
    rows = GaugeMetricFamily("pianqu_outbox_rows", "Outbox rows by status and channel (channel: how a sent "
                             "push went, custom or template; none before sending)", labels=["status", "channel"])
    oldest = GaugeMetricFamily("pianqu_outbox_oldest_due_seconds",
                               "Age of the oldest pending push that is due (0: none waiting)")
    waiting = GaugeMetricFamily("pianqu_outbox_quota_waiting", "Pending pushes waiting for a daily quota's reset")
    budget = GaugeMetricFamily("pianqu_mass_send_budget_left",
                               "Mass sends every follower can still receive this month")
    leader = GaugeMetricFamily("pianqu_scheduler_leader", "1 when a scheduler holds the leader lease",
                               labels=["holder"])
    has_leader = GaugeMetricFamily("pianqu_scheduler_has_leader", "1 when some scheduler holds the leader lease")
    last_run = GaugeMetricFamily("pianqu_scheduler_job_last_run_timestamp_seconds",
                                 "When each scheduler job last finished (unix time)", labels=["job"])
    last_ok = GaugeMetricFamily("pianqu_scheduler_job_last_run_ok", "1 when the job's last run succeeded",
                                labels=["job"])
    up = GaugeMetricFamily("pianqu_database_up", "1 when the scrape could read the database")
    try:
        with app.extensions["db"].session() as s:
            for status, channel, count in s.execute(
                    select(OutboxMessage.status, OutboxMessage.channel, func.count())
                    .group_by(OutboxMessage.status, OutboxMessage.channel)):
                rows.add_metric([status, channel or "none"], count)
            due = s.scalar(select(func.min(OutboxMessage.next_attempt_at))
                           .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now))
            if due is not None and due.tzinfo is None:
                due = due.replace(tzinfo=now.tzinfo)
            oldest.add_metric([], max(0.0, (now - due).total_seconds()) if due is not None else 0.0)
            waiting.add_metric([], s.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.status == "pending",
                OutboxMessage.last_error.startswith(WAITING_REASON_PREFIX))) or 0)
            per_month = int(app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH))
            budget.add_metric([], mass.left_this_month(s, now, per_month))
            held = s.execute(select(SharedValue.value, SharedValue.expires_at)
                             .where(SharedValue.key == SCHEDULER_LEASE)).first()
            holder = None
            if held is not None and held.value and held.expires_at is not None:
                until = held.expires_at if held.expires_at.tzinfo else held.expires_at.replace(tzinfo=now.tzinfo)
                holder = held.value if until > now else None
            if holder:
                leader.add_metric([holder[:80]], 1)
            has_leader.add_metric([], 1 if holder else 0)
            for key, value in s.execute(select(SharedValue.key, SharedValue.value)
                                        .where(SharedValue.key.startswith(LAST_RUN_PREFIX))):
                parsed = parse_last_run(value)
                if parsed is not None:
                    job = key[len(LAST_RUN_PREFIX):]
                    last_run.add_metric([job], parsed[0])
                    last_ok.add_metric([job], 1 if parsed[1] else 0)
        up.add_metric([], 1)
    except Exception:
        current_app.logger.warning("metrics: could not read the database", exc_info=True)
        up.add_metric([], 0)
        yield up
        return
    yield from (rows, oldest, waiting, budget, leader, has_leader, last_run, last_ok, up)
