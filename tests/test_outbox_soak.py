"""2,000 pushes, 4 dispatcher processes, 10% injected failures, one dispatcher killed mid-send.

Every push must end sent exactly once (each has a unique text, and the fake records what it
received) or dead with its reason. The killed dispatcher is stopped while its request hangs at
the fake, so the kill falls inside a claim but outside the documented at-least-once window
(between WeChat's answer and the commit that marks the row sent); its rows, the hanging one
included, go to the others when the lease runs out.
"""
from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.models import OutboxMessage, User
from bot.outbox import enqueue
from tests.outbound_kit import ROOT, child_env, start_flask, status_counts, stop_all, wait_for

PUSHES = 2000
USERS = 200
DISPATCHERS = 4
LEASE_SECONDS = 6


@pytest.fixture
def app_config(app_config, fake_wechat_config):
    return {**app_config, **fake_wechat_config}


def _seed(db, fake_wechat) -> None:
    now = datetime.now(timezone.utc)
    with db.session() as s:
        for u in range(USERS):
            inside = u % 10 != 0  # one user in ten wrote 3 days ago: template messages
            s.add(User(openid=f"soak{u:03d}", last_interaction_at=now - timedelta(hours=1 if inside else 72)))
            if inside:
                fake_wechat.interaction(f"soak{u:03d}")
    with db.session() as s:
        for i in range(PUSHES):
            u = i % USERS
            kind = "reply" if u % 10 else "theme"
            assert enqueue(s, f"soak:{i}", f"soak{u:03d}", kind, f"soak-push-{i:04d}")


@pytest.mark.slow
def test_pushes_are_sent_once_or_dead_across_faults_and_a_killed_dispatcher(app, db, fake_wechat, tmp_path):
    _seed(db, fake_wechat)
    fake_wechat.set_fault("custom", errcode=[45009, -1, 40001], status=503, rate=0.1)
    fake_wechat.set_fault("template", errcode=[45009, -1], status=502, rate=0.1)
    env = child_env(dict(app.config), TEMPLATE_IDS={"theme": "dev-tpl-theme"}, WECHAT_TIMEOUT_SECONDS=1,
                    OUTBOX_LEASE_SECONDS=LEASE_SECONDS, OUTBOX_BATCH_SIZE=20, OUTBOX_MAX_ATTEMPTS=10,
                    OUTBOX_BACKOFF_BASE_SECONDS=0.05, OUTBOX_BACKOFF_CAP_SECONDS=0.5, OUTBOX_POLL_SECONDS=0.2)
    victim_env = {**env, "WECHAT_API_BASE": fake_wechat.base_url + "_c/victim/"}
    started = time.monotonic()
    victim = start_flask(["outbox", "dispatch"], victim_env, tmp_path / "victim.log")
    others = [start_flask(["outbox", "dispatch"], env, tmp_path / f"dispatcher{i}.log")
              for i in range(DISPATCHERS - 1)]
    try:
        wait_for(lambda: status_counts(db).get("sent", 0) >= PUSHES // 4, timeout=40, what="a quarter sent")
        for endpoint in ("custom", "template"):
            fake_wechat.set_fault(endpoint, tag="victim", hang=120)
        wait_for(lambda: fake_wechat.state.hung, timeout=20, interval=0.01, what="the victim's request hanging")
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(5)
        sent_at_kill = status_counts(db).get("sent", 0)

        def settled():
            counts = status_counts(db)
            return not counts.get("pending") and not counts.get("sending")

        wait_for(settled, timeout=50, interval=0.2, what="every push sent or dead")
        elapsed = time.monotonic() - started
        for p in others:
            p.send_signal(signal.SIGTERM)
        assert [p.wait(15) for p in others] == [0] * len(others)
    finally:
        stop_all([victim, *others])

    with db.session() as s:
        rows = s.execute(select(OutboxMessage.payload, OutboxMessage.status, OutboxMessage.last_error,
                                OutboxMessage.attempts)).all()
    received = Counter(m["text"] for m in fake_wechat.messages())
    sent = [r for r in rows if r.status == "sent"]
    dead = [r for r in rows if r.status == "dead"]
    duplicates = {text: n for text, n in received.items() if n > 1}
    assert len(rows) == PUSHES and len(sent) + len(dead) == PUSHES
    assert duplicates == {}
    assert all(received[r.payload["text"]] == 1 for r in sent)
    assert all(received[r.payload["text"]] == 0 and r.last_error for r in dead)
    assert sum(received.values()) == len(sent)
    hung_text = fake_wechat.state.hung[0]["text"]
    assert received[hung_text] == 1  # the killed worker's push went out once, from another worker

    stats = fake_wechat.stats()
    figures = {
        "database": db.engine.dialect.name, "pushes": PUSHES, "dispatchers": DISPATCHERS,
        "sent": len(sent), "dead": len(dead), "duplicates": sum(n - 1 for n in duplicates.values()),
        "seconds": round(elapsed, 1), "pushes_per_second": round(len(sent) / elapsed, 1),
        "sent_before_kill": sent_at_kill, "retried_rows": sum(1 for r in rows if r.attempts > 1),
        "faults_fired": stats["faults_fired"], "token_fetches": stats["token_fetches"],
        "token_errors_from_the_fake": stats["invalid_token_errors"],
    }
    print("\nOUTBOX SOAK", json.dumps(figures))
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / f"outbox-soak-{figures['database']}.json").write_text(json.dumps(figures, indent=1))
