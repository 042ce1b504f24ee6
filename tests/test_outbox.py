"""The outbox: one row per business key, the right channel, retries with backoff, dead with a reason."""
from __future__ import annotations

import random
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from bot.models import OutboxMessage, User
from bot.outbox import OutboxSettings, dispatch_once, enqueue
from bot.outbox.claim import claim_due, renew
from bot.outbox.policy import backoff_seconds
from bot.wechat.client import get_client
from tests.outbound_kit import add_user, outbox_row

TEMPLATES = {"theme": "dev-tpl-theme", "task": "dev-tpl-task"}


@pytest.fixture
def app_config(app_config, fake_wechat_config):
    return {**app_config, **fake_wechat_config, "TEMPLATE_IDS": TEMPLATES, "WECHAT_TIMEOUT_SECONDS": 0.5,
            "OUTBOX_BACKOFF_BASE_SECONDS": 10.0, "OUTBOX_BACKOFF_CAP_SECONDS": 1800.0,
            "OUTBOX_MAX_ATTEMPTS": 8}


def now() -> datetime:
    return datetime.now(timezone.utc)


def dispatch(app, at: datetime | None = None, limit: int = 50, **settings):
    """One dispatch round, at time `at` (default: now), with settings changed as given."""
    with app.app_context():
        base = OutboxSettings.from_config(app.config)
        merged = OutboxSettings(**{**base.__dict__, **settings})
        return dispatch_once(app.extensions["db"], get_client(), limit=limit, settings=merged,
                             clock=(lambda: at) if at else (lambda: datetime.now(timezone.utc)))


def push(db, key: str, openid: str, kind: str = "reply", text: str | None = None, **kw) -> None:
    with db.session() as s:
        assert enqueue(s, key, openid, kind, text or f"text of {key}", **kw)


# --- enqueue ---------------------------------------------------------------------------------
def test_the_same_business_key_twice_is_one_row(db):
    with db.session() as s:
        assert enqueue(s, "theme:2026-12:agri:u1", "u1", "theme", "十二月主题")
        assert not enqueue(s, "theme:2026-12:agri:u1", "u1", "theme", "again")
        s.add(User(openid="u1"))  # the caller's transaction is still good after the duplicate
    with db.session() as s:
        assert not enqueue(s, "theme:2026-12:agri:u1", "u1", "theme", "once more")
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        assert s.scalar(select(OutboxMessage.payload)) == {"text": "十二月主题"}


def test_two_concurrent_sessions_enqueue_one_row(db):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker(n: int) -> None:
        try:
            with db.session() as s:
                if db.is_postgres:  # both transactions open before either inserts
                    s.execute(select(1))
                # (SQLite's BEGIN IMMEDIATE lets only one writer in: they race for it here)
                barrier.wait(timeout=10)
                results.append(enqueue(s, "whistle:7:u1", "u1", "whistle", f"from {n}"))
                s.add(User(openid=f"writer-{n}"))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert errors == [] and sorted(results) == [False, True]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        assert s.scalar(select(func.count()).select_from(User)) == 2  # both transactions committed


# --- channel ---------------------------------------------------------------------------------
def test_inside_the_window_a_customer_service_text(app, db, fake_wechat):
    add_user(db, "u1", wrote_hours_ago=1)
    fake_wechat.interaction("u1")
    push(db, "reply:1", "u1", text="您的材料已收到")
    assert dispatch(app).sent == 1
    row = outbox_row(db, "reply:1")
    assert (row.status, row.channel, row.attempts, row.lease_until) == ("sent", "custom", 1, None)
    assert row.sent_at is not None
    assert fake_wechat.texts("u1") == ["您的材料已收到"]


def test_outside_the_window_a_template_with_its_msgid(app, db, fake_wechat):
    add_user(db, "u2", wrote_hours_ago=72)
    push(db, "theme:2026-12:u2", "u2", kind="theme", text="十二月主题：冬季防火",
         template_data={"thing1": {"value": "冬季防火"}}, url="https://example.invalid/t")
    assert dispatch(app).sent == 1
    row = outbox_row(db, "theme:2026-12:u2")
    [record] = fake_wechat.messages("u2")
    assert record["endpoint"] == "template" and record["body"]["template_id"] == "dev-tpl-theme"
    assert record["body"]["data"] == {"thing1": {"value": "冬季防火"}} and record["body"]["url"].endswith("/t")
    assert (row.status, row.channel, row.wechat_msgid) == ("sent", "template", str(record["msgid"]))


def test_a_user_who_never_wrote_gets_the_template_with_the_text(app, db, fake_wechat):
    push(db, "task:3:u3", "u3", kind="task", text="明天上午送餐")  # no User row at all
    dispatch(app)
    assert fake_wechat.texts("u3") == ["明天上午送餐"]
    assert outbox_row(db, "task:3:u3").channel == "template"


def test_outside_the_window_without_a_template_is_dead(app, db, fake_wechat):
    add_user(db, "u4", wrote_hours_ago=49)
    push(db, "reply:4", "u4", kind="reply")
    assert dispatch(app).dead == 1
    row = outbox_row(db, "reply:4")
    assert (row.status, row.last_error) == ("dead", "outside 48h window; no template for reply")
    assert fake_wechat.stats()["requests"] == {}


def test_45015_falls_back_to_the_template(app, db, fake_wechat):
    add_user(db, "u5", wrote_hours_ago=1)  # we think the window is open; WeChat does not
    push(db, "task:5:u5", "u5", kind="task", text="任务提醒")
    push(db, "reply:5", "u5", kind="reply")
    dispatch(app)
    fallback, no_template = outbox_row(db, "task:5:u5"), outbox_row(db, "reply:5")
    assert (fallback.status, fallback.channel) == ("sent", "template")
    assert fake_wechat.texts("u5") == ["任务提醒"]
    assert no_template.status == "dead" and no_template.last_error.startswith("45015:")
    assert no_template.last_error.endswith("no template for reply")


def test_an_unsubscribed_user_is_dead_without_a_call(app, db, fake_wechat):
    add_user(db, "u6", wrote_hours_ago=1, subscribed=False)
    push(db, "task:6:u6", "u6", kind="task")
    dispatch(app)
    row = outbox_row(db, "task:6:u6")
    assert (row.status, row.last_error) == ("dead", "unsubscribed")
    assert fake_wechat.stats()["requests"] == {}


# --- failures --------------------------------------------------------------------------------
@pytest.mark.parametrize("code", [43004, 40003, 40037, 47003, 48001, 40164, 45015])
def test_permanent_errors_are_dead_at_once_with_their_code(app, db, fake_wechat, code):
    add_user(db, "u7", wrote_hours_ago=1)
    fake_wechat.interaction("u7")
    fake_wechat.set_fault("custom", errcode=code)
    push(db, "reply:7", "u7", kind="reply")
    for minutes in (0, 30, 600):  # later rounds find nothing to retry
        dispatch(app, at=now() + timedelta(minutes=minutes))
    row = outbox_row(db, "reply:7")
    assert row.status == "dead" and row.attempts == 1
    assert row.last_error.startswith(f"{code}:")
    assert fake_wechat.stats()["requests"]["custom"] == 1


@pytest.mark.parametrize("fault", [{"errcode": 45009}, {"errcode": -1}, {"status": 503}, {"hang": 30},
                                   {"errcode": 40001}])
def test_transient_errors_are_retried_later_and_sent_once(app, db, fake_wechat, fault):
    add_user(db, "u8", wrote_hours_ago=1)
    fake_wechat.interaction("u8")
    fake_wechat.set_fault("custom", **fault)
    push(db, "reply:8", "u8", text="稍后送达")
    started = now()
    assert dispatch(app).retried == 1
    row = outbox_row(db, "reply:8")
    assert (row.status, row.attempts, row.lease_until) == ("pending", 1, None)
    assert row.last_error
    assert started + timedelta(seconds=5) <= row.next_attempt_at <= now() + timedelta(seconds=10)
    assert dispatch(app).claimed == 0  # not due yet
    fake_wechat.clear_fault("custom")
    assert dispatch(app, at=now() + timedelta(seconds=11)).sent == 1
    assert fake_wechat.texts("u8") == ["稍后送达"]
    assert outbox_row(db, "reply:8").last_error is None


def test_after_the_last_attempt_a_transient_error_is_dead(app, db, fake_wechat):
    add_user(db, "u9", wrote_hours_ago=1)
    fake_wechat.interaction("u9")
    fake_wechat.set_fault("custom", errcode=45009)
    push(db, "reply:9", "u9")
    at = now()
    for _ in range(5):
        dispatch(app, at=at, max_attempts=3)
        at += timedelta(hours=2)
    row = outbox_row(db, "reply:9")
    assert row.status == "dead" and row.attempts == 3
    assert row.last_error.startswith("gave up after 3 attempts: 45009:")
    assert fake_wechat.stats()["requests"]["custom"] == 3


def test_backoff_grows_and_is_capped():
    rng = random.Random(1)
    base, cap = 10.0, 600.0
    for attempt in range(1, 16):
        ceiling = min(cap, base * 2 ** (attempt - 1))
        delays = [backoff_seconds(attempt, base, cap, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # jittered, not all alike
    assert backoff_seconds(40, base, cap, rng) <= cap


def test_backoff_between_real_attempts_grows(app, db, fake_wechat):
    add_user(db, "u10", wrote_hours_ago=1)
    fake_wechat.interaction("u10")
    fake_wechat.set_fault("custom", errcode=-1)
    push(db, "reply:10", "u10")
    at, waits = now(), []
    for _ in range(4):
        dispatch(app, at=at)
        due = outbox_row(db, "reply:10").next_attempt_at
        waits.append((due - at).total_seconds())
        at = due
    # base 10 s: [5,10], [10,20], [20,40], [40,80]
    assert all(10 * 2 ** i / 2 <= w <= 10 * 2 ** i + 0.01 for i, w in enumerate(waits)), waits


# --- leases ----------------------------------------------------------------------------------
def test_a_dead_workers_rows_are_claimed_after_its_lease(app, db, fake_wechat):
    add_user(db, "u11", wrote_hours_ago=1)
    fake_wechat.interaction("u11")
    for i in range(3):
        push(db, f"reply:11:{i}", "u11", text=f"第{i}条")
    lost = claim_due(db, 10, lease_seconds=60, now=now())  # a worker claims, then is killed
    assert len(lost) == 3
    assert dispatch(app).claimed == 0  # leased: nobody else touches them
    report = dispatch(app, at=now() + timedelta(seconds=61))
    assert report.sent == 3
    assert sorted(fake_wechat.texts("u11")) == ["第0条", "第1条", "第2条"]
    assert {outbox_row(db, f"reply:11:{i}").attempts for i in range(3)} == {2}


def test_a_worker_that_lost_its_lease_cannot_renew(db):
    for i in range(2):
        push(db, f"reply:12:{i}", "u12")
    t0 = now()
    slow = claim_due(db, 10, lease_seconds=10, now=t0)
    other = claim_due(db, 10, lease_seconds=10, now=t0 + timedelta(seconds=11))
    assert len(slow) == len(other) == 2
    assert renew(db, slow, 10, t0 + timedelta(seconds=11)) == []
    assert len(renew(db, other, 10, t0 + timedelta(seconds=12))) == 2


def test_stopping_gives_unsent_rows_back(app, db, fake_wechat):
    add_user(db, "u13", wrote_hours_ago=1)
    fake_wechat.interaction("u13")
    for i in range(4):
        push(db, f"reply:13:{i}", "u13")
    with app.app_context():
        calls = iter([False, True])
        report = dispatch_once(db, get_client(), settings=OutboxSettings.from_config(app.config),
                               should_stop=lambda: next(calls, True))
    assert report.sent == 1
    with db.session() as s:
        rows = s.execute(select(OutboxMessage.status, OutboxMessage.attempts)).all()
    assert sorted(rows) == [("pending", 0)] * 3 + [("sent", 1)]


def test_threads_dispatching_together_send_each_row_once(app, db, fake_wechat):
    for n in range(20):
        add_user(db, f"t{n}", wrote_hours_ago=1)
        fake_wechat.interaction(f"t{n}")
    with db.session() as s:
        for i in range(200):
            enqueue(s, f"bulk:{i}", f"t{i % 20}", "reply", f"bulk-{i}")
    fake_wechat.set_fault("custom", errcode=45009, rate=0.1)

    def worker():
        for _ in range(60):
            dispatch(app, at=now() + timedelta(hours=1), limit=7, backoff_base=0.0, backoff_cap=0.0)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    texts = fake_wechat.texts()
    assert sorted(texts) == sorted(f"bulk-{i}" for i in range(200))


# --- commands --------------------------------------------------------------------------------
def test_outbox_commands(app, db, runner, fake_wechat):
    add_user(db, "u14", wrote_hours_ago=100)
    push(db, "reply:14", "u14", kind="reply", text="迟到的回复")
    result = runner.invoke(args=["outbox", "dispatch", "--once"])
    assert result.exit_code == 0 and "dead 1" in result.output
    listed = runner.invoke(args=["outbox", "list", "--status", "dead"]).output
    assert "reply:14" in listed and "no template for reply" in listed
    row_id = outbox_row(db, "reply:14").id
    with db.session() as s:  # the user writes again: the window opens
        s.execute(update(User).where(User.openid == "u14").values(last_interaction_at=now()))
    fake_wechat.interaction("u14")
    assert "1 of 1 back in the queue" in runner.invoke(args=["outbox", "retry", str(row_id)]).output
    assert "sent 1" in runner.invoke(args=["outbox", "dispatch", "--once"]).output
    assert fake_wechat.texts("u14") == ["迟到的回复"]
    assert "only dead rows" in runner.invoke(args=["outbox", "retry", str(row_id)]).output


def test_a_template_receipt_lands_on_its_row(app, db, fake_wechat):
    from bot.outbox import record_template_delivery

    push(db, "theme:2027-01:u15", "u15", kind="theme")
    dispatch(app)
    msgid = outbox_row(db, "theme:2027-01:u15").wechat_msgid
    with db.session() as s:
        assert record_template_delivery(s, msgid, "success")
        assert not record_template_delivery(s, "999", "success")
    assert outbox_row(db, "theme:2027-01:u15").delivery_status == "success"
