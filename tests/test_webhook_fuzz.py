"""Property tests of /wechat over its three surfaces: the message XML, the query, the envelope.

Every request is signed with the kit so that it gets as far as its defect lets it; the checks in
tests/fuzz_probe.py apply to every answer (right status family, sound body, in time, nothing
logged as an error, nothing lost). `make test` runs a bounded number of examples per test
(HYPOTHESIS_MAX_EXAMPLES, default 30); `HYPOTHESIS_PROFILE=long` runs 2,000. The valid-message
and query tests run again with Redis holding the replay guard and dialogs when TEST_REDIS_URL is set.
"""
from __future__ import annotations

import os

import pytest
import redis
from hypothesis import given
from hypothesis import strategies as st

from bot.webhook import BUSY_TEXT
from tests.kit.fuzz.defects import breakages
from tests.kit.fuzz.messages import ANY_BODY, mangled, message_specs, unique_id
from tests.kit.fuzz.probe import Probe, capture_errors, reply_fields
from tests.kit.fuzz.wire import Guard, envelope_cases, expected_status, query_recipes, realize_query
from tests.kit.wechat import (AES_KEY, APP_ID, TOKEN, WECHAT_SETTINGS, WeChatKit, envelope, kit_encrypt_bytes,
                              make_text, sign)

MODES = st.sampled_from(["plain", "compat", "safe"])


@pytest.fixture
def backend(request) -> str:
    """Where the replay guard and dialog state live: the database, or Redis (TEST_REDIS_URL)."""
    return getattr(request, "param", "database")


@pytest.fixture
def app_config(app_config, backend):
    config = {**app_config, **WECHAT_SETTINGS}
    if backend == "redis":
        url = os.environ.get("TEST_REDIS_URL")
        if not url:
            pytest.skip("TEST_REDIS_URL not set (make test sets it when Redis answers)")
        config["REDIS_URL"] = url
        # The oracle's replay guard starts empty with each test: so must Redis's.
        client = redis.Redis.from_url(url)
        for key in client.scan_iter("replay:*"):
            client.delete(key)
        client.close()
    return config


ON_BOTH_BACKENDS = pytest.mark.parametrize("backend", ["database", "redis"], indirect=True)


@pytest.fixture
def probe(app, client):
    with capture_errors() as errors:
        yield Probe(app, client, errors)


@pytest.fixture
def guard():
    return Guard()


def _cap(probe: Probe) -> int:
    return probe.app.config["MAX_BODY_BYTES"]


@ON_BOTH_BACKENDS
@given(data=st.data())
def test_valid_message_is_answered_once_and_recorded(probe, kit, data):
    """Any message WeChat could send, however oddly written, gets 200 and its inbound row."""
    mode = data.draw(MODES, "mode")
    spec = data.draw(message_specs(), "spec")
    query, body = kit.signed(mode, spec.render())
    sent = kit.send(query, body)
    probe.check(sent, {200}, spec=spec, aes=mode != "plain", nonce=query["nonce"])
    if data.draw(st.booleans(), "redeliver"):  # WeChat's retry: the same answer, still one row
        again = kit.send(query, body)
        probe.check(again, {200}, spec=spec, aes=mode != "plain", nonce=query["nonce"])
        first, second = (s.response.get_data(as_text=True) for s in (sent, again))
        if "success" not in (first, second):
            contents = [reply_fields(b, mode != "plain", query["nonce"])["Content"] for b in (first, second)]
            assert BUSY_TEXT in contents or contents[0] == contents[1], contents


@given(data=st.data())
def test_message_with_one_defect_is_refused(probe, kit, data):
    """A message with one defect is refused with 400 (413 over the body cap) and stores nothing."""
    mode = data.draw(MODES, "mode")
    broken = data.draw(message_specs().flatmap(breakages), "broken")
    rows = probe.inbound_count()
    body = broken.body()
    if mode == "plain":
        query, wire = kit.signed("plain", "")[0], body  # the plaintext signature does not cover the body
    else:
        query, wire = _encrypted(kit, mode, body)
    expected = {413 if len(wire) > _cap(probe) else broken.status}
    if broken.encoding and mode != "plain" and expected == {400}:
        expected = {400, 403}  # wechatpy decodes the plaintext itself: not UTF-8 fails as decryption
    probe.check(kit.send(query, wire), expected, rows_before=rows, aes=mode != "plain")


def _encrypted(kit: WeChatKit, mode: str, inner: bytes) -> tuple[dict, bytes]:
    """Query and body carrying `inner` bytes encrypted (compat: the plain fields are the kit's)."""
    query, _ = kit.signed("plain", "")
    encrypt = kit_encrypt_bytes(AES_KEY, APP_ID.encode(), inner)
    query.update(encrypt_type="aes", msg_signature=sign(TOKEN, query["timestamp"], query["nonce"], encrypt))
    return query, envelope(mode, make_text("fz-outer", "外层"), encrypt)


@given(data=st.data())
def test_any_body_gets_a_clear_answer(probe, kit, data):
    """Random bytes, random text and mangled messages: 200, 400 or 413, never anything else."""
    mode = data.draw(MODES, "mode")
    body = data.draw(st.one_of(ANY_BODY, message_specs().flatmap(mangled)), "body")
    rows = probe.inbound_count()
    if mode == "plain":
        query, wire = kit.signed("plain", "")[0], body
    else:
        query, wire = _encrypted(kit, mode, body)
    probe.check(kit.send(query, wire), {200, 400, 413} if mode == "plain" else {200, 400, 403, 413},
                rows_before=rows, aes=mode != "plain", nonce=query["nonce"])


@ON_BOTH_BACKENDS
@given(data=st.data())
def test_query_parameters_get_the_status_the_checks_owe(probe, guard, data):
    """Missing, repeated, malformed, stale, mixed-up query parameters, on every method."""
    recipe = data.draw(query_recipes(), "recipe")
    unique = unique_id()
    xml = make_text(f"fzq{unique}", "你好", msg_id=str(unique))
    request = realize_query(recipe, xml)
    expected = expected_status(request, guard)
    rows = probe.inbound_count()
    sent = probe.send(request.method, request.query_string, request.body)
    aes = (request.args.get("encrypt_type") or "raw") == "aes"
    probe.check(sent, {expected}, method=request.method, rows_before=rows, aes=aes, nonce=request.nonce,
                echostr=request.args.get("echostr"))


@given(data=st.data())
def test_mutated_envelope_is_refused_or_answered_soundly(probe, kit, data):
    """A correctly signed <Encrypt> whose ciphertext was mutated: the statuses the mutation allows."""
    spec = data.draw(message_specs(["text", "event", "image"]), "spec")
    case = data.draw(envelope_cases(spec.render()), "case")
    query, _ = kit.signed("plain", "")
    query.update(encrypt_type="aes", msg_signature=sign(TOKEN, query["timestamp"], query["nonce"], case.encrypt))
    rows = probe.inbound_count()
    wire = envelope(case.mode, spec.render(), case.encrypt, element=case.element)
    sent = kit.send(query, wire)
    probe.check(sent, case.statuses, spec=spec if case.statuses == {200} else None, rows_before=rows,
                aes=True, nonce=query["nonce"])
