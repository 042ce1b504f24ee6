"""Plaintext, compatible and safe mode round trips, Tencent's sample end to end, long replies."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import create_app
from bot.dispatch import Router
from bot.messages import Reply
from bot.models import InboundMessage, OutboxMessage
from bot.wechat.replies import WECHAT_TEXT_LIMIT_BYTES
from handlers import menu
from tests.test_wechat_crypto import (SAMPLE_APP_ID, SAMPLE_FROM_XML, SAMPLE_KEY, SAMPLE_MSG_SIGNATURE,
                                      SAMPLE_NONCE, SAMPLE_TIMESTAMP, SAMPLE_TOKEN)
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text, sign


pytestmark = [pytest.mark.app_settings(WECHAT_SETTINGS),
              pytest.mark.usefixtures("drained")]  # no reply left running after a test


def add_handler(app, pattern: str, callback) -> None:
    """Register a test handler ahead of the real ones."""
    router = Router("test")
    router.command(pattern)(callback)
    app.extensions["dispatcher"].routers.insert(0, router)


@pytest.mark.parametrize("mode", ["plain", "compat", "safe"])
def test_round_trip(kit, db, mode):
    sent = kit.post(make_text("m1", "你好"), mode=mode)
    body = sent.response.get_data(as_text=True)
    assert ("<Encrypt>" in body) == (mode != "plain")
    assert "片区通" not in body or mode == "plain"  # encrypted replies carry no plaintext
    reply = kit.reply(sent)
    assert reply["Content"] == menu.MENU_TEXT and reply["ToUserName"] == "m1"
    with db.session() as s:
        assert s.scalars(select(InboundMessage.content)).one() == "你好"


def test_compat_mode_trusts_the_cipher_not_the_plaintext_fields(kit, db):
    query, body = kit.signed("compat", make_text("m2", "你好"))
    forged = body.replace("你好".encode(), "转账".encode(), 1)  # outside <Encrypt>, unsigned
    assert kit.content(kit.send(query, forged)) == menu.MENU_TEXT
    with db.session() as s:
        assert s.scalars(select(InboundMessage.content)).one() == "你好"


def test_url_verification_echoes_plain_text_in_safe_mode_too(kit):
    sent = kit.verify_url("8917256409871")
    assert sent.status == 200 and sent.response.get_data(as_text=True) == "8917256409871"


def test_tencent_sample_through_the_webhook(app, app_config):  # `app` empties the tables
    """The official sample message, signed and encrypted by Tencent, accepted end to end."""
    app = create_app({**app_config, "WECHAT_TOKEN": SAMPLE_TOKEN, "WECHAT_APP_ID": SAMPLE_APP_ID,
                      "WECHAT_ENCODING_AES_KEY": SAMPLE_KEY,
                      # The sample is from 2014: widen the freshness window for this one test.
                      "TIMESTAMP_SKEW_SECONDS": 10**10})
    kit = WeChatKit(app.test_client(), token=SAMPLE_TOKEN, app_id=SAMPLE_APP_ID, aes_key=SAMPLE_KEY)
    query = {"signature": sign(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE), "timestamp": SAMPLE_TIMESTAMP,
             "nonce": SAMPLE_NONCE, "encrypt_type": "aes", "msg_signature": SAMPLE_MSG_SIGNATURE}
    reply = kit.reply(kit.send(query, SAMPLE_FROM_XML.encode()))
    assert reply["ToUserName"] == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
    assert reply["FromUserName"] == "gh_10f6c3c3ac5a"
    with app.extensions["db"].session() as s:
        row = s.scalars(select(InboundMessage)).one()
        assert (row.content, row.dedupe_key) == ("abcdteT", "msg:oyORnuP8q7ou2gfYjqLzSIWZf0rs:6054768590064713728")
    app.extensions["db"].dispose()


@pytest.mark.parametrize("mode", ["plain", "safe"])
def test_long_reply_is_split_and_the_rest_goes_to_the_outbox(app, kit, db, mode):
    lines = [f"第{n}条：" + "村里的事情大家商量着办，" * 8 for n in range(1, 41)]
    long_text = "\n".join(lines)
    extra = "另外一条补充说明。"
    add_handler(app, r"^长回答$", lambda ctx: Reply(long_text, followups=[extra]))
    first = kit.content(kit.post(make_text("m3", "长回答"), mode=mode))
    assert len(first.encode()) < WECHAT_TEXT_LIMIT_BYTES
    with db.session() as s:
        inbound_id = s.scalars(select(InboundMessage.id)).one()
        rows = list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    keys = [r.business_key for r in rows]
    assert keys == [f"reply:{inbound_id}:{n}" for n in range(1, len(rows) + 1)]
    parts = [first] + [r.payload["text"] for r in rows]
    assert all(len(p.encode()) < WECHAT_TEXT_LIMIT_BYTES for p in parts)
    assert parts[-1] == extra and all(r.kind == "reply" and r.openid == "m3" for r in rows)
    total = len(parts) - 1
    assert [p.split("\n", 1)[0] for p in parts[:-1]] == [f"（{n}/{total}）" for n in range(1, total + 1)]
    assert "\n".join(p.split("\n", 1)[1] for p in parts[:-1]) == long_text


def test_reply_text_that_looks_like_cdata_end_survives(app, kit):
    add_handler(app, r"^怪字符$", lambda ctx: "a]]>b<c>&d")
    assert kit.content(kit.post(make_text("m4", "怪字符"))) == "a]]>b<c>&d"
    assert kit.content(kit.post(make_text("m4", "怪字符"), mode="safe")) == "a]]>b<c>&d"


def test_event_needing_no_reply_answers_success_in_safe_mode(kit):
    from tests.kit.wechat import make_event

    sent = kit.post(make_event("m5", "VIEW", "https://example.com"), mode="safe")
    assert sent.response.get_data(as_text=True) == "success"


