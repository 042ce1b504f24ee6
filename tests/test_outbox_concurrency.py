"""The dispatcher sending a claimed batch on several threads: each push once, one failure does
not touch the others, in-flight sends bounded, the per-process and overall rates held."""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.models import OutboxMessage
from bot.outbox.dispatcher import RoundResult
from bot.outbox import dispatch_once, enqueue
from bot.outbox.pacing import Pacer
from bot.wechat.client import build_client
from tests.kit.factories import add_follower

TEMPLATES = {"task": "tpl-task"}
SETTINGS = {"TEMPLATE_IDS": TEMPLATES, "WECHAT_TIMEOUT_SECONDS": 15, "OUTBOX_BATCH": 40, "OUTBOX_CONCURRENCY": 8,
            "OUTBOX_RATE_PER_PROCESS": 0, "OUTBOX_RATE_OVERALL": 0}
# No test here is about a send timing out: a generous timeout, so a slow machine (or
# libfaketime's slow time calls from 8-16 threads in `make test-future`) is no failed send.
# Nothing leaves for the real WeChat; the app talks to the fake API.
pytestmark = [pytest.mark.app_settings(SETTINGS, fake_wechat=True), pytest.mark.usefixtures("host_guard")]


class Watched:
    """The real client, noting when each send starts and how many are in flight at once."""

    def __init__(self, client):
        self.client = client
        self.starts: list[float] = []
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()

    def _call(self, name, *args, **kwargs):
        with self.lock:
            self.starts.append(time.monotonic())
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            return getattr(self.client, name)(*args, **kwargs)
        finally:
            with self.lock:
                self.in_flight -= 1

    def send_text_message(self, *args, **kwargs):
        return self._call("send_text_message", *args, **kwargs)

    def send_template_message(self, *args, **kwargs):
        return self._call("send_template_message", *args, **kwargs)


@pytest.fixture
def wechat(app):
    return Watched(build_client(app.config, db=app.extensions["db"]))


def _queue(db, count: int, users: int = 20) -> None:
    with db.session() as s:
        for u in range(users):
            add_follower(s, f"o-{u}", in_window=False)
        for n in range(count):
            enqueue(s, f"c:{n}", f"o-{n % users}", "task", f"【通知】第{n:04d}条\n内容\n请回复1",
                    {"事项": f"第{n:04d}条"})


def _statuses(db) -> Counter:
    with db.session() as s:
        return Counter(dict(s.execute(select(OutboxMessage.status, func.count())
                                      .group_by(OutboxMessage.status)).all()))


def _received(fake_wechat) -> Counter:
    return Counter(m["text"].split("\n")[0] for m in fake_wechat.messages())


def test_sends_run_side_by_side_bounded_by_the_concurrency(db, wechat, fake_wechat, outbox_settings):
    _queue(db, 32)
    fake_wechat.set_fault("template", latency=0.2)
    result = dispatch_once(db, wechat, settings=outbox_settings, limit=32)
    assert (result.claimed, result.sent) == (32, 32)
    assert wechat.most_in_flight == 8
    assert _statuses(db) == {"sent": 32}
    assert sorted(_received(fake_wechat).values()) == [1] * 32


@pytest.mark.wallclock_bound
def test_sends_side_by_side_take_a_fraction_of_the_time(db, wechat, fake_wechat, outbox_settings):
    _queue(db, 32)
    fake_wechat.set_fault("template", latency=0.2)
    started = time.monotonic()
    assert dispatch_once(db, wechat, settings=outbox_settings, limit=32).sent == 32
    elapsed = time.monotonic() - started
    assert elapsed < 32 * 0.2 / 2  # one at a time would take 6.4 s; 8 at a time about 0.8 s


def test_two_dispatchers_sending_in_parallel_send_each_push_once(db, app, fake_wechat, outbox_settings):
    total = 300
    _queue(db, total)
    fake_wechat.set_fault("template", latency=0.01)
    tallies, errors = [], []

    def dispatcher():
        client = build_client(app.config, db=db)
        try:
            while (result := dispatch_once(db, client, settings=outbox_settings)).claimed:
                tallies.append(result)
        except Exception as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sum(r.sent for r in tallies) == total and sum(r.claimed for r in tallies) == total
    assert _statuses(db) == {"sent": total}
    received = _received(fake_wechat)
    assert len(received) == total and set(received.values()) == {1}
    assert fake_wechat.stats()["token_fetches"] == 1


@pytest.mark.parametrize("fault, status", [({"errcode": 40037}, "dead"), ({"status": 503}, "pending")])
def test_one_failing_send_leaves_the_others_alone(db, wechat, fake_wechat, outbox_settings, fault, status):
    _queue(db, 24)
    fake_wechat.set_fault("template", latency=0.05, count=1, **fault)
    result = dispatch_once(db, wechat, settings=outbox_settings)
    assert (result.claimed, result.sent) == (24, 23)
    assert (result.dead, result.retried) == ((1, 0) if status == "dead" else (0, 1))
    assert _statuses(db) == {"sent": 23, status: 1}
    assert len(_received(fake_wechat)) == 23


def test_a_record_that_fails_does_not_stop_the_rest_of_the_round(db, wechat, fake_wechat, outbox_settings, monkeypatch):
    from bot.outbox import store

    _queue(db, 16)
    real_mark_sent = store.mark_sent

    def mark_sent(db_, message, *args, **kwargs):
        if message.business_key == "c:5":
            raise RuntimeError("the database went away for this one")
        return real_mark_sent(db_, message, *args, **kwargs)

    monkeypatch.setattr(store, "mark_sent", mark_sent)
    with pytest.raises(RuntimeError, match="went away"):
        dispatch_once(db, wechat, settings=outbox_settings)
    # Every other push was sent and recorded; c:5 went out but stays `sending` until its lease
    # runs out (the documented resend window of a lost "sent" commit).
    assert _statuses(db) == {"sent": 15, "sending": 1}
    assert len(_received(fake_wechat)) == 16


def _assert_rate(starts: list[float], rate: float) -> None:
    """No burst: any 10 consecutive starts span at least 9/rate (less a little timer slack)."""
    starts = sorted(starts)
    for first, tenth in zip(starts, starts[9:]):
        assert tenth - first >= 9 / rate - 0.1, (tenth - first, 9 / rate)
    assert starts[-1] - starts[0] >= (len(starts) - 1) / rate - 0.1


def test_the_per_process_rate_is_held_with_eight_threads(db, wechat, fake_wechat, outbox_settings):
    _queue(db, 30)
    paced = replace(outbox_settings, rate_per_process=20)
    result = dispatch_once(db, wechat, settings=paced)
    assert result.sent == 30
    _assert_rate(wechat.starts, 20)


@pytest.mark.real_clock  # the overall rate's slots are wall-clock times shared through the database
def test_the_overall_rate_is_shared_by_dispatchers_through_the_database(db, app, fake_wechat, outbox_settings):
    total = 40
    _queue(db, total)
    overall = replace(outbox_settings, rate_per_process=0, rate_overall=20, batch=5)
    clients = [Watched(build_client(app.config, db=db)) for _ in range(2)]

    def dispatcher(client):
        pacer = Pacer(0, overall.rate_overall, db)  # each process has its own pacer
        while dispatch_once(db, client, settings=overall, pacer=pacer).claimed:
            pass

    threads = [threading.Thread(target=dispatcher, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(c.starts for c in clients)  # both took part
    assert _statuses(db) == {"sent": total}
    _assert_rate(clients[0].starts + clients[1].starts, 20)


def test_a_send_is_recorded_even_when_the_connection_pool_is_busy_for_a_moment(db, wechat, fake_wechat, outbox_settings,
                                                                                monkeypatch):
    """Eight threads share the process's pool: waiting too long for a connection once must not
    leave a sent push unrecorded (it would be sent again when its lease runs out)."""
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from bot.outbox import store

    _queue(db, 8)
    real_mark_sent, failed = store.mark_sent, []

    def mark_sent(db_, message, *args, **kwargs):
        if message.business_key == "c:3" and not failed:
            failed.append(message.id)
            raise PoolTimeout("QueuePool limit of size 5 overflow 5 reached")
        return real_mark_sent(db_, message, *args, **kwargs)

    monkeypatch.setattr(store, "mark_sent", mark_sent)
    assert dispatch_once(db, wechat, settings=outbox_settings).sent == 8
    assert failed and _statuses(db) == {"sent": 8}


def _run_dispatcher(db, client, outbox_settings, until) -> RoundResult:
    """The dispatcher loop on a thread, stopped once `until()` holds (or after 30 s)."""
    from bot.outbox import run_dispatcher

    stop, out = threading.Event(), {}
    loop = threading.Thread(target=lambda: out.setdefault("total", run_dispatcher(db, client, outbox_settings, stop)))
    loop.start()
    deadline = time.monotonic() + 30
    while not until() and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    loop.join(30)
    return out["total"]


def test_the_loop_claims_the_next_batch_while_the_last_one_is_still_sending(db, wechat, fake_wechat, outbox_settings):
    """Round by round, the threads idled while each batch's last sends ran: with batches of 2,
    never more than 2 were in flight."""
    _queue(db, 24)
    fake_wechat.set_fault("template", latency=0.2)
    small_batches = replace(outbox_settings, batch=2, concurrency=6, idle_seconds=0.1)
    total = _run_dispatcher(db, wechat, small_batches, lambda: _statuses(db)["sent"] == 24)
    assert wechat.most_in_flight > 2
    assert wechat.most_in_flight <= 6
    assert (total.claimed, total.sent) == (24, 24)
    assert _statuses(db) == {"sent": 24}
    assert set(_received(fake_wechat).values()) == {1} and len(_received(fake_wechat)) == 24


def test_a_stopped_loop_hands_back_what_it_claimed_but_did_not_start(db, wechat, fake_wechat, outbox_settings):
    _queue(db, 40)
    fake_wechat.set_fault("template", latency=0.2)
    paced = replace(outbox_settings, batch=20, concurrency=2, rate_per_process=20)
    total = _run_dispatcher(db, wechat, paced, lambda: _statuses(db)["sent"] >= 2)
    statuses = _statuses(db)
    assert set(statuses) == {"sent", "pending"} and statuses["sent"] == total.sent
    assert total.released == total.claimed - total.sent > 0
    assert statuses["pending"] == 40 - total.sent
    with db.session() as s:  # handed back as if never claimed
        assert set(s.scalars(select(OutboxMessage.attempts).where(OutboxMessage.status == "pending"))) == {0}
    assert len(_received(fake_wechat)) == total.sent and set(_received(fake_wechat).values()) == {1}


class _SteadyTime:
    """The pacer's `time`: monotonic seconds moved only by its own sleeps, and the app's clock
    with them, so its slots do not depend on how fast this machine wakes a sleeper."""

    def __init__(self, app_clock):
        self.seconds, self.app_clock = 1000.0, app_clock

    def monotonic(self) -> float:
        return self.seconds

    def sleep(self, seconds: float) -> None:
        self.seconds += seconds
        self.app_clock.advance(seconds=seconds)


def test_a_pacer_takes_overall_slots_from_the_database_a_block_at_a_time(db, monkeypatch, frozen_clock):
    """A trip to the database per send, made under the pacer's lock, held the threads back.
    (On real time a busy machine woke the caller after its slot had passed, and a passed slot is
    rightly dropped: a fifth trip. Steady time keeps this about the blocks.)"""
    from bot.outbox import pacing

    steady = _SteadyTime(frozen_clock)
    monkeypatch.setattr(pacing, "time", steady)
    pacer = Pacer(0, 50, db)
    trips, reserve = [], pacer._reserve
    monkeypatch.setattr(pacer, "_reserve", lambda *a: trips.append(1) or reserve(*a))
    starts = []
    for _ in range(20):
        pacer.wait()
        starts.append(steady.monotonic())
    assert len(trips) == 4  # 0.1 s of slots at 50 a second: 5 per trip
    _assert_rate(starts, 50)


@pytest.mark.real_clock  # the overall rate's slots are wall-clock times shared through the database
def test_slots_a_pacer_reserved_but_left_unused_are_dropped_not_used_late(db):
    pacer, other = Pacer(0, 50, db), Pacer(0, 50, db)
    starts = []
    pacer.wait()
    starts.append(time.monotonic())
    time.sleep(0.3)  # the threads were busy: the 4 other slots of the block have passed
    for _ in range(10):
        for p in (other, pacer):
            p.wait()
            starts.append(time.monotonic())
    _assert_rate(starts[1:], 50)
