"""Rotating the console's Token and EncodingAESKey: old and new both work while the rotation lasts.

WeChat uses the new values from the moment the console is saved; messages in flight were
signed and encrypted with the old ones. With WECHAT_TOKEN_PREVIOUS / WECHAT_ENCODING_AES_KEY_PREVIOUS
set, both are accepted and each reply is sealed with what its request used (the kit checks the
reply's MsgSignature with its own token and decrypts it with its own key).
"""
from __future__ import annotations

import base64
import logging

import pytest

from bot import create_app
from bot.nlu import warm_up
from handlers import menu
from tests.kit.wechat import APP_ID, WeChatKit, make_text

OLD_TOKEN, NEW_TOKEN = "old-console-token", "new-console-token"
OLD_KEY = base64.b64encode(bytes(range(32))).decode()[:43]
NEW_KEY = base64.b64encode(bytes(range(100, 132))).decode()[:43]
OTHER_KEY = base64.b64encode(bytes(range(200, 232))).decode()[:43]

ROTATING = {"WECHAT_TOKEN": NEW_TOKEN, "WECHAT_TOKEN_PREVIOUS": OLD_TOKEN,
            "WECHAT_ENCODING_AES_KEY": NEW_KEY, "WECHAT_ENCODING_AES_KEY_PREVIOUS": OLD_KEY}
DONE = {"WECHAT_TOKEN": NEW_TOKEN, "WECHAT_ENCODING_AES_KEY": NEW_KEY}


@pytest.fixture(scope="module", autouse=True)
def router_built():
    """Build the router first: a cold build on a busy machine can outlast the reply budget."""
    warm_up()


# Plaintext with keys set must be allowed explicitly (issue 12); the plaintext test needs it.
pytestmark = pytest.mark.app_settings({"WECHAT_APP_ID": APP_ID}, ROTATING, {"WECHAT_ALLOW_PLAINTEXT": True})


def kit_for(client, token: str, key: str) -> WeChatKit:
    return WeChatKit(client, token=token, app_id=APP_ID, aes_key=key)


@pytest.mark.parametrize("mode", ["safe", "compat"])
@pytest.mark.parametrize("token,key", [(OLD_TOKEN, OLD_KEY), (NEW_TOKEN, NEW_KEY),
                                       (NEW_TOKEN, OLD_KEY), (OLD_TOKEN, NEW_KEY)])
def test_during_rotation_old_and_new_are_accepted_and_answered_in_kind(client, mode, token, key):
    kit = kit_for(client, token, key)
    sent = kit.post(make_text(f"r-{token[:3]}-{key[:3]}-{mode}", "你好"), mode=mode)
    assert sent.status == 200
    assert kit.reply(sent)["Content"] == menu.MENU_TEXT  # sealed with this token and key


def test_during_rotation_plaintext_and_url_check_take_either_token(client):
    for token in (OLD_TOKEN, NEW_TOKEN):
        kit = kit_for(client, token, NEW_KEY)
        assert kit.verify_url("4711").response.get_data(as_text=True) == "4711"
        assert kit.content(kit.post(make_text(f"p-{token}", "你好"), mode="plain")) == menu.MENU_TEXT


def test_an_unknown_token_or_key_is_still_refused(client):
    assert kit_for(client, "third-token", NEW_KEY).post(make_text("x1", "你好"), mode="safe").status == 403
    assert kit_for(client, NEW_TOKEN, OTHER_KEY).post(make_text("x2", "你好"), mode="safe").status == 403
    assert kit_for(client, "third-token", NEW_KEY).verify_url("1").status == 403


def test_after_rotation_the_old_values_are_refused(app_config):
    app = create_app({**app_config, "WECHAT_TOKEN_PREVIOUS": None, "WECHAT_ENCODING_AES_KEY_PREVIOUS": None})
    client = app.test_client()
    try:
        assert kit_for(client, OLD_TOKEN, OLD_KEY).post(make_text("a1", "你好"), mode="safe").status == 403
        assert kit_for(client, OLD_TOKEN, NEW_KEY).post(make_text("a2", "你好"), mode="safe").status == 403
        assert kit_for(client, NEW_TOKEN, OLD_KEY).post(make_text("a3", "你好"), mode="safe").status == 403
        assert kit_for(client, OLD_TOKEN, NEW_KEY).verify_url("1").status == 403
        new = kit_for(client, NEW_TOKEN, NEW_KEY)
        assert new.content(new.post(make_text("a4", "你好"), mode="safe")) == menu.MENU_TEXT
    finally:
        app.extensions["db"].dispose()


def test_use_of_the_previous_values_is_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="bot.wechat.keyring"):
        kit_for(client, OLD_TOKEN, OLD_KEY).post(make_text("l1", "你好"), mode="safe")
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "previous Token" in said and "previous EncodingAESKey" in said


@pytest.mark.parametrize("settings,message", [
    ({"WECHAT_ENCODING_AES_KEY": None, "WECHAT_ENCODING_AES_KEY_PREVIOUS": OLD_KEY}, "without WECHAT_ENCODING_AES_KEY"),
    ({"WECHAT_ENCODING_AES_KEY_PREVIOUS": "too-short"}, "43 characters"),
])
def test_a_wrong_rotation_setting_stops_the_start(app_config, settings, message):
    with pytest.raises(ValueError, match=message):
        create_app({**app_config, **settings})
