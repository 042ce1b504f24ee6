"""The outbox dispatcher against the fake WeChat API: channel choice, retries, dead rows, leases."""
from __future__ import annotations

import dataclasses

import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import OutboxMessage
from bot.outbox import OutboxSettings, backoff_seconds, dispatch_once, enqueue, store
from bot.outbox.quota import next_quota_reset
from bot.wechat.client import build_client
from tests.kit.factories import add_follower
from tests.kit.network import RealHostGuard

TEMPLATES = {"task": "tpl-task", "reminder": "tpl-reminder"}


@pytest.fixture
def app_config(wechat_app_config):
    return {**wechat_app_config, "TEMPLATE_IDS": TEMPLATES, "WECHAT_TIMEOUT_SECONDS": 0.5,
            "OUTBOX_MAX_ATTEMPTS": 4, "OUTBOX_BACKOFF_BASE_SECONDS": 10, "OUTBOX_BACKOFF_CAP_SECONDS": 60}


@pytest.fixture(autouse=True)
def guard(monkeypatch):
    return RealHostGuard(monkeypatch)


@pytest.fixture
def wechat(app):
    return build_client(app.config, db=app.extensions["db"])


@pytest.fixture
def settings(app) -> OutboxSettings:
    return OutboxSettings.from_config(app.config)


FIELDS = {"事项": "扫雪", "时间": "明天上午9点"}


def _row(db, key: str) -> OutboxMessage:
    with db.session() as s:
        return s.scalars(select(OutboxMessage).where(OutboxMessage.business_key == key)).one()


def _push(db, openid: str, *, in_window: bool | None, kind: str = "task", text: str = "【志愿活动】扫雪\n明天上午9点\n请回复1报名",
          template: dict | None = None, url: str | None = None, subscribed: bool = True, key: str = "k-1") -> str:
    template = FIELDS if template is None else template
    with db.session() as s:
        if in_window is not None:
            add_follower(s, openid, in_window=in_window, subscribed=subscribed)
        enqueue(s, key, openid, kind, text, template, url)
    return key


def test_within_48_hours_a_customer_service_text(db, wechat, fake_wechat, settings, guard):
    fake_wechat.interaction("o-1")
    _push(db, "o-1", in_window=True, text="你好，明天开会")
    result = dispatch_once(db, wechat, settings=settings)
    assert (result.claimed, result.sent) == (1, 1)
    row = _row(db, "k-1")
    assert (row.status, row.channel, row.wechat_msgid, row.attempts) == ("sent", "custom", None, 1)
    assert row.sent_at is not None and row.lease_until is None
    assert fake_wechat.texts("o-1") == ["你好，明天开会"]
    assert guard.attempts == []


def test_outside_48_hours_a_template_with_the_kinds_id_and_its_msgid_stored(db, wechat, fake_wechat, settings):
    _push(db, "o-2", in_window=False, template={"事项": "扫雪", "时间": "明天上午9点", "地点": "村委会门口"},
          url="http://127.0.0.1/task/3")
    dispatch_once(db, wechat, settings=settings)
    row = _row(db, "k-1")
    sent = fake_wechat.messages("o-2")
    assert [m["endpoint"] for m in sent] == ["template"]
    body = sent[0]["body"]
    assert body["template_id"] == "tpl-task" and body["url"] == "http://127.0.0.1/task/3"
    # Named fields go to the template's keyword ids (kinds.DEFAULT_FIELD_KEYS unless configured).
    assert body["data"] == {"thing1": {"value": "扫雪"}, "time2": {"value": "明天上午9点"},
                            "thing3": {"value": "村委会门口"}}
    assert body["client_msg_id"] == "k-1"
    assert (row.status, row.channel, row.wechat_msgid) == ("sent", "template", str(sent[0]["msgid"]))


def test_template_fields_are_one_short_line_and_mapped_as_configured(db, wechat, fake_wechat, settings):
    long = "村委会门口东边第二个路口往北走一百米的小广场"
    _push(db, "o-3", in_window=None, kind="reminder", template={"事项": "扫雪\n活动", "地点": long, "first": "旧"})
    mapped = dataclasses.replace(settings, template_fields={"reminder": {"事项": "thing7"}})
    dispatch_once(db, wechat, settings=mapped)
    data = fake_wechat.messages("o-3")[0]["body"]["data"]
    assert data == {"thing7": {"value": "扫雪 活动"}, "thing3": {"value": long[:19] + "…"}}
    assert fake_wechat.state.violations == []


def test_without_fields_outside_48_hours_is_dead_not_guessed_from_the_text(db, wechat, fake_wechat, settings):
    _push(db, "o-3b", in_window=None, kind="reminder", template={})
    dispatch_once(db, wechat, settings=settings)
    assert _row(db, "k-1").last_error == "outside 48h window; no template fields for reminder"
    assert fake_wechat.messages("o-3b") == []


def test_outside_48_hours_without_a_template_is_dead_with_its_reason(db, wechat, fake_wechat, settings):
    _push(db, "o-4", in_window=False, kind="human")
    result = dispatch_once(db, wechat, settings=settings)
    row = _row(db, "k-1")
    assert result.dead == 1
    assert (row.status, row.last_error) == ("dead", "outside 48h window; no template for human")
    assert fake_wechat.messages("o-4") == []


def test_45015_on_a_customer_service_text_falls_back_to_the_template(db, wechat, fake_wechat, settings):
    # Our record says the user wrote an hour ago, but WeChat says the window is closed.
    _push(db, "o-5", in_window=True)
    dispatch_once(db, wechat, settings=settings)
    row = _row(db, "k-1")
    assert (row.status, row.channel) == ("sent", "template")
    assert [m["endpoint"] for m in fake_wechat.messages("o-5")] == ["template"]


def test_45015_without_a_template_is_dead(db, wechat, fake_wechat, settings):
    _push(db, "o-6", in_window=True, kind="human")
    dispatch_once(db, wechat, settings=settings)
    row = _row(db, "k-1")
    assert row.status == "dead" and "45015" in row.last_error and "no template for human" in row.last_error


def test_an_unsubscribed_user_is_dead_without_a_call(db, wechat, fake_wechat, settings):
    _push(db, "o-7", in_window=True, subscribed=False)
    dispatch_once(db, wechat, settings=settings)
    assert (_row(db, "k-1").status, _row(db, "k-1").last_error) == ("dead", "unsubscribed")
    assert fake_wechat.stats()["token_fetches"] == 0


@pytest.mark.parametrize("endpoint, code", [
    ("custom", 43004), ("custom", 40003), ("template", 40037), ("template", 47003),
    ("custom", 48001), ("custom", 40164), ("template", 40164),
])
def test_permanent_errors_are_dead_at_once_with_code_and_message(db, wechat, fake_wechat, settings, endpoint, code):
    in_window = endpoint == "custom"
    if in_window:
        fake_wechat.interaction("o-8")
    _push(db, "o-8", in_window=in_window)
    fake_wechat.set_fault(endpoint, errcode=code)
    later = clock.now() + timedelta(hours=1)
    for _ in range(3):  # later rounds must not try again
        dispatch_once(db, wechat, settings=settings, now=later)
    row = _row(db, "k-1")
    assert row.status == "dead" and row.attempts == 1
    assert row.last_error.startswith(f"errcode {code}: ") and len(row.last_error) > len(f"errcode {code}: ")
    assert fake_wechat.stats()["faults_fired"] == 1


@pytest.mark.parametrize("fault", [
    {"errcode": -1}, {"errcode": 45011}, {"status": 503}, {"status": 500}, {"hang": 2, "errcode": -1},
    {"errcode": 40001},
])
def test_transient_errors_are_retried_later_and_then_sent(db, wechat, fake_wechat, settings, fault):
    fake_wechat.interaction("o-9")
    _push(db, "o-9", in_window=True)
    fake_wechat.set_fault("custom", **fault)
    now = clock.now()
    result = dispatch_once(db, wechat, settings=settings, now=now)
    assert result.retried == 1
    row = _row(db, "k-1")
    assert row.status == "pending" and row.attempts == 1 and row.last_error
    assert timedelta(seconds=5) <= row.next_attempt_at - now <= timedelta(seconds=10)
    assert dispatch_once(db, wechat, settings=settings, now=now + timedelta(seconds=2)).claimed == 0
    fake_wechat.clear_fault("custom")
    dispatch_once(db, wechat, settings=settings, now=now + timedelta(seconds=11))
    row = _row(db, "k-1")
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(fake_wechat.messages("o-9")) == 1


# 2026-12-01 18:00 in Beijing; the daily quotas reset at 2026-12-01 16:00 UTC.
EVENING = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
QUOTA_RESET = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)


def test_the_daily_quota_resets_at_midnight_beijing_time():
    assert next_quota_reset(EVENING) == QUOTA_RESET
    assert next_quota_reset(QUOTA_RESET - timedelta(seconds=1)) == QUOTA_RESET
    assert next_quota_reset(QUOTA_RESET) == QUOTA_RESET + timedelta(days=1)


def test_a_used_up_template_quota_holds_the_pushes_until_midnight_without_spending_attempts(
        db, wechat, fake_wechat, settings, frozen_clock):
    frozen_clock.set(EVENING)  # pushes queued this evening
    for n in range(3):
        _push(db, f"o-q{n}", in_window=False, key=f"k-q{n}")
    fake_wechat.set_fault("template", errcode=45009)
    one_at_a_time = dataclasses.replace(settings, concurrency=1)
    result = dispatch_once(db, wechat, settings=one_at_a_time, now=EVENING)
    assert (result.claimed, result.waiting, result.retried, result.dead) == (3, 3, 0, 0)
    assert fake_wechat.stats()["faults_fired"] == 1  # the other two waited without a call
    for n in range(3):
        row = _row(db, f"k-q{n}")
        assert (row.status, row.attempts) == ("pending", 0)
        assert QUOTA_RESET <= row.next_attempt_at.replace(tzinfo=timezone.utc) <= QUOTA_RESET + timedelta(minutes=5)
        assert "45009" in row.last_error and "2026-12-02 00:00 Beijing" in row.last_error
    fake_wechat.clear_fault("template")
    assert dispatch_once(db, wechat, settings=settings, now=QUOTA_RESET - timedelta(minutes=1)).claimed == 0
    result = dispatch_once(db, wechat, settings=settings, now=QUOTA_RESET + timedelta(minutes=6))
    assert result.sent == 3
    assert [len(fake_wechat.messages(f"o-q{n}")) for n in range(3)] == [1, 1, 1]


def test_waiting_for_the_quota_day_after_day_never_makes_a_push_dead(db, wechat, fake_wechat, settings, frozen_clock):
    frozen_clock.set(EVENING)  # pushes queued this evening
    _push(db, "o-q9", in_window=False)
    fake_wechat.set_fault("template", errcode=45009)
    now = EVENING
    for _ in range(settings.max_attempts + 2):
        assert dispatch_once(db, wechat, settings=settings, now=now).waiting == 1
        now = _row(db, "k-1").next_attempt_at.replace(tzinfo=timezone.utc)
    assert (_row(db, "k-1").status, _row(db, "k-1").attempts) == ("pending", 0)


def test_a_used_up_customer_service_quota_sends_by_template_or_waits_without_one(db, wechat, fake_wechat, settings, frozen_clock):
    frozen_clock.set(EVENING)  # pushes queued this evening
    for openid, kind, key in (("o-q5", "task", "k-task"), ("o-q6", "task", "k-task2"), ("o-q7", "human", "k-human")):
        fake_wechat.interaction(openid)
        _push(db, openid, in_window=True, kind=kind, key=key)
    fake_wechat.set_fault("custom", errcode=45009)
    one_at_a_time = dataclasses.replace(settings, concurrency=1)
    result = dispatch_once(db, wechat, settings=one_at_a_time, now=EVENING)
    assert (result.sent, result.waiting) == (2, 1)
    assert fake_wechat.stats()["faults_fired"] == 1  # only the first customer-service call
    assert [m["endpoint"] for m in fake_wechat.messages("o-q5") + fake_wechat.messages("o-q6")] == \
        ["template", "template"]
    human = _row(db, "k-human")  # no template for this kind: it waits for the reset
    assert (human.status, human.attempts) == ("pending", 0) and "custom" in human.last_error


def test_a_refused_token_costs_one_refresh_per_attempt(db, wechat, fake_wechat, settings):
    fake_wechat.interaction("o-9")
    _push(db, "o-9", in_window=True)
    fake_wechat.set_fault("custom", errcode=40001)
    dispatch_once(db, wechat, settings=settings)
    assert fake_wechat.stats()["token_fetches"] == 2  # the first token and one refresh, not a loop
    assert _row(db, "k-1").last_error.startswith("errcode 40001")


def test_retries_end_dead_after_the_maximum_with_the_last_error(db, wechat, fake_wechat, settings):
    fake_wechat.interaction("o-10")
    _push(db, "o-10", in_window=True)
    fake_wechat.set_fault("custom", status=502)
    now = clock.now()
    delays = []
    for _ in range(settings.max_attempts):
        dispatch_once(db, wechat, settings=settings, now=now)
        row = _row(db, "k-1")
        if row.status == "pending":
            delays.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
    row = _row(db, "k-1")
    assert row.status == "dead" and row.attempts == settings.max_attempts == 4
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


def test_rows_of_a_killed_dispatcher_are_claimed_again_when_the_lease_runs_out(db, wechat, fake_wechat, settings):
    fake_wechat.interaction("o-11")
    _push(db, "o-11", in_window=True)
    now = clock.now()
    claimed, _ = store.claim(db, 10, settings.lease_seconds, now)  # a dispatcher that then dies
    assert len(claimed) == 1
    assert dispatch_once(db, wechat, settings=settings, now=now + timedelta(seconds=5)).claimed == 0
    later = now + timedelta(seconds=settings.lease_seconds + 1)
    assert dispatch_once(db, wechat, settings=settings, now=later).sent == 1
    row = _row(db, "k-1")
    assert (row.status, row.attempts) == ("sent", 2)
    # The dead dispatcher's late update cannot touch the row any more (fenced by attempts).
    assert not store.mark_sent(db, claimed[0], "custom", None, later)
    assert not store.mark_retry(db, claimed[0], "late", later)


def test_two_claims_never_overlap(db, settings):
    with db.session() as s:
        for n in range(30):
            enqueue(s, f"k-{n}", f"o-{n}", "task", "text")
    now = clock.now()
    first, _ = store.claim(db, 20, 60, now)
    second, _ = store.claim(db, 20, 60, now)
    assert len(first) == 20 and len(second) == 10
    assert not {m.id for m in first} & {m.id for m in second}


def test_rows_without_enough_lease_left_are_handed_back_not_sent(db, wechat, fake_wechat, settings):
    from dataclasses import replace

    fake_wechat.interaction("o-12")
    _push(db, "o-12", in_window=True)
    short = replace(settings, lease_seconds=1, send_budget_seconds=5)
    result = dispatch_once(db, wechat, settings=short)
    assert (result.claimed, result.released, result.sent) == (1, 1, 0)
    row = _row(db, "k-1")
    assert (row.status, row.attempts) == ("pending", 0)
    assert fake_wechat.messages("o-12") == []


def test_cli_dispatch_list_and_retry(app, db, fake_wechat, runner):
    _push(db, "o-13", in_window=False, kind="human", key="human:1")
    fake_wechat.interaction("o-14")
    _push(db, "o-14", in_window=True, key="reply:2")
    out = runner.invoke(args=["outbox", "dispatch", "--once"]).output
    assert "claimed 2: sent 1" in out and "dead 1" in out
    listing = runner.invoke(args=["outbox", "list", "--status", "dead"]).output
    assert "human:1" in listing and "no template for human" in listing and "reply:2" not in listing
    dead_id = _row(db, "human:1").id
    assert "1 row(s) queued again" in runner.invoke(args=["outbox", "retry", str(dead_id)]).output
    row = _row(db, "human:1")
    assert (row.status, row.attempts) == ("pending", 0)


def test_the_template_delivery_report_lands_on_its_row(db, wechat, fake_wechat, settings):
    from bot.outbox import record_template_delivery

    _push(db, "o-15", in_window=False)
    dispatch_once(db, wechat, settings=settings)
    msgid = _row(db, "k-1").wechat_msgid
    with db.session() as s:
        assert record_template_delivery(s, msgid, "success")
        assert not record_template_delivery(s, "999", "success")
    assert _row(db, "k-1").delivery_status == "success"


def test_a_send_is_recorded_after_a_database_outage_of_several_seconds(db, wechat, fake_wechat, settings,
                                                                        monkeypatch):
    """Found by the scale test: PostgreSQL restarted for 5 s right after WeChat accepted a push;
    the "sent" mark gave up after ~4 s, the row stayed `sending` and was sent again after its
    lease. The mark is now retried for as long as the lease lasts."""
    from sqlalchemy.exc import OperationalError

    fake_wechat.interaction("o-1")
    _push(db, "o-1", in_window=True, text="停电通知")
    real_mark, failures = store.mark_sent, {"left": 8}  # ~15 s of an unreachable database

    def unreachable_for_a_while(*args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("UPDATE outbox", {}, Exception("server closed the connection"))
        return real_mark(*args, **kwargs)

    monkeypatch.setattr(store, "mark_sent", unreachable_for_a_while)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    result = dispatch_once(db, wechat, settings=settings)
    assert (result.sent, failures["left"]) == (1, 0)
    assert _row(db, "k-1").status == "sent"
    assert [m["text"] for m in fake_wechat.messages("o-1")] == ["停电通知"]


def test_person_to_person_pushes_go_before_a_broadcast_queued_earlier(db, wechat, fake_wechat, settings):
    """Found by the scale test: during the monthly theme push (thousands of rows), a deferred
    answer and a mediator's new-booking notice waited minutes behind it."""
    fake_wechat.interaction("o-1")
    with db.session() as s:
        add_follower(s, "o-1", in_window=True)
        for n in range(30):
            enqueue(s, f"theme:2026-12:g:{n}", "o-1", "theme", f"本月主题{n}")
        enqueue(s, "reply:1", "o-1", "reply", "您问的低保：带上身份证")
    one_at_a_time = dataclasses.replace(settings, concurrency=1)  # so the send order is the claim order
    result = dispatch_once(db, wechat, limit=5, settings=one_at_a_time)
    assert result.sent == 5
    texts = [m["text"] for m in fake_wechat.messages("o-1")]
    assert texts == ["您问的低保：带上身份证", "本月主题0", "本月主题1", "本月主题2", "本月主题3"]


def test_a_claim_takes_person_to_person_rows_then_expired_leases_then_the_oldest_broadcasts(db, settings):
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
