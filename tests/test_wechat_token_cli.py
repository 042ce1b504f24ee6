"""`flask wechat token`: show, drop and refresh the shared access token (AppSecret rotation)."""
from __future__ import annotations

import os

import pytest

from bot.wechat.client import get_client

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.skipif(
    not REDIS_URL, reason="TEST_REDIS_URL not set"))])
def app_config(request, wechat_app_config):
    if request.param == "database":
        return wechat_app_config
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(f"wechat:access_token:{wechat_app_config['WECHAT_APP_ID']}")
    client.close()
    return {**wechat_app_config, "REDIS_URL": REDIS_URL}


def test_show_drop_and_refresh(app, runner, fake_wechat):
    assert "no access token stored" in runner.invoke(args=["wechat", "token"]).output
    with app.app_context():
        first = get_client().access_token
    shown = runner.invoke(args=["wechat", "token"]).output
    assert "access token stored (" in shown and "wechat" in shown and first not in shown

    dropped = runner.invoke(args=["wechat", "token", "--drop"])
    assert dropped.exit_code == 0 and "dropped the stored access token" in dropped.output
    assert "no access token stored" in dropped.output

    refreshed = runner.invoke(args=["wechat", "token", "--refresh"])
    assert refreshed.exit_code == 0, refreshed.output
    assert "fetched a new access token" in refreshed.output and "expires in" in refreshed.output
    assert fake_wechat.stats()["token_fetches"] == 2


def test_refresh_with_a_secret_wechat_no_longer_accepts_says_so(app, runner, fake_wechat):
    """After the AppSecret was reset in the console, the old one is refused (40125)."""
    app.config["WECHAT_APP_SECRET"] = "the-old-secret"
    result = runner.invoke(args=["wechat", "token", "--refresh"])
    assert result.exit_code == 1
    assert "errcode 40125" in result.output
