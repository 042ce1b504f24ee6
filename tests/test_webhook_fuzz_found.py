"""What fuzzing /wechat found (tests/test_webhook_fuzz.py, bench/fuzz/): one plain example per bug."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import InboundMessage
from tests.kit.wechat import TOKEN, WECHAT_SETTINGS, make_text, sign


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS)


@pytest.fixture
def errors(caplog):
    """Records logged at ERROR: the webhook's last-resort handler logs a bug there, then answers 400."""
    caplog.set_level(logging.INFO)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _rows(db) -> list[InboundMessage]:
    with db.session() as s:
        return list(s.scalars(select(InboundMessage)))


def test_msg_type_is_stored_as_parsed_not_as_padded(kit, db):
    padded = make_text("f1", "你好").replace("<MsgType><![CDATA[text]]></MsgType>",
                                            "<MsgType>" + " " * 40 + "text\n</MsgType>")
    assert kit.post(padded).status == 200
    assert [r.msg_type for r in _rows(db)] == ["text"]


@pytest.mark.parametrize("create_time", ["253402300800", "999999999999", "²", "١٧٠٠٠٠٠٠٠٠", "１７００"])
def test_create_time_that_is_no_date_is_refused_as_malformed(kit, db, errors, create_time):
    sent = kit.post(make_text("f2", "你好", create_time=create_time))
    assert (sent.status, errors(), _rows(db)) == (400, [], [])


@pytest.mark.parametrize("msg_id", ["١٢٣", "１２３"])
def test_msg_id_in_other_digits_is_refused(kit, db, errors, msg_id):
    sent = kit.post(make_text("f2", "你好", msg_id=msg_id))
    assert (sent.status, errors(), _rows(db)) == (400, [], [])


@pytest.mark.parametrize("mode", ["plain", "compat", "safe"])
def test_message_that_mentions_a_doctype_is_answered(kit, db, mode):
    text = "网页开头写<!DOCTYPE html>，还有<!ENTITY>，这是啥"
    sent = kit.post(make_text("f3", text), mode=mode)
    assert sent.status == 200 and kit.content(sent)
    assert [r.content for r in _rows(db)] == [text]


def test_doctype_hidden_from_the_early_check_is_still_refused(kit, db, errors):
    """A comment opening a fake CDATA hides the DTD from the pattern; expat still refuses it."""
    message = make_text("f3", "你好")
    body = '<!-- <![CDATA[ --><!DOCTYPE xml [<!ENTITY a "b">]>' + message
    sent = kit.send(kit.signed("plain", message)[0], body.encode())
    assert (sent.status, errors(), _rows(db)) == (400, [], [])


def test_compat_message_that_mentions_encrypt_is_answered(kit, db):
    text = "短信里说<Encrypt>是啥意思"
    sent = kit.post(make_text("f4", text), mode="compat")
    assert sent.status == 200 and kit.content(sent)
    assert [r.content for r in _rows(db)] == [text]


def _now_in(digits: str) -> str:
    """The current timestamp written with another script's digits 0-9."""
    return "".join(digits[int(d)] for d in str(int(clock.timestamp())))


@pytest.mark.parametrize("timestamp, nonce", [
    (_now_in("０１２３４５６７８９"), "123"),  # full-width
    (_now_in("٠١٢٣٤٥٦٧٨٩"), "123"),  # Arabic-Indic
    (str(int(clock.timestamp())) + "\n", "123"),
    (str(int(clock.timestamp())), "123\n"),
])
def test_timestamp_or_nonce_that_only_looks_right_is_refused(kit, db, timestamp, nonce):
    query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    assert kit.send(query, make_text("f5", "你好").encode()).status == 403
    assert _rows(db) == []


def test_echostr_with_a_trailing_newline_is_not_echoed(kit):
    sent = kit.verify_url("1234567890\n")
    assert sent.status == 400 and sent.response.data == b""


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_query_string_that_is_not_utf8_is_refused(client, db, errors, method):
    # A server passes the query on as it came, decoded as latin-1 (PEP 3333).
    raw = "timestamp=" + b"\xff\xfe".decode("latin-1") + "&nonce=1"
    response = client.open("/wechat", method=method, data=make_text("f6", "你好").encode(),
                           environ_overrides={"QUERY_STRING": raw})
    assert (response.status_code, errors(), _rows(db)) == (400, [], [])


def test_head_is_a_get_and_never_handles_a_message(kit, client, db):
    query, body = kit.signed("plain", make_text("f7", "你好"))
    response = client.open("/wechat", method="HEAD", query_string=query, data=body, content_type="text/xml")
    assert response.status_code == 400  # a URL verification without echostr
    assert _rows(db) == []
    verify = {**query, "echostr": "1234567890"}
    response = client.open("/wechat", method="HEAD", query_string=verify)
    assert response.status_code == 200 and response.data == b""
