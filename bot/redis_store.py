"""The optional Redis client (REDIS_URL): shared cache for token, dedupe and dialog state."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    if not url:
        app.extensions["redis"] = None
        return
    import redis

    app.extensions["redis"] = redis.Redis.from_url(
        url, socket_timeout=1.0, socket_connect_timeout=1.0, decode_responses=True)
