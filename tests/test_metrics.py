"""/metrics: Prometheus names and types, figures read from the database, every gunicorn worker's
counters added up (multiprocess mode), and refused to addresses the setting does not allow."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import clock, leases, metrics
from bot.metrics.jobs import SCHEDULER_LEASE
from bot.models import OutboxMessage
from bot.reply_runner import drain
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_config(app_config):
    return {**app_config, **WECHAT_SETTINGS}


def families(text: str) -> dict:
    return {f.name: f for f in text_string_to_metric_families(text)}


def value(family, labels: dict | None = None, suffix: str = "") -> float:
    wanted = labels or {}
    return sum(s.value for s in family.samples
               if s.name == family.name + suffix and all(s.labels.get(k) == v for k, v in wanted.items()))


def scrape(client, address: str = "127.0.0.1"):
    return client.get("/metrics", environ_base={"REMOTE_ADDR": address})


def test_names_and_types(app, client, db):
    kit = WeChatKit(client)
    before = families(scrape(client).get_data(as_text=True))
    assert kit.post(make_text("metrics-u1", "你好")).status == 200
    drain(app)
    now = clock.now()
    with db.session() as s:
        s.add_all([OutboxMessage(business_key="m:1", openid="o1", kind="reply", status="pending",
                                 next_attempt_at=now - timedelta(seconds=30)),
                   OutboxMessage(business_key="m:2", openid="o1", kind="reply", status="dead"),
                   OutboxMessage(business_key="m:3", openid="o1", kind="reply", status="sent", channel="custom")])
    assert leases.try_acquire(db, SCHEDULER_LEASE, "host-a:123", 20)
    metrics.record_job_run(db, "theme-push", ok=True, now=now)
    metrics.record_job_run(db, "need-escalation", ok=False, now=now)

    response = scrape(client)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    got = families(response.get_data(as_text=True))
    types = {name: f.type for name, f in got.items()}
    assert types == {**types, "pianqu_messages": "counter", "pianqu_reply_seconds": "histogram",
                     "pianqu_busy_answers": "counter", "pianqu_error_answers": "counter",
                     "pianqu_quota_waits": "counter", "pianqu_pushes_dead": "counter",
                     "pianqu_outbox_rows": "gauge", "pianqu_outbox_oldest_due_seconds": "gauge",
                     "pianqu_outbox_quota_waiting": "gauge", "pianqu_mass_send_budget_left": "gauge",
                     "pianqu_scheduler_leader": "gauge", "pianqu_scheduler_has_leader": "gauge",
                     "pianqu_scheduler_job_last_run_timestamp_seconds": "gauge",
                     "pianqu_scheduler_job_last_run_ok": "gauge", "pianqu_database_up": "gauge"}
    # This process's counters moved by the one message (the registry lives as long as the process);
    # answered at once or, when the first message of a test process builds the router past the
    # reply budget, deferred.
    answered = value(got["pianqu_messages"], suffix="_total") - value(before["pianqu_messages"], suffix="_total")
    assert answered == 1
    assert value(got["pianqu_messages"], {"outcome": "replied"}, "_total") + \
        value(got["pianqu_messages"], {"outcome": "deferred"}, "_total") >= 1
    assert value(got["pianqu_reply_seconds"], suffix="_count") - \
        value(before["pianqu_reply_seconds"], suffix="_count") == 1
    rows = got["pianqu_outbox_rows"]
    assert value(rows, {"status": "pending", "channel": "none"}) == 1
    assert value(rows, {"status": "dead"}) == 1
    assert value(rows, {"status": "sent", "channel": "custom"}) == 1
    assert value(got["pianqu_outbox_oldest_due_seconds"]) == pytest.approx(30)
    assert value(got["pianqu_mass_send_budget_left"]) == app.config["MASS_SENDS_PER_MONTH"]
    assert value(got["pianqu_scheduler_has_leader"]) == 1
    assert value(got["pianqu_scheduler_leader"], {"holder": "host-a:123"}) == 1
    assert value(got["pianqu_scheduler_job_last_run_timestamp_seconds"], {"job": "theme-push"}) == \
        pytest.approx(now.timestamp())
    assert value(got["pianqu_scheduler_job_last_run_ok"], {"job": "theme-push"}) == 1
    assert value(got["pianqu_scheduler_job_last_run_ok"], {"job": "need-escalation"}) == 0
    assert value(got["pianqu_database_up"]) == 1


def test_no_leader_when_the_lease_ran_out(app, client, db, frozen_clock):
    assert leases.try_acquire(db, SCHEDULER_LEASE, "host-a:123", 20)
    frozen_clock.advance(timedelta(seconds=21))
    got = families(scrape(client).get_data(as_text=True))
    assert value(got["pianqu_scheduler_has_leader"]) == 0
    assert value(got["pianqu_scheduler_leader"]) == 0


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.9", "2001:db8::1", "not-an-address"])
def test_refused_from_an_address_not_allowed(client, address):
    response = scrape(client, address)
    assert response.status_code == 403
    assert b"pianqu_" not in response.get_data()


def test_allowed_addresses_are_a_setting(migrated):
    from bot import create_app

    app = create_app({"DATABASE_URL": migrated, "TESTING": True, "REDIS_URL": None,
                      "METRICS_ALLOWED_ADDRESSES": "10.0.0.0/8, 192.168.0.9"})
    client = app.test_client()
    try:
        assert scrape(client, "10.200.0.1").status_code == 200
        assert scrape(client, "192.168.0.9").status_code == 200
        assert scrape(client, "192.168.0.10").status_code == 403
        assert scrape(client, "127.0.0.1").status_code == 403  # loopback only by default
        assert scrape(client, "::ffff:10.0.0.7").status_code == 200  # IPv4 seen through IPv6
    finally:
        app.extensions["db"].dispose()


WORKER = """
import sys
from bot import metrics
for _ in range(int(sys.argv[1])):
    metrics.message_answered("guide", "replied", 0.02)
metrics.busy_answer()
"""


@pytest.mark.processes
def test_two_worker_processes_add_up(app, tmp_path):
    """Two processes count into PROMETHEUS_MULTIPROC_DIR (as gunicorn's workers do), a third
    (the scheduler) into its own directory; the scrape, in a fourth, reports the sums."""
    web, scheduler = tmp_path / "web", tmp_path / "scheduler"
    for path, count in ((web, 3), (web, 4), (scheduler, 0)):
        path.mkdir(exist_ok=True)
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(path)}
        subprocess.run([sys.executable, "-c", WORKER, str(count)], cwd=ROOT, env=env, check=True, timeout=60)
    assert len(list(web.glob("counter_*.db"))) == 2  # one file per process
    app.config["METRICS_READ_DIRS"] = str(scheduler)
    with app.app_context():
        got = families(metrics.render(app, multiproc_dir=str(web)).decode())
    assert value(got["pianqu_messages"], {"action": "guide", "outcome": "replied"}, "_total") == 7
    assert value(got["pianqu_busy_answers"], suffix="_total") == 3
    assert value(got["pianqu_reply_seconds"], suffix="_count") == 7
    assert value(got["pianqu_reply_seconds"], {"le": "0.025"}, "_bucket") == 7
    assert value(got["pianqu_database_up"]) == 1  # the database's figures come once, not per process
