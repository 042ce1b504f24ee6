"""The counters and histogram each process keeps (one file per process in multiprocess mode).

prometheus_client picks its storage when first imported: PROMETHEUS_MULTIPROC_DIR must be in
the environment before that (gunicorn's and the scheduler's environment, not set by the app).
"""
from __future__ import annotations

from prometheus_client import Counter, Histogram

MESSAGES = Counter("pianqu_messages", "Messages and events answered on /wechat, by the action taken "
                   "and how the answer went (replied, deferred, retry, busy, too_fast, refused, error)",
                   ["action", "outcome"])
REPLY_SECONDS = Histogram("pianqu_reply_seconds", "Time from receiving a /wechat POST to its answer",
                          buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 5.0))
BUSY = Counter("pianqu_busy_answers", "Answers with the polite busy text (database slow or down)")
ERRORS = Counter("pianqu_error_answers", "Messages whose storing or handling raised (a bug or an outage)")
QUOTA_WAITS = Counter("pianqu_quota_waits", "Pushes put back until a used-up daily WeChat quota resets")
DEAD = Counter("pianqu_pushes_dead", "Pushes given up (dead) by a dispatcher")


def message_answered(action: str | None, outcome: str, seconds: float | None = None) -> None:
    MESSAGES.labels(action=(action or "none")[:40], outcome=outcome).inc()
    if seconds is not None:
        REPLY_SECONDS.observe(seconds)


def busy_answer() -> None:
    BUSY.inc()


def error_answer() -> None:
    ERRORS.inc()


def quota_wait() -> None:
    QUOTA_WAITS.inc()


def push_dead() -> None:
    DEAD.inc()
