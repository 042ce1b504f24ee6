"""The outbox dispatcher's claims: leases a killed dispatcher leaves behind, claims that never overlap,
what a claim takes first, and a send recorded after a database outage."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot import clock
from bot.models import OutboxMessage
from bot.outbox import dispatch_once, enqueue, store
from tests.kit.factories import add_follower
from tests.kit.outbox import DISPATCH_SETTINGS, outbox_row, queue_push

# Nothing leaves for the real WeChat; the app talks to the fake API.
pytestmark = [pytest.mark.usefixtures("host_guard"), pytest.mark.app_settings(DISPATCH_SETTINGS, fake_wechat=True)]


def test_rows_of_a_killed_dispatcher_are_claimed_again_when_the_lease_runs_out(db, wechat_client, fake_wechat,
        outbox_settings):
    fake_wechat.interaction("o-11")
    queue_push(db, "o-11", in_window=True)
    now = clock.now()
    claimed, _ = store.claim(db, 10, outbox_settings.lease_seconds, now)  # a dispatcher that then dies
    assert len(claimed) == 1
    assert dispatch_once(db, wechat_client, settings=outbox_settings, now=now + timedelta(seconds=5)).claimed == 0
    later = now + timedelta(seconds=outbox_settings.lease_seconds + 1)
    assert dispatch_once(db, wechat_client, settings=outbox_settings, now=later).sent == 1
    row = outbox_row(db, "k-1")
    assert (row.status, row.attempts) == ("sent", 2)
    # The dead dispatcher's late update cannot touch the row any more (fenced by attempts).
    assert not store.mark_sent(db, claimed[0], "custom", None, later)
    assert not store.mark_retry(db, claimed[0], "late", later)


def test_two_claims_never_overlap(db, outbox_settings):
    with db.session() as s:
        for n in range(30):
            enqueue(s, f"k-{n}", f"o-{n}", "task", "text")
    now = clock.now()
    first, _ = store.claim(db, 20, 60, now)
    second, _ = store.claim(db, 20, 60, now)
    assert len(first) == 20 and len(second) == 10
    assert not {m.id for m in first} & {m.id for m in second}


def test_rows_without_enough_lease_left_are_handed_back_not_sent(db, wechat_client, fake_wechat, outbox_settings):
    from dataclasses import replace

    fake_wechat.interaction("o-12")
    queue_push(db, "o-12", in_window=True)
    short = replace(outbox_settings, lease_seconds=1, send_budget_seconds=5)
    result = dispatch_once(db, wechat_client, settings=short)
    assert (result.claimed, result.released, result.sent) == (1, 1, 0)
    row = outbox_row(db, "k-1")
    assert (row.status, row.attempts) == ("pending", 0)
    assert fake_wechat.messages("o-12") == []


def test_a_send_is_recorded_after_a_database_outage_of_several_seconds(db, wechat_client, fake_wechat, outbox_settings,
                                                                        monkeypatch):
    """Found by the scale test: PostgreSQL restarted for 5 s right after WeChat accepted a push;
    the "sent" mark gave up after ~4 s, the row stayed `sending` and was sent again after its
    lease. The mark is now retried for as long as the lease lasts."""
    from sqlalchemy.exc import OperationalError

    fake_wechat.interaction("o-1")
    queue_push(db, "o-1", in_window=True, text="停电通知")
    real_mark, failures = store.mark_sent, {"left": 8}  # ~15 s of an unreachable database

    def unreachable_for_a_while(*args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("UPDATE outbox", {}, Exception("server closed the connection"))
        return real_mark(*args, **kwargs)

    monkeypatch.setattr(store, "mark_sent", unreachable_for_a_while)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    result = dispatch_once(db, wechat_client, settings=outbox_settings)
    assert (result.sent, failures["left"]) == (1, 0)
    assert outbox_row(db, "k-1").status == "sent"
    assert [m["text"] for m in fake_wechat.messages("o-1")] == ["停电通知"]


def test_person_to_person_pushes_go_before_a_broadcast_queued_earlier(db, wechat_client, fake_wechat, outbox_settings):
    """Found by the scale test: during the monthly theme push (thousands of rows), a deferred
    answer and a mediator's new-booking notice waited minutes behind it."""
    fake_wechat.interaction("o-1")
    with db.session() as s:
        add_follower(s, "o-1", in_window=True)
        for n in range(30):
            enqueue(s, f"theme:2026-12:g:{n}", "o-1", "theme", f"本月主题{n}")
        enqueue(s, "reply:1", "o-1", "reply", "您问的低保：带上身份证")
    one_at_a_time = dataclasses.replace(outbox_settings, concurrency=1)  # so the send order is the claim order
    result = dispatch_once(db, wechat_client, limit=5, settings=one_at_a_time)
    assert result.sent == 5
    texts = [m["text"] for m in fake_wechat.messages("o-1")]
    assert texts == ["您问的低保：带上身份证", "本月主题0", "本月主题1", "本月主题2", "本月主题3"]


def test_a_claim_takes_person_to_person_rows_then_expired_leases_then_the_oldest_broadcasts(db, outbox_settings):
    with db.session() as s:
        for n in range(6):
            enqueue(s, f"theme:2027-01:g:{n}", f"o-{n}", "theme", f"主题{n}")
        enqueue(s, "notice:1:o-9", "o-9", "notice", "停水通知")
        enqueue(s, "reply:1", "o-1", "reply", "答复")
        enqueue(s, "task:1:o-2", "o-2", "task", "任务")
    now = clock.now()
    with db.session() as s:  # a dispatcher died holding theme 5: its lease ran out a minute ago
        s.execute(OutboxMessage.__table__.update().where(OutboxMessage.business_key == "theme:2027-01:g:5")
                  .values(status="sending", attempts=1, lease_until=now - timedelta(minutes=1)))
    claimed, _ = store.claim(db, 5, 60, now)
    assert [m.business_key for m in claimed] == ["reply:1", "task:1:o-2", "theme:2027-01:g:0",
                                                 "theme:2027-01:g:1", "theme:2027-01:g:5"]
    assert [m.attempts for m in claimed] == [1, 1, 1, 1, 2]
    now += timedelta(seconds=1)
    claimed, _ = store.claim(db, 5, 60, now)
    assert [m.business_key for m in claimed] == ["theme:2027-01:g:2", "theme:2027-01:g:3",
                                                 "theme:2027-01:g:4", "notice:1:o-9"]
    assert store.claim(db, 5, 60, now)[0] == []
