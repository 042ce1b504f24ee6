"""Figures an operator can watch: /metrics in Prometheus' text format (prometheus_client).

    from bot import metrics
    metrics.message_answered(action="guide", outcome="replied", seconds=0.012)
    metrics.busy_answer(); metrics.error_answer(); metrics.quota_wait(); metrics.push_dead()
    metrics.record_job_run(db, "theme-push", ok=True)      # the scheduler, after each job

Counters and the latency histogram live in the process that counts them; under gunicorn (and
for the scheduler's dispatcher) they go to files in PROMETHEUS_MULTIPROC_DIR and /metrics adds
up every process's files. What the database already knows (outbox rows by status and channel,
the mass-send budget, the scheduler's leader and each job's last run) is read at scrape time.
/metrics answers only the addresses in METRICS_ALLOWED_ADDRESSES (default loopback), 403 else.
"""
from __future__ import annotations

from .counters import busy_answer, error_answer, message_answered, push_dead, quota_wait
from .endpoint import init_app, render
from .jobs import SCHEDULER_LEASE, record_job_run

__all__ = ["SCHEDULER_LEASE", "busy_answer", "error_answer", "init_app", "message_answered", "push_dead",
           "quota_wait", "record_job_run", "render"]
