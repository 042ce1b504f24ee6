"""Pytest fixtures that start the fake WeChat API on a free loopback port.

    def test_x(fake_wechat): fake_wechat.messages("openid"); fake_wechat.set_fault("custom", errcode=45009)

To point the app at it, override `app_config` in a test module, either wholesale:

    @pytest.fixture
    def app_config(wechat_app_config):
        return wechat_app_config

or on top of the default settings (keeps other overrides):

    @pytest.fixture
    def app_config(app_config, fake_wechat_config):
        return {**app_config, **fake_wechat_config}
"""
from __future__ import annotations

import threading

import pytest
import requests
from werkzeug.serving import make_server

from bot.fakewechat import FakeState, create_fake_app


class FakeWeChat:
    """Handle on a running fake: read what was sent, inject faults, record interactions."""

    def __init__(self, state: FakeState, base_url: str):
        self.state = state
        self.base_url = base_url
        self.http = requests.Session()
        self.http.trust_env = False

    def messages(self, openid: str | None = None, since_id: int = 0) -> list[dict]:
        return self.state.messages_for(openid, since_id)

    def texts(self, openid: str | None = None) -> list[str]:
        """What the user read: custom text contents, or template data values joined."""
        return [m["text"] for m in self.messages(openid)]

    def set_fault(self, endpoint: str = "*", tag: str | None = None, **fault) -> None:
        """errcode=45009 (or a list), status=503, hang=10, latency=0.1; rate=0.1 or count=3."""
        body = {"endpoint": endpoint, **fault, **({"tag": tag} if tag else {})}
        self.http.post(self.base_url + "_fake/faults", json=body, timeout=5).raise_for_status()

    def clear_fault(self, endpoint: str = "*", tag: str | None = None) -> None:
        body = {"endpoint": endpoint, "clear": True, **({"tag": tag} if tag else {})}
        self.http.post(self.base_url + "_fake/faults", json=body, timeout=5).raise_for_status()

    def interaction(self, openid: str, at: float | None = None) -> None:
        self.state.record_interaction(openid, at)

    def unsubscribe(self, openid: str) -> None:
        self.state.unsubscribe(openid)

    def configure(self, **settings) -> None:
        """token_grace=0 (a new token kills the old at once), token_lifetime=..."""
        self.state.configure(**settings)

    def reset(self) -> None:
        self.state.reset()

    def stats(self) -> dict:
        return self.http.get(self.base_url + "_fake/stats", timeout=5).json()


@pytest.fixture(scope="session")
def _fake_server():
    state = FakeState()
    server = make_server("127.0.0.1", 0, create_fake_app(state), threaded=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeWeChat(state, f"http://127.0.0.1:{server.server_port}/")
    state.reset()  # wakes hanging requests
    server.shutdown()


@pytest.fixture
def fake_wechat(_fake_server) -> FakeWeChat:
    _fake_server.reset()
    yield _fake_server
    # What WeChat would have dropped from a push (first/remark, colours, emoji): a breach.
    violations = list(_fake_server.state.violations)
    _fake_server.reset()
    assert violations == [], f"pushes that break WeChat's rules: {violations[:5]}"


@pytest.fixture
def fake_wechat_config(fake_wechat) -> dict:
    """Settings that point the app at the fake (merge into app_config)."""
    return {"WECHAT_API_BASE": fake_wechat.base_url, "WECHAT_APP_ID": fake_wechat.state.app_id,
            "WECHAT_APP_SECRET": fake_wechat.state.app_secret}


@pytest.fixture
def wechat_app_config(migrated, fake_wechat_config) -> dict:
    return {"DATABASE_URL": migrated, "TESTING": True, "REDIS_URL": None, **fake_wechat_config}
