"""Send fuzzed requests to /wechat and check what every answer must be.

    probe = Probe(app, client, errors)
    sent = probe.send("POST", query_string, body)
    probe.check(sent, {200}, spec=spec, aes=True, nonce=nonce)

Every answer: a status from the expected set; within the reply budget (stretched on a loaded
machine); nothing logged at ERROR (the webhook's last-resort handler and the dispatcher's error
hook both log there, so a bug hidden behind a polite 400 or an apology still fails); a refusal
has an empty body and stores no inbound row; a 200 to a message is `success` or a text reply to
its sender (encrypted and signed in safe mode), and its inbound row is there, answered or
deferred to the outbox: never lost.
"""
from __future__ import annotations

import logging
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.models import InboundMessage, OutboxMessage
from bot.reply_runner import drain
from bot.webhook import BUSY_TEXT
from bot.wechat.replies import WECHAT_TEXT_LIMIT_BYTES
from tests.kit.fuzz.messages import MessageSpec, xml_lines
from tests.kit.wechat import AES_KEY, APP_ID, Sent, TOKEN, kit_decrypt, sign, timing_slack

SPARE_SECONDS = 1.0  # beyond the reply budget, for the test client and a loaded machine


class ErrorLog(logging.Handler):
    """Every record at ERROR or above, from any logger and thread."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        taken = [f"{r.name}: {r.getMessage()}\n{self.format(r) if r.exc_info else ''}" for r in self.records]
        self.records.clear()
        return taken


@contextmanager
def capture_errors():
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def reply_fields(text: str, aes: bool, nonce: str | None) -> dict[str, str]:
    """The fields of a passive reply; in safe mode the envelope is verified and opened first."""
    root = ET.fromstring(text)
    assert root.tag == "xml", text
    fields = {child.tag: child.text or "" for child in root}
    assert ("Encrypt" in fields) == aes, f"encrypted={('Encrypt' in fields)} but safe mode={aes}: {text[:300]}"
    if aes:
        assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}, fields
        assert fields["MsgSignature"] == sign(TOKEN, fields["TimeStamp"], fields["Nonce"], fields["Encrypt"])
        assert nonce is None or fields["Nonce"] == nonce, (fields["Nonce"], nonce)
        inner, app_id, _ = kit_decrypt(AES_KEY, fields["Encrypt"])
        assert app_id == APP_ID
        return reply_fields(inner, False, None)
    assert fields.get("MsgType") == "text" and fields.get("CreateTime", "").isdigit(), fields
    return fields


@dataclass
class Probe:
    app: object
    client: object
    errors: ErrorLog

    def send(self, method: str, query_string: bytes, body: bytes = b"") -> Sent:
        """`query_string` goes to the app as a server would pass it (bytes as latin-1, PEP 3333)."""
        started = time.perf_counter()
        response = self.client.open("/wechat", method=method, data=body, content_type="text/xml",
                                    environ_overrides={"QUERY_STRING": query_string.decode("latin-1")})
        return Sent(response, time.perf_counter() - started, {"query_string": query_string}, body)

    def inbound_count(self) -> int:
        with self.app.extensions["db"].session() as s:
            return s.scalar(select(func.count()).select_from(InboundMessage))

    def check(self, sent: Sent, expected: set[int] | frozenset[int], *, method: str = "POST",
              spec: MessageSpec | None = None, rows_before: int | None = None, aes: bool = False,
              nonce: str | None = None, echostr: str | None = None) -> None:
        assert drain(self.app), "background reply work still running after 10 s"
        status, body = sent.status, sent.response.get_data(as_text=True)
        assert status in expected, f"status {status}, expected {sorted(expected)}; body {body[:200]!r}"
        limit = self.app.config["REPLY_BUDGET_SECONDS"] + SPARE_SECONDS * timing_slack()
        assert sent.elapsed < limit, f"answered in {sent.elapsed:.2f} s (limit {limit:.2f} s)"
        errors = self.errors.take()
        assert not errors, "logged at ERROR:\n" + "\n".join(errors)
        if status == 405:
            return  # Flask's own page for a method the endpoint does not take
        if status != 200 or method in ("OPTIONS", "HEAD"):
            assert body == "", f"{method} {status} has a body: {body[:200]!r}"
        elif method == "GET":
            assert body == echostr and sent.response.mimetype == "text/plain", body[:200]
        if method != "POST":
            return
        if status != 200:
            if rows_before is not None:
                assert self.inbound_count() == rows_before, "a refused request stored an inbound row"
            return
        self._check_answer(body, spec, rows_before, aes, nonce)

    def _check_answer(self, body: str, spec: MessageSpec | None, rows_before: int | None, aes: bool,
                      nonce: str | None) -> None:
        """A 200 to a message: a sound reply, and its inbound row answered or deferred."""
        fields = reply_fields(body, aes, nonce) if body != "success" else {}
        content = fields.get("Content")
        if content is not None:
            assert content and len(content.encode()) < WECHAT_TEXT_LIMIT_BYTES, content[:100]
        with self.app.extensions["db"].session() as s:
            if spec is not None:
                rows = list(s.scalars(select(InboundMessage).where(InboundMessage.openid == spec.openid)))
                assert len(rows) == 1, f"{len(rows)} inbound rows for {spec.openid}"
                row = rows[0]
                assert row.msg_type == spec.msg_type[:30], (row.msg_type, spec.msg_type)
                if spec.msg_type == "text":
                    assert row.content == spec.content, (row.content[:80], spec.content[:80])
                if fields:
                    assert fields["ToUserName"] == spec.openid and fields["FromUserName"] == spec.account, fields
            else:
                new = list(s.scalars(select(InboundMessage).order_by(InboundMessage.id.desc()).limit(1)))
                count = s.scalar(select(func.count()).select_from(InboundMessage))
                assert rows_before is None or count - rows_before in (0, 1), (rows_before, count)
                if rows_before is not None and count == rows_before:
                    return  # a redelivery of a message already answered
                row = new[0]
                if fields:
                    assert fields["ToUserName"] == row.openid, (fields, row.openid)
            # redelivered: a retry answered with the stored reply (bot/inbound.py)
            assert row.status in ("replied", "redelivered", "deferred"), f"inbound row left {row.status}"
            if content is not None and content != BUSY_TEXT:
                # XML turns a \r the reply quotes from the message into \n, as WeChat will read it.
                assert row.status in ("replied", "redelivered") and xml_lines(row.reply) == content, (row.status, row.reply, content)
                return
            # `success` or the busy text: either nothing to say, or the answer waits in the outbox.
            if row.status == "replied":
                assert not row.reply, f"answered `success` but the reply {row.reply!r} went nowhere"
            elif row.reply:
                keys = set(s.scalars(select(OutboxMessage.business_key).where(OutboxMessage.openid == row.openid)))
                assert f"reply:{row.id}" in keys, f"deferred reply of inbound {row.id} not in the outbox"
