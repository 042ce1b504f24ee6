"""The outbound client: only the configured API base, a timeout on every call, one token refresh."""
from __future__ import annotations

import socket
import time

import pytest
import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from bot.wechat.client import RealHostRefused, build_client

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class LeftLoopback(AssertionError):
    """The test tried to reach a host other than loopback."""


@pytest.fixture
def socket_guard(monkeypatch):
    """Fail any name lookup or connection that is not loopback, and remember the attempt."""
    attempts: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if str(host) not in LOOPBACK:
            attempts.append(str(host))
            raise LeftLoopback(f"lookup of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            attempts.append(str(address[0]))
            raise LeftLoopback(f"connection to {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@pytest.fixture
def app_config(app_config, fake_wechat_config):
    return {**app_config, **fake_wechat_config, "WECHAT_TIMEOUT_SECONDS": 0.5}


@pytest.fixture
def client(app):
    return build_client(app.config, app.extensions["db"], None)


def test_every_call_goes_to_the_configured_base(client, fake_wechat, socket_guard):
    fake_wechat.interaction("u1")
    client.message.send_text("u1", "你好")
    assert client.message.send_template("u1", "dev-tpl-task", {"first": {"value": "任务"}})["msgid"]
    client.menu.create({"button": [{"type": "click", "name": "办事", "key": "GUIDES"}]})
    assert client.user.get("u1")["subscribe"] == 1
    # Sub-APIs that carry the real host in absolute URLs or their own base reach the fake too.
    with pytest.raises(WeChatClientException):
        client.customservice.add_account("kf@dev", "客服", "pw")
    with pytest.raises(WeChatClientException):
        client.datacube.get_user_summary("2026-11-01", "2026-11-02")
    requests_seen = fake_wechat.stats()["requests"]
    assert requests_seen["unknown:/customservice/kfaccount/add"] == 1
    assert requests_seen["unknown:/datacube/getusersummary"] == 1
    assert requests_seen["token"] == 1
    assert socket_guard == []


def test_the_guard_would_catch_plain_wechatpy(socket_guard):
    with pytest.raises(LeftLoopback):
        WeChatClient("wx-any", "secret").fetch_access_token()  # hard-codes api.weixin.qq.com
    assert socket_guard == ["api.weixin.qq.com"]


def test_the_real_host_is_refused_while_pointed_at_the_fake(client, socket_guard):
    with pytest.raises(RealHostRefused):
        client._http.get("https://api.weixin.qq.com/cgi-bin/token", timeout=1)
    assert socket_guard == []


def test_every_request_has_a_timeout(client, fake_wechat):
    fake_wechat.interaction("u1")
    fake_wechat.set_fault("token", hang=30)
    started = time.perf_counter()
    with pytest.raises(requests.Timeout):
        client.message.send_text("u1", "x")
    assert time.perf_counter() - started < 2
    fake_wechat.clear_fault("token")
    fake_wechat.set_fault("custom", hang=30)
    started = time.perf_counter()
    with pytest.raises(requests.Timeout):
        client.message.send_text("u1", "x")
    assert time.perf_counter() - started < 2


def test_a_token_error_refreshes_once_and_retries_once(client, fake_wechat):
    fake_wechat.interaction("u1")
    fake_wechat.set_fault("custom", errcode=40001, count=1)
    client.message.send_text("u1", "第一次")
    stats = fake_wechat.stats()
    assert stats["token_fetches"] == 2 and stats["requests"]["custom"] == 2
    assert fake_wechat.texts("u1") == ["第一次"]

    fake_wechat.set_fault("custom", errcode=42001, count=25)
    with pytest.raises(WeChatClientException) as caught:
        client.message.send_text("u1", "第二次")
    assert caught.value.errcode == 42001
    stats = fake_wechat.stats()
    # wechatpy alone retries until the errors stop (25 failures → 26 fetches); here: one more.
    assert stats["token_fetches"] == 3 and stats["requests"]["custom"] == 4


def test_a_real_40001_is_recovered_by_the_refresh(client, fake_wechat):
    fake_wechat.interaction("u1")
    fake_wechat.configure(token_grace=0)
    client.message.send_text("u1", "一")
    # Someone else fetched a token (a console test, another deployment): ours is dead now.
    requests.get(fake_wechat.base_url + "cgi-bin/token", params={
        "grant_type": "client_credential", "appid": fake_wechat.state.app_id,
        "secret": fake_wechat.state.app_secret})
    client.message.send_text("u1", "二")
    assert fake_wechat.texts("u1") == ["一", "二"]
    assert fake_wechat.stats()["errors"] == {"40001": 1}


def test_a_wrong_secret_is_an_error_not_a_loop(app, fake_wechat):
    client = build_client({**app.config, "WECHAT_APP_SECRET": "wrong"}, app.extensions["db"], None)
    with pytest.raises(WeChatClientException) as caught:
        client.message.send_text("u1", "x")
    assert caught.value.errcode == 40125
    assert fake_wechat.stats()["requests"]["token"] == 1
