"""Two real processes share one access token: one fetch at the fake, and not a single 40001.

The fake is set so that a new token kills the old one at once (no 5-minute grace): any second
fetch would show up as 40001s. The control run gives each process its own token, as plain
wechatpy does, and shows exactly that.
"""
from __future__ import annotations

import json
import os
import uuid
import pytest

from tests.outbound_kit import child_env, start_python, wait_for

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def app_config(app_config, fake_wechat_config):
    return {**app_config, **fake_wechat_config}


def _race(app, fake_wechat, tmp_path, processes: int = 2, sends: int = 20, **env_extra) -> list[dict]:
    fake_wechat.configure(token_grace=0)
    fake_wechat.interaction("u-race")
    env = child_env(dict(app.config), **env_extra)
    go_file = tmp_path / "go"
    logs = [tmp_path / f"child{i}.log" for i in range(processes)]
    children = [start_python(["tests.outbound_workers", "token-race", str(go_file), str(sends), "u-race"],
                             env, log) for log in logs]
    wait_for(lambda: all("ready" in log.read_text() for log in logs), timeout=30, what="children ready")
    go_file.touch()
    for child in children:
        assert child.wait(timeout=60) == 0, (tmp_path / "child0.log").read_text()
    results = []
    for i in range(processes):
        lines = [line for line in (tmp_path / f"child{i}.log").read_text().splitlines() if line.startswith("{")]
        results.append(json.loads(lines[-1]))
    return results


@pytest.mark.parametrize("storage", ["database", "redis"])
def test_two_processes_share_one_token(app, fake_wechat, tmp_path, monkeypatch, storage):
    extra = {}
    if storage == "redis":
        if not REDIS_URL:
            pytest.skip("TEST_REDIS_URL not set")
        # An app id of its own: the Redis key cannot meet another test run's token.
        appid = "wxrace" + uuid.uuid4().hex[:12]
        monkeypatch.setattr(fake_wechat.state, "app_id", appid)
        extra = {"REDIS_URL": REDIS_URL, "WECHAT_APP_ID": appid}
    try:
        results = _race(app, fake_wechat, tmp_path, **extra)
    finally:
        if storage == "redis":
            import redis

            redis.Redis.from_url(REDIS_URL).delete(f"wechat:{extra['WECHAT_APP_ID']}:access_token")
    stats = fake_wechat.stats()
    assert [r["errors"] for r in results] == [[], []]
    assert stats["token_fetches"] == 1
    assert stats["invalid_token_errors"] == 0
    assert stats["sends"]["custom"] == 40


def test_control_processes_with_their_own_tokens_break_each_other(app, fake_wechat, tmp_path):
    _race(app, fake_wechat, tmp_path, STORE="memory")
    stats = fake_wechat.stats()
    assert stats["token_fetches"] >= 2
    assert stats["invalid_token_errors"] > 0
