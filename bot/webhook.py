"""/wechat: refuse → verify → parse → dedupe → dispatch → reply within WeChat's budget.

Order of checks on a POST (each refusal is cheap and answers at once, never 500):
body cap (413) → query string is UTF-8 (400) → timestamp and nonce well-formed (403)
→ signature, or msg_signature in safe mode (403) → timestamp freshness (403)
→ decrypt with AppID check (403) and parse (400) → replay guard (403) → dedupe → handler.
Parsing comes before the replay guard so that a malformed or hostile body is refused
without touching the database (even when it is down); it is pure CPU on a capped body.
GET answers WeChat's URL verification with `echostr` as plain text.
Tokens and keys come from bot/wechat/keyring.py (the previous ones too, during a rotation).
"""
from __future__ import annotations

import logging
import re
import time

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from . import clock, metrics
from .messages import Incoming
from .reply_runner import Guard, ReplyJob, answer_within_budget
from .wechat import replay
from .wechat.crypto import AppIdMismatch, CryptoError, MessageCrypto
from .wechat.keyring import Keyring
from .wechat.parsing import MalformedMessage, decode_body, extract_encrypt, parse_message
from .wechat.replies import EMPTY_REPLY, render
from .wechat.signature import check_signature

log = logging.getLogger(__name__)

BUSY_TEXT = "系统有点忙，请稍后再试"
# Matched whole (`fullmatch`: `$` would let a trailing newline through) and ASCII only
# (`\d` also takes other scripts' digits, which int() then reads).
_NONCE = re.compile(r"[A-Za-z0-9]{1,64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_ECHOSTR = re.compile(r"[A-Za-z0-9_\-+/=]{1,200}")


class Refused(Exception):
    def __init__(self, status: int, reason: str, counted: bool = False):
        super().__init__(reason)
        self.status = status
        self.counted = counted  # already in /metrics' figures


def _respond(body: str, status: int = 200) -> Response:
    mimetype = "application/xml" if body.startswith("<xml>") else "text/plain"
    response = Response(body, status=status, mimetype=mimetype)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _signed_query() -> tuple[str, str]:
    """timestamp and nonce, well-formed and fresh (403 otherwise); signatures checked by callers."""
    try:
        args = request.args  # the first read of the query: Werkzeug decodes it as UTF-8 here
    except UnicodeDecodeError as exc:  # raw bytes that the server passed on as they came
        raise Refused(400, "query string is not UTF-8") from exc
    timestamp = args.get("timestamp", "")
    nonce = args.get("nonce", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _NONCE.fullmatch(nonce):
        raise Refused(403, "malformed timestamp/nonce")
    return timestamp, nonce


def _check_fresh(timestamp: str) -> None:
    skew = current_app.config["TIMESTAMP_SKEW_SECONDS"]
    if abs(clock.timestamp() - int(timestamp)) > skew:
        raise Refused(403, "stale or future timestamp")


def _read_up_to(stream, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_body() -> bytes:
    """The body, at most MAX_BODY_BYTES (413 past it, whether or not Content-Length says so)."""
    limit = current_app.config["MAX_BODY_BYTES"]
    length = request.content_length
    if length is not None and length > limit:
        raise Refused(413, "Content-Length over the cap")
    try:
        if length is None and request.environ.get("wsgi.input_terminated"):
            # Chunked: the server delimits the stream; read one byte past the cap ourselves
            # (Werkzeug's wrapper refuses any read past the cap, even at the very end).
            body = _read_up_to(request.environ["wsgi.input"], limit + 1)
        else:
            body = _read_up_to(request.stream, limit + 1)
    except RequestEntityTooLarge as exc:
        raise Refused(413, "body over the cap") from exc
    except (ClientDisconnected, OSError) as exc:
        raise Refused(400, "body could not be read") from exc
    if len(body) > limit:
        raise Refused(413, "body over the cap")
    return body


def verify_url() -> Response:
    """Answer WeChat's URL verification: echo `echostr` when the signature is valid."""
    timestamp, nonce = _signed_query()
    if _keyring().token_for_signature(request.args.get("signature"), timestamp, nonce) is None:
        raise Refused(403, "bad signature")
    _check_fresh(timestamp)
    echostr = request.args.get("echostr", "")
    if not _ECHOSTR.fullmatch(echostr):
        raise Refused(400, "bad echostr")
    return _respond(echostr)


def _keyring() -> Keyring:
    return current_app.extensions["wechat_keys"]


def _verify_and_parse(body: bytes, timestamp: str, nonce: str) -> tuple[Incoming, MessageCrypto | None, str]:
    """The message, the crypto to answer with (safe mode) and the signature the query used.

    During a key rotation the reply is sealed with the token and key the request used.
    """
    keys = _keyring()
    signature = request.args.get("signature")
    encrypt_type = request.args.get("encrypt_type", "") or "raw"
    if encrypt_type == "aes":
        if not keys.safe_mode:
            raise Refused(403, "safe mode without WECHAT_ENCODING_AES_KEY")
        encrypt = extract_encrypt(decode_body(body))
        msg_signature = request.args.get("msg_signature")
        token = keys.token_for_msg_signature(msg_signature, timestamp, nonce, encrypt)
        if token is None:
            raise Refused(403, "bad msg_signature")
        if signature is not None and not check_signature(token, signature, timestamp, nonce):
            raise Refused(403, "bad signature")
        _check_fresh(timestamp)
        try:
            xml, crypto = keys.open(token, encrypt)
        except AppIdMismatch as exc:
            raise Refused(403, "wrong AppID") from exc
        except CryptoError as exc:
            raise Refused(403, str(exc)) from exc
        return parse_message(xml), crypto, msg_signature or ""
    if encrypt_type != "raw":
        raise Refused(400, "unknown encrypt_type")
    if current_app.config.get("WECHAT_REQUIRE_SAFE_MODE"):
        raise Refused(403, "plaintext mode refused")
    if keys.safe_mode and not current_app.config.get("WECHAT_ALLOW_PLAINTEXT"):
        raise Refused(403, "plaintext mode refused: an EncodingAESKey is set (WECHAT_ALLOW_PLAINTEXT=1 allows it)")
    if keys.token_for_signature(signature, timestamp, nonce) is None:
        raise Refused(403, "bad signature")
    _check_fresh(timestamp)
    return parse_message(decode_body(body)), None, signature or ""


def receive_message() -> Response:
    """Handle one POSTed message or event and answer within the reply budget."""
    started = time.monotonic()
    config = current_app.config
    body = _read_body()
    timestamp, nonce = _signed_query()
    incoming, crypto, used_signature = _verify_and_parse(body, timestamp, nonce)
    guard = Guard(replay.query_key(used_signature, timestamp, nonce), replay.body_digest(body),
                  int(timestamp), config["TIMESTAMP_SKEW_SECONDS"])
    job = ReplyJob(current_app._get_current_object(), incoming, guard,
                   deadline=started + config["REPLY_BUDGET_SECONDS"])
    outcome = answer_within_budget(job.app, job)
    _count(outcome, started)
    if outcome.status != 200:
        raise Refused(outcome.status, "signed query replayed with another body", counted=True)
    text = BUSY_TEXT if outcome.busy else outcome.text
    try:
        return _respond(render(incoming, text, crypto, nonce) if text else EMPTY_REPLY)
    except Exception:
        log.exception("could not render the reply to a %s", incoming.kind)
        metrics.error_answer()
        return _respond(render(incoming, BUSY_TEXT, crypto, nonce))


def _count(outcome, started: float) -> None:
    metrics.message_answered(outcome.action, outcome.outcome, time.monotonic() - started)
    if outcome.busy:
        metrics.busy_answer()
    if outcome.outcome == "error":
        metrics.error_answer()


def wechat() -> Response:
    """The /wechat endpoint: every outcome is a status and a body, never an exception."""
    try:
        # HEAD is a GET without the body (Flask routes it here): it must never handle a message.
        return verify_url() if request.method in ("GET", "HEAD") else receive_message()
    except Refused as refusal:
        log.info("refused %s /wechat: %s %s", request.method, refusal.status, refusal)
        if not refusal.counted:
            metrics.message_answered(None, "refused")
        return _respond("", refusal.status)
    except MalformedMessage as exc:
        log.info("refused %s /wechat: 400 %s", request.method, exc)
        metrics.message_answered(None, "refused")
        return _respond("", 400)
    except Exception:  # a bug, not the sender's fault; still never a 500 (WeChat would retry)
        log.exception("unexpected error on %s /wechat", request.method)
        metrics.error_answer()
        metrics.message_answered(None, "error")
        return _respond("", 400)


def init_app(app: Flask) -> None:
    app.extensions["wechat_keys"] = Keyring.from_config(app.config)
    app.add_url_rule("/wechat", "wechat", wechat, methods=["GET", "POST"])
