"""Forged, replayed, stale, malformed, oversized and hostile requests: the right status, at once.

Every case asserts the status, that the app refused it in under 10 ms (median of three tries,
measured around the test-client call), and that nothing it carried reached the database.
On a loaded machine (other test runs sharing the 2 cores) the limit is multiplied by the load
per core, or by WECHAT_TIMING_SLACK when set; the measured times are printed with `-s`.
"""
from __future__ import annotations

import io
import statistics
import time

import pytest
from sqlalchemy import func, select

from bot import clock
from bot.models import InboundMessage, OutboxMessage, User
from tests.kit.wechat import (ACCOUNT, AES_KEY, APP_ID, Sent, TOKEN, WECHAT_SETTINGS, WeChatKit, kit_encrypt, make_text,
                              sign, timing_slack)


REFUSAL_SECONDS = 0.010
# A redelivery of an answered message is no refusal: the first one commits the row `redelivered`
# (so a late first delivery cannot push the same answer too), one fsync on PostgreSQL.
REDELIVERY_SECONDS = 0.050
TIMINGS: dict[str, list[float]] = {}

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[evil]]></FromUserName>
<CreateTime>1800000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&lol9;</Content>
<MsgId>1</MsgId></xml>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[evil]]></FromUserName>
<CreateTime>1800000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&xxe;</Content>
<MsgId>2</MsgId></xml>"""


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS)


@pytest.fixture
def kit(kit):
    kit.verify_url("warmup")  # first request of a fresh app builds Flask's URL map
    return kit


@pytest.fixture(scope="module", autouse=True)
def report_timings():
    yield
    if TIMINGS:
        print(f"\nrefusal times (ms): median / max of 3 (load slack now x{timing_slack():.1f})")
        for case, values in TIMINGS.items():
            print(f"  {case:38s} {statistics.median(values) * 1000:6.2f} / {max(values) * 1000:6.2f}")


def _assert_refused_quickly(case: str, send, status: int, seconds: float = REFUSAL_SECONDS) -> None:
    results: list[Sent] = [send() for _ in range(3)]
    assert [r.status for r in results] == [status] * 3, [r.status for r in results]
    assert all(r.status != 500 for r in results)
    elapsed = [r.elapsed for r in results]
    TIMINGS[case] = elapsed
    limit = seconds * timing_slack()
    assert statistics.median(elapsed) < limit, (case, elapsed, limit)


def _nothing_stored(db) -> None:
    with db.session() as s:
        for model in (InboundMessage, User, OutboxMessage):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__


def _now() -> int:
    return int(clock.timestamp())


def _with(query: dict, **changes) -> dict:
    return {**query, **changes}


def _cases(kit: WeChatKit) -> dict:
    text = make_text("h1", "你好")
    plain_q, plain_b = kit.signed("plain", text)
    safe_q, safe_b = kit.signed("safe", text)
    wrong_app_q, wrong_app_b = kit.signed("safe", text, app_id="wx0000000000000000")
    ts, nonce = str(_now()), "77777"
    base = {"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce}

    def safe_with(encrypt: str, resign: bool = True) -> tuple[dict, bytes]:
        body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
        query = {**base, "encrypt_type": "aes",
                 "msg_signature": sign(TOKEN, ts, nonce, encrypt) if resign else safe_q["msg_signature"]}
        return query, body.encode()

    good_cipher = kit_encrypt(AES_KEY, APP_ID, text)
    flipped_tail = good_cipher[:-6] + ("AAAA" if good_cipher[-6:-2] != "AAAA" else "BBBB") + good_cipher[-2:]
    return {
        "bad signature": (403, _with(plain_q, signature="0" * 40), plain_b),
        "missing signature": (403, {k: v for k, v in plain_q.items() if k != "signature"}, plain_b),
        "bad msg_signature (safe)": (403, _with(safe_q, msg_signature="f" * 40), safe_b),
        "plain signature used as msg_signature": (403, _with(safe_q, msg_signature=safe_q["signature"]), safe_b),
        "stale timestamp": (403, *kit.signed("plain", text, timestamp=_now() - 301)),
        "future timestamp": (403, *kit.signed("plain", text, timestamp=_now() + 301)),
        "non-numeric timestamp": (403, _with(plain_q, timestamp="soon"), plain_b),
        "wrong AppID (safe)": (403, wrong_app_q, wrong_app_b),
        "tampered cipher, not re-signed": (403, *safe_with(flipped_tail, resign=False)),
        "tampered cipher, re-signed": (403, *safe_with(flipped_tail)),
        "cipher not base64": (400, *safe_with("!!!!notbase64")),
        "billion laughs": (400, *kit.signed("plain", BILLION_LAUGHS)),
        "XXE": (400, *kit.signed("plain", XXE)),
        "billion laughs inside the cipher": (400, *kit.signed("safe", BILLION_LAUGHS)),
        "XXE around the cipher": (400, *safe_with_outer(kit, XXE)),
        "2 MiB body": (413, plain_q, b"<xml>" + b"a" * (2 * 1024 * 1024) + b"</xml>"),
        "empty body": (400, plain_q, b""),
        "non-XML body": (400, plain_q, b'{"ToUserName": "gh", "Content": "hi"}'),
        "truncated XML": (400, plain_q, text.encode()[:-20]),
        "not UTF-8": (400, plain_q, text.replace("你好", "\u4f60").encode("gbk")),
        "deeply nested XML": (400, plain_q, b"<xml>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</xml>"),
        "field with nested elements": (400, plain_q, text.replace("<![CDATA[你好]]>", "<b>x</b>").encode()),
        "safe mode without Encrypt": (400, _with(safe_q), plain_b),
        "two Encrypt elements": (400, safe_q, safe_b.replace(b"</xml>", b"<Encrypt>QUJD</Encrypt></xml>")),
        "unknown encrypt_type": (400, _with(plain_q, encrypt_type="rot13"), plain_b),
    }


def safe_with_outer(kit: WeChatKit, outer_prefix: str) -> tuple[dict, bytes]:
    """A genuine signed cipher wrapped in an outer body that declares a DOCTYPE."""
    query, body = kit.signed("safe", make_text("h1", "你好"))
    return query, outer_prefix.split("<xml>")[0].encode() + body


CASE_NAMES = [
    "bad signature", "missing signature", "bad msg_signature (safe)",
    "plain signature used as msg_signature", "stale timestamp", "future timestamp",
    "non-numeric timestamp", "wrong AppID (safe)", "tampered cipher, not re-signed",
    "tampered cipher, re-signed", "cipher not base64", "billion laughs", "XXE",
    "billion laughs inside the cipher", "XXE around the cipher", "2 MiB body", "empty body",
    "non-XML body", "truncated XML", "not UTF-8", "deeply nested XML", "field with nested elements",
    "safe mode without Encrypt", "two Encrypt elements", "unknown encrypt_type",
]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_hostile_request_is_refused_quickly_and_stores_nothing(kit, db, case):
    status, query, body = _cases(kit)[case]
    _assert_refused_quickly(case, lambda: kit.send(query, body), status)
    _nothing_stored(db)


def test_body_over_the_cap_without_content_length_is_refused(kit, db, client):
    query, _ = kit.signed("plain", make_text("h1", "你好"))
    big = b"<xml>" + b"a" * (2 * 1024 * 1024) + b"</xml>"

    def send() -> Sent:
        started = time.perf_counter()
        # A chunked body: the server (gunicorn) marks the input as terminated, no Content-Length.
        response = client.post("/wechat", query_string=query, input_stream=io.BytesIO(big),
                               headers={"Transfer-Encoding": "chunked"}, content_type="text/xml",
                               environ_overrides={"wsgi.input_terminated": True})
        return Sent(response, time.perf_counter() - started, query, b"")

    _assert_refused_quickly("2 MiB chunked body", send, 413)
    _nothing_stored(db)


def test_signed_query_replayed_with_another_body_is_refused(kit, db):
    query, body = kit.signed("plain", make_text("h2", "你好"))
    assert kit.send(query, body).status == 200
    forged = make_text("h2", "把我的事转给别人").encode()
    _assert_refused_quickly("replayed query, different body", lambda: kit.send(query, forged), 403)
    with db.session() as s:
        assert [r.content for r in s.scalars(select(InboundMessage))] == ["你好"]


def test_identical_redelivery_is_answered_again_quickly(kit, db):
    query, body = kit.signed("plain", make_text("h3", "你好"))
    first = kit.send(query, body)
    _assert_refused_quickly("identical redelivery (answered, 200)", lambda: kit.send(query, body), 200,
                            REDELIVERY_SECONDS)
    assert kit.content(kit.send(query, body)) == kit.content(first)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 1


@pytest.mark.parametrize("change", ["signature", "stale", "echostr"])
def test_url_verification_refuses_forgeries(kit, change):
    good = kit.verify_url("1234567890987654321")
    assert good.status == 200 and good.response.get_data(as_text=True) == "1234567890987654321"
    assert good.response.mimetype == "text/plain"
    if change == "signature":
        bad = lambda: kit.verify_url("123", signature="0" * 40)  # noqa: E731
        expected = 403
    elif change == "stale":
        bad = lambda: kit.verify_url("123", timestamp=_now() - 3600)  # noqa: E731
        expected = 403
    else:
        bad = lambda: kit.verify_url("<script>alert(1)</script>")  # noqa: E731
        expected = 400
    _assert_refused_quickly(f"GET verification: {change}", bad, expected)


def test_safe_mode_without_a_configured_key_is_refused(app_config, migrated):
    from bot import create_app

    app = create_app({**app_config, "WECHAT_ENCODING_AES_KEY": None})
    kit = WeChatKit(app.test_client())
    query, body = kit.signed("safe", make_text("h4", "你好"))
    assert kit.send(query, body).status == 403
    app.extensions["db"].dispose()


def test_plaintext_can_be_refused_when_safe_mode_is_required(app_config):
    from bot import create_app

    app = create_app({**app_config, "WECHAT_REQUIRE_SAFE_MODE": True})
    kit = WeChatKit(app.test_client())
    assert kit.post(make_text("h5", "你好"), mode="plain").status == 403
    assert kit.post(make_text("h5", "你好"), mode="safe").status == 200
    app.extensions["db"].dispose()


def test_plaintext_is_refused_when_a_key_is_set_unless_explicitly_allowed(app_config):
    """Issue 12, finding 10: with an EncodingAESKey configured, a plaintext POST (whose signature
    does not cover the body) was accepted; now it needs WECHAT_ALLOW_PLAINTEXT=1."""
    from bot import create_app

    settings = {k: v for k, v in app_config.items() if k != "WECHAT_ALLOW_PLAINTEXT"}
    app = create_app({**settings, "WECHAT_ALLOW_PLAINTEXT": False})
    kit = WeChatKit(app.test_client())
    assert kit.post(make_text("h6", "你好"), mode="plain").status == 403
    assert kit.post(make_text("h6", "你好"), mode="safe").status == 200
    app.extensions["db"].dispose()
    allowed = create_app({**settings, "WECHAT_ALLOW_PLAINTEXT": True})
    assert WeChatKit(allowed.test_client()).post(make_text("h7", "你好"), mode="plain").status == 200
    allowed.extensions["db"].dispose()
    keyless = create_app({**settings, "WECHAT_ENCODING_AES_KEY": None, "WECHAT_ALLOW_PLAINTEXT": False})
    assert WeChatKit(keyless.test_client()).post(make_text("h8", "你好"), mode="plain").status == 200
    keyless.extensions["db"].dispose()
