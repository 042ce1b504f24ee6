"""Pytest fixtures that start the fake WeChat API on a free loopback port.

    def test_x(fake_wechat): fake_wechat.messages("openid") ...

To point the app at it, override `app_config` in a test module:

    @pytest.fixture
    def app_config(wechat_app_config):
        return wechat_app_config
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

    def messages(self, openid: str | None = None, since_id: int = 0) -> list[dict]:
        return self.state.messages_for(openid, since_id)

    def texts(self, openid: str) -> list[str]:
        """What the user read: custom text contents, or template data values joined."""
        out = []
        for m in self.messages(openid):
            body = m["body"]
            if m["endpoint"] == "custom":
                out.append(body.get("text", {}).get("content", ""))
            else:
                out.append("\n".join(str(v.get("value", "")) for v in body.get("data", {}).values()))
        return out

    def set_fault(self, endpoint: str = "*", **fault) -> None:
        requests.post(self.base_url + "_fake/faults", json={"endpoint": endpoint, **fault}, timeout=5)

    def clear_fault(self, endpoint: str = "*") -> None:
        requests.post(self.base_url + "_fake/faults", json={"endpoint": endpoint, "clear": True}, timeout=5)

    def interaction(self, openid: str, at: float | None = None) -> None:
        self.state.record_interaction(openid, at)

    def reset(self) -> None:
        self.state.reset()

    def stats(self) -> dict:
        return requests.get(self.base_url + "_fake/stats", timeout=5).json()


@pytest.fixture(scope="session")
def _fake_server():
    state = FakeState()
    server = make_server("127.0.0.1", 0, create_fake_app(state), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeWeChat(state, f"http://127.0.0.1:{server.server_port}/")
    server.shutdown()


@pytest.fixture
def fake_wechat(_fake_server) -> FakeWeChat:
    _fake_server.reset()
    return _fake_server


@pytest.fixture
def wechat_app_config(migrated, fake_wechat) -> dict:
    return {"DATABASE_URL": migrated, "TESTING": True, "REDIS_URL": None,
            "WECHAT_API_BASE": fake_wechat.base_url}
