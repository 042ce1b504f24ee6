"""Shared fixtures: the app on a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL).

The schema is migrated once per test session with Alembic; every test starts from empty
tables. `make test` runs the whole suite once per database.
"""
from __future__ import annotations

import os
import select
import time

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from bot import clock, create_app
from bot.cli import upgrade_database
from bot.db import Database
from bot.dev.reset import empty_all_tables
from tests.kit.clock import FROZEN_AT

# Under libfaketime with real monotonic time (`make test-future`), time.sleep fails with EINVAL
# (libfaketime 0.9.10 shifts clock_nanosleep's absolute monotonic deadline). Sleep by select()
# instead there; the clock the tests see is unchanged.
if "faketime" in os.environ.get("LD_PRELOAD", ""):
    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        select.select([], [], [], seconds)

    time.sleep = _sleep

# Fixtures for the fake WeChat API (fake_wechat, ...) and those many modules share (county,
# world, kit, router, ...) live in the test kit.
pytest_plugins = ["tests.kit.fakewechat", "tests.kit.fixtures"]

# Property tests (tests/test_webhook_fuzz.py): a bounded run in `make test`, a long one with
# HYPOTHESIS_PROFILE=long. Each example is one or two requests through the real app, so no
# per-example deadline: the tests assert the webhook's own time bound instead. The app and its
# database are per test, not per example: examples use fresh openids, MsgIds and nonces.
settings.register_profile(
    "ci", max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "30")), deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])
settings.register_profile("long", settings.get_profile("ci"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """The app's clock, stopped at FROZEN_AT, so no test depends on today's date.

    A test that needs another time sets it (`frozen_clock.set(at)`, `.advance(hours=2)`, or
    `with clock.frozen(at)`). Tests marked `processes` (they start other processes, which run
    on the real clock) or `real_clock` (they wait for real time to pass: APScheduler, leases)
    keep real time, and use only times relative to now.
    """
    if request.node.get_closest_marker("real_clock") or request.node.get_closest_marker("processes"):
        yield None
        return
    with clock.frozen(FROZEN_AT) as moved:
        yield moved


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def migrated(database_url) -> str:
    if database_url.startswith("postgresql"):
        engine = Database(database_url).engine
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade_database(database_url)
    return database_url


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "app_settings(*settings, fake_wechat=False): settings the `app_config` fixture adds "
                   "(dicts, the module's before the test's); fake_wechat=True points the app at the fake API")


@pytest.fixture
def app_config(migrated, request) -> dict:
    """The app's settings: the test database, no Redis. A module or test adds settings with
    `pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS, fake_wechat=True)`, or overrides this
    fixture (asking for it, to build on it) when the settings need other fixtures."""
    config = {"DATABASE_URL": migrated, "TESTING": True, "REDIS_URL": None}
    for mark in reversed(list(request.node.iter_markers("app_settings"))):  # the closest mark last
        if mark.kwargs.get("fake_wechat"):
            config.update(request.getfixturevalue("fake_wechat_config"))
        for added in mark.args:
            config.update(added)
    return config


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    empty_all_tables(app.extensions["db"])
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app) -> Database:
    return app.extensions["db"]
