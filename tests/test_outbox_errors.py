"""The outbox dispatcher on WeChat's errors: permanent ones make a push dead at once, transient ones
are retried with a growing, capped backoff until the last attempt; a refused token is refreshed."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot import clock
from bot.outbox import backoff_seconds, dispatch_once
from tests.kit.outbox import DISPATCH_SETTINGS, outbox_row, queue_push

# Nothing leaves for the real WeChat; the app talks to the fake API.
pytestmark = [pytest.mark.usefixtures("host_guard"), pytest.mark.app_settings(DISPATCH_SETTINGS, fake_wechat=True)]


@pytest.mark.parametrize("endpoint, code", [
    ("custom", 43004), ("custom", 40003), ("template", 40037), ("template", 47003),
    ("custom", 48001), ("custom", 40164), ("template", 40164),
])
def test_permanent_errors_are_dead_at_once_with_code_and_message(db, wechat_client, fake_wechat, outbox_settings,
        endpoint, code):
    in_window = endpoint == "custom"
    if in_window:
        fake_wechat.interaction("o-8")
    queue_push(db, "o-8", in_window=in_window)
    fake_wechat.set_fault(endpoint, errcode=code)
    later = clock.now() + timedelta(hours=1)
    for _ in range(3):  # later rounds must not try again
        dispatch_once(db, wechat_client, settings=outbox_settings, now=later)
    row = outbox_row(db, "k-1")
    assert row.status == "dead" and row.attempts == 1
    assert row.last_error.startswith(f"errcode {code}: ") and len(row.last_error) > len(f"errcode {code}: ")
    assert fake_wechat.stats()["faults_fired"] == 1


@pytest.mark.parametrize("fault", [
    {"errcode": -1}, {"errcode": 45011}, {"status": 503}, {"status": 500}, {"hang": 2, "errcode": -1},
    {"errcode": 40001},
])
def test_transient_errors_are_retried_later_and_then_sent(db, wechat_client, fake_wechat, outbox_settings, fault):
    fake_wechat.interaction("o-9")
    queue_push(db, "o-9", in_window=True)
    fake_wechat.set_fault("custom", **fault)
    now = clock.now()
    result = dispatch_once(db, wechat_client, settings=outbox_settings, now=now)
    assert result.retried == 1
    row = outbox_row(db, "k-1")
    assert row.status == "pending" and row.attempts == 1 and row.last_error
    assert timedelta(seconds=5) <= row.next_attempt_at - now <= timedelta(seconds=10)
    assert dispatch_once(db, wechat_client, settings=outbox_settings, now=now + timedelta(seconds=2)).claimed == 0
    fake_wechat.clear_fault("custom")
    dispatch_once(db, wechat_client, settings=outbox_settings, now=now + timedelta(seconds=11))
    row = outbox_row(db, "k-1")
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(fake_wechat.messages("o-9")) == 1


def test_a_refused_token_costs_one_refresh_per_attempt(db, wechat_client, fake_wechat, outbox_settings):
    fake_wechat.interaction("o-9")
    queue_push(db, "o-9", in_window=True)
    fake_wechat.set_fault("custom", errcode=40001)
    dispatch_once(db, wechat_client, settings=outbox_settings)
    assert fake_wechat.stats()["token_fetches"] == 2  # the first token and one refresh, not a loop
    assert outbox_row(db, "k-1").last_error.startswith("errcode 40001")


def test_retries_end_dead_after_the_maximum_with_the_last_error(db, wechat_client, fake_wechat, outbox_settings):
    fake_wechat.interaction("o-10")
    queue_push(db, "o-10", in_window=True)
    fake_wechat.set_fault("custom", status=502)
    now = clock.now()
    delays = []
    for _ in range(outbox_settings.max_attempts):
        dispatch_once(db, wechat_client, settings=outbox_settings, now=now)
        row = outbox_row(db, "k-1")
        if row.status == "pending":
            delays.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
    row = outbox_row(db, "k-1")
    assert row.status == "dead" and row.attempts == outbox_settings.max_attempts == 4
    assert row.last_error == "gave up after 4 attempts; last error: HTTP 502: WeChat API answered with an error status"
    # 10 s base doubling, capped at 60 s, jittered within [ceiling/2, ceiling]
    for delay, ceiling in zip(delays, [10, 20, 40]):
        assert ceiling / 2 <= delay <= ceiling + 0.01


def test_backoff_grows_and_is_capped():
    rng = random.Random(3)
    for attempts in range(1, 30):
        ceiling = min(300.0, 5.0 * 2 ** (attempts - 1))
        samples = [backoff_seconds(attempts, 5.0, 300.0, rng) for _ in range(200)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
        assert max(samples) - min(samples) > ceiling / 4  # jittered, not one fixed value
    assert backoff_seconds(1000, 5.0, 300.0, rng) <= 300.0
