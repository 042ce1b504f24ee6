"""The outbound client: only the configured API base, a timeout on every call, bounded token retry."""
from __future__ import annotations

import time

import pytest
from wechatpy import WeChatClient

from bot.wechat.client import build_client, get_client
from bot.wechat.errors import WeChatApiError


pytestmark = pytest.mark.app_settings({"WECHAT_TIMEOUT_SECONDS": 0.5}, fake_wechat=True)


@pytest.fixture
def client(app):
    with app.app_context():
        return build_client(app.config, db=app.extensions["db"])


def test_the_guard_catches_plain_wechatpy(host_guard):
    """Unpatched wechatpy fetches its token from the real host: the guard sees and stops that."""
    with pytest.raises(Exception):
        WeChatClient("wxdev0000000000000", "dev-secret", timeout=1).fetch_access_token()
    assert host_guard.attempts == ["api.weixin.qq.com"]


def test_every_call_goes_to_the_fake_and_nowhere_else(app, host_guard, fake_wechat):
    with app.app_context():
        client = get_client()
        fake_wechat.interaction("o-villager")
        client.send_text_message("o-villager", "你好")
        msgid = client.send_template_message("o-villager", "tpl-notice", {"thing1": {"value": "通知"}},
                                             url="http://127.0.0.1/x")
        client.menu.create({"button": [{"type": "click", "name": "办事", "key": "GUIDES"}]})
        assert client.user.get("o-villager")["subscribe"] == 1
        # Sub-APIs that carry the real host in their URLs are refused before any socket opens.
        with pytest.raises(WeChatApiError, match="refusing to call api.weixin.qq.com"):
            client.customservice.add_account("kf@test", "客服", "secret")
        with pytest.raises(WeChatApiError, match="refusing"):
            client.datacube.get_user_summary("2026-11-01", "2026-11-02")
    assert host_guard.attempts == []
    sent = fake_wechat.messages("o-villager")
    assert [m["endpoint"] for m in sent] == ["custom", "template"]
    assert str(sent[1]["msgid"]) == msgid
    assert sent[1]["body"]["url"] == "http://127.0.0.1/x"
    assert fake_wechat.stats()["token_fetches"] == 1


def test_a_hanging_api_times_out(client, fake_wechat):
    fake_wechat.interaction("o-1")
    client.send_text_message("o-1", "warm up the token")
    fake_wechat.set_fault("custom", hang=3, errcode=-1)
    started = time.monotonic()
    with pytest.raises(WeChatApiError) as caught:
        client.send_text_message("o-1", "hello")
    assert time.monotonic() - started < 2
    assert caught.value.transient and caught.value.code is None


def test_a_hanging_token_endpoint_times_out(client, fake_wechat):
    fake_wechat.set_fault("token", hang=3, errcode=-1)
    started = time.monotonic()
    with pytest.raises(WeChatApiError) as caught:
        client.send_text_message("o-1", "hello")
    assert time.monotonic() - started < 2
    assert caught.value.transient


def test_a_refused_token_is_refreshed_once_then_the_call_succeeds(client, fake_wechat):
    fake_wechat.interaction("o-1")
    fake_wechat.set_fault("custom", errcode=40001, count=1)
    client.send_text_message("o-1", "hello")
    stats = fake_wechat.stats()
    assert stats["token_fetches"] == 2
    assert len(fake_wechat.messages("o-1")) == 1


def test_a_token_refused_again_and_again_costs_one_refresh_not_a_loop(client, fake_wechat):
    """wechatpy's auto_retry would fetch a token per failure, without bound."""
    fake_wechat.interaction("o-1")
    fake_wechat.set_fault("custom", errcode=40001, rate=1.0)
    with pytest.raises(WeChatApiError) as caught:
        client.send_text_message("o-1", "hello")
    assert caught.value.code == 40001 and caught.value.transient
    stats = fake_wechat.stats()
    assert stats["token_fetches"] == 2
    assert stats["faults_fired"] == 2


@pytest.mark.parametrize("code", [43004, 40003, 48001, 40164])
def test_permanent_errors_are_not_retried(client, fake_wechat, code):
    fake_wechat.interaction("o-1")
    fake_wechat.set_fault("custom", errcode=code)
    with pytest.raises(WeChatApiError) as caught:
        client.send_text_message("o-1", "hello")
    assert caught.value.code == code and not caught.value.transient
    assert fake_wechat.stats()["faults_fired"] == 1


def test_http_5xx_is_transient_4xx_is_not(client, fake_wechat):
    fake_wechat.interaction("o-1")
    fake_wechat.set_fault("custom", status=503)
    with pytest.raises(WeChatApiError) as caught:
        client.send_text_message("o-1", "hello")
    assert caught.value.transient and caught.value.http_status == 503
    fake_wechat.set_fault("custom", status=404)
    with pytest.raises(WeChatApiError) as caught:
        client.send_text_message("o-1", "hello")
    assert not caught.value.transient


def test_flask_wechat_menu_publishes_the_menu_to_the_fake(app, fake_wechat, host_guard):
    from bot.wechat.menu import menu_definition

    result = app.test_cli_runner().invoke(args=["wechat", "menu"])
    assert result.exit_code == 0, result.output
    assert fake_wechat.stats()["menu"] == menu_definition()
    fake_wechat.set_fault("menu", errcode=48001)
    result = app.test_cli_runner().invoke(args=["wechat", "menu"])
    assert result.exit_code != 0 and "48001" in result.output
    assert host_guard.attempts == []
