"""/healthz answers 200 when the database (and Redis) answer, and a quick 503 naming what is down."""
from __future__ import annotations

import os
import time

import pytest

from bot import create_app


def test_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set")
def test_ok_with_redis(app_config):
    app = create_app({**app_config, "REDIS_URL": os.environ["TEST_REDIS_URL"]})
    assert app.test_client().get("/healthz").status_code == 200
    app.extensions["db"].dispose()


@pytest.mark.parametrize("settings,down", [
    ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "down: redis\n"),
    ({"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/nothing"}, "down: database\n"),
])
def test_a_dead_dependency_is_a_quick_503(app_config, settings, down):
    app = create_app({**app_config, **settings})
    started = time.monotonic()
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (503, down)
    assert time.monotonic() - started < 3
    app.extensions["db"].dispose()


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
