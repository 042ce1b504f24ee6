"""The optional Redis client (REDIS_URL): shared cache for token, dedupe and dialog state.

A pooled connection that the network or a Redis restart cut (a reset, not a clean close) fails
on its next use; redis-py as configured by `from_url` does not try again, so the webhook would
answer "busy" once per dead connection. One immediate retry on a fresh connection is enough
(measured in docs/deploy.md). Not on timeouts: a hanging Redis must not double the wait.
"""
from __future__ import annotations

from flask import Flask


def connect(url: str):
    import redis
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError
    from redis.retry import Retry

    return redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0, decode_responses=True,
                                retry=Retry(NoBackoff(), 1), retry_on_error=[ConnectionError])


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["redis"] = connect(url) if url else None
