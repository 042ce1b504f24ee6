"""/healthz: can this web worker reach its database (and Redis, when configured)? 200 or 503.

For monitoring and for checking each machine behind nginx directly. The body names what
failed and nothing else; it never waits longer than the connect timeouts (database 2 s,
Redis 1 s), so a dead dependency answers 503 quickly instead of hanging the check.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app
from sqlalchemy import text

log = logging.getLogger(__name__)


def _problems() -> list[str]:
    problems = []
    try:
        with current_app.extensions["db"].engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        log.warning("healthz: database unreachable: %s", type(exc).__name__)
        problems.append("database")
    redis_client = current_app.extensions.get("redis")
    if redis_client is not None:
        try:
            redis_client.ping()
        except Exception as exc:
            log.warning("healthz: Redis unreachable: %s", type(exc).__name__)
            problems.append("redis")
    return problems


def healthz() -> Response:
    """200 "ok", or 503 "down: database, redis"."""
    problems = _problems()
    body, status = ("down: " + ", ".join(problems), 503) if problems else ("ok", 200)
    response = Response(body + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
