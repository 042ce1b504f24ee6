"""The outbox dispatcher and WeChat's daily quotas: a used-up quota holds pushes until midnight in
Beijing without spending their attempts, and never makes them dead."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from bot.outbox import dispatch_once
from bot.outbox.quota import next_quota_reset
from tests.kit.outbox import DISPATCH_SETTINGS, outbox_row, queue_push

# Nothing leaves for the real WeChat; the app talks to the fake API.
pytestmark = [pytest.mark.usefixtures("host_guard"), pytest.mark.app_settings(DISPATCH_SETTINGS, fake_wechat=True)]


# 2026-12-01 18:00 in Beijing; the daily quotas reset at 2026-12-01 16:00 UTC.
EVENING = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


QUOTA_RESET = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)


def test_the_daily_quota_resets_at_midnight_beijing_time():
    assert next_quota_reset(EVENING) == QUOTA_RESET
    assert next_quota_reset(QUOTA_RESET - timedelta(seconds=1)) == QUOTA_RESET
    assert next_quota_reset(QUOTA_RESET) == QUOTA_RESET + timedelta(days=1)


def test_a_used_up_template_quota_holds_the_pushes_until_midnight_without_spending_attempts(
        db, wechat_client, fake_wechat, outbox_settings, frozen_clock):
    frozen_clock.set(EVENING)  # pushes queued this evening
    for n in range(3):
        queue_push(db, f"o-q{n}", in_window=False, key=f"k-q{n}")
    fake_wechat.set_fault("template", errcode=45009)
    one_at_a_time = dataclasses.replace(outbox_settings, concurrency=1)
    result = dispatch_once(db, wechat_client, settings=one_at_a_time, now=EVENING)
    assert (result.claimed, result.waiting, result.retried, result.dead) == (3, 3, 0, 0)
    assert fake_wechat.stats()["faults_fired"] == 1  # the other two waited without a call
    for n in range(3):
        row = outbox_row(db, f"k-q{n}")
        assert (row.status, row.attempts) == ("pending", 0)
        assert QUOTA_RESET <= row.next_attempt_at.replace(tzinfo=timezone.utc) <= QUOTA_RESET + timedelta(minutes=5)
        assert "45009" in row.last_error and "2026-12-02 00:00 Beijing" in row.last_error
    fake_wechat.clear_fault("template")
    assert dispatch_once(db, wechat_client, settings=outbox_settings, now=QUOTA_RESET - timedelta(minutes=1)).claimed == 0
    result = dispatch_once(db, wechat_client, settings=outbox_settings, now=QUOTA_RESET + timedelta(minutes=6))
    assert result.sent == 3
    assert [len(fake_wechat.messages(f"o-q{n}")) for n in range(3)] == [1, 1, 1]


def test_waiting_for_the_quota_day_after_day_never_makes_a_push_dead(db, wechat_client, fake_wechat, outbox_settings,
        frozen_clock):
    frozen_clock.set(EVENING)  # pushes queued this evening
    queue_push(db, "o-q9", in_window=False)
    fake_wechat.set_fault("template", errcode=45009)
    now = EVENING
    for _ in range(outbox_settings.max_attempts + 2):
        assert dispatch_once(db, wechat_client, settings=outbox_settings, now=now).waiting == 1
        now = outbox_row(db, "k-1").next_attempt_at.replace(tzinfo=timezone.utc)
    assert (outbox_row(db, "k-1").status, outbox_row(db, "k-1").attempts) == ("pending", 0)


def test_a_used_up_customer_service_quota_sends_by_template_or_waits_without_one(db, wechat_client, fake_wechat,
        outbox_settings, frozen_clock):
    frozen_clock.set(EVENING)  # pushes queued this evening
    for openid, kind, key in (("o-q5", "task", "k-task"), ("o-q6", "task", "k-task2"), ("o-q7", "human", "k-human")):
        fake_wechat.interaction(openid)
        queue_push(db, openid, in_window=True, kind=kind, key=key)
    fake_wechat.set_fault("custom", errcode=45009)
    one_at_a_time = dataclasses.replace(outbox_settings, concurrency=1)
    result = dispatch_once(db, wechat_client, settings=one_at_a_time, now=EVENING)
    assert (result.sent, result.waiting) == (2, 1)
    assert fake_wechat.stats()["faults_fired"] == 1  # only the first customer-service call
    assert [m["endpoint"] for m in fake_wechat.messages("o-q5") + fake_wechat.messages("o-q6")] == \
        ["template", "template"]
    human = outbox_row(db, "k-human")  # no template for this kind: it waits for the reset
    assert (human.status, human.attempts) == ("pending", 0) and "custom" in human.last_error
