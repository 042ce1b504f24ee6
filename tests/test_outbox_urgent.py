"""An urgent push (a danger alert to staff) leaves an idle dispatcher at once, not at its next
idle poll (issue 14: p50 1.0–1.2 s before); the claim and everything after it are the usual."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.models import OutboxMessage
from bot.outbox import dispatcher, enqueue, run_dispatcher
from bot.outbox.urgent import LOOKBACK, UrgentWatch, fresh_urgent_due
from bot.wechat.client import build_client
from tests.kit.factories import add_follower

SETTINGS = {"WECHAT_TIMEOUT_SECONDS": 15, "OUTBOX_RATE_PER_PROCESS": 0, "OUTBOX_RATE_OVERALL": 0}
pytestmark = [pytest.mark.app_settings(SETTINGS, fake_wechat=True), pytest.mark.usefixtures("host_guard")]


def _push(db, key: str, kind: str) -> None:
    with db.session() as s:
        if s.get(OutboxMessage, 1) is None:
            add_follower(s, "staff-1", in_window=True)
        enqueue(s, key, "staff-1", kind, f"【{kind}】{key}")


def test_only_a_fresh_pending_urgent_row_counts(db, frozen_clock):
    from bot import clock

    assert not fresh_urgent_due(db, clock.now())
    _push(db, "task:1", "task")
    assert not fresh_urgent_due(db, clock.now())  # an ordinary row waits for the idle poll
    _push(db, "safety:1", "safety")
    assert fresh_urgent_due(db, clock.now())
    with db.session() as s:  # claimed by a dispatcher
        s.execute(update(OutboxMessage).where(OutboxMessage.business_key == "safety:1").values(status="sending"))
    assert not fresh_urgent_due(db, clock.now())
    with db.session() as s:  # waiting for a retry: due later, the ordinary poll's
        s.execute(update(OutboxMessage).where(OutboxMessage.business_key == "safety:1")
                  .values(status="pending", next_attempt_at=clock.now() + timedelta(seconds=30)))
    assert not fresh_urgent_due(db, clock.now())
    _push(db, "safety:2", "safety")
    assert fresh_urgent_due(db, clock.now())
    frozen_clock.advance(LOOKBACK + timedelta(seconds=1))  # older than the lookback: not fresh
    assert not fresh_urgent_due(db, clock.now())


def test_the_watch_returns_at_once_when_an_urgent_row_is_due_and_waits_otherwise(db, frozen_clock):
    stop = threading.Event()
    watch = UrgentWatch(db, poll_seconds=0.01)
    assert watch.wait(stop, seconds=0) is False
    _push(db, "safety:1", "safety")
    assert watch.wait(stop, seconds=60) is True  # no wait: it is due now
    assert UrgentWatch(db, poll_seconds=0).wait(stop, seconds=0) is False  # switched off
    stop.set()
    assert watch.wait(stop, seconds=60) is False  # stopping ends the wait


def test_an_idle_loop_sends_an_urgent_push_long_before_its_idle_poll(app, db, fake_wechat, outbox_settings,
                                                                      frozen_clock, monkeypatch):
    """The loop polls every 60 s here: an ordinary row would wait up to a minute. The urgent
    one is sent within the test's 20 s, once, through the ordinary claim."""
    with db.session() as s:
        add_follower(s, "staff-1", in_window=True)
    fake_wechat.interaction("staff-1")
    went_idle, sent = threading.Event(), threading.Event()
    claim = dispatcher._claim

    def noted_claim(*args, **kwargs):
        batch = claim(*args, **kwargs)
        if not batch.messages:
            went_idle.set()
        return batch

    monkeypatch.setattr(dispatcher, "_claim", noted_claim)
    client = build_client(app.config, db=db)
    send = client.send_text_message

    def noted_send(*args, **kwargs):
        answer = send(*args, **kwargs)
        sent.set()
        return answer

    monkeypatch.setattr(client, "send_text_message", noted_send)
    settings = replace(outbox_settings, idle_seconds=60.0, urgent_poll_seconds=0.01)
    stop = threading.Event()
    loop = threading.Thread(target=run_dispatcher, args=(db, client, settings, stop))
    loop.start()
    try:
        assert went_idle.wait(20)
        with db.session() as s:
            enqueue(s, "safety:9:staff:staff-1", "staff-1", "safety", "【紧急】代村 有人晕倒")
        assert sent.wait(20), "the urgent push waited for the idle poll"
    finally:
        stop.set()
        loop.join(30)
    with db.session() as s:
        row = s.query(OutboxMessage).filter_by(business_key="safety:9:staff:staff-1").one()
        assert (row.status, row.attempts) == ("sent", 1)
    assert [m["text"] for m in fake_wechat.messages()] == ["【紧急】代村 有人晕倒"]
