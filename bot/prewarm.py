"""The message path run on sample messages in gunicorn's master before the fork, nothing kept.

Issue 17: a worker forked from a preloaded master (bot/preload.py) still unshared ~10 MB of the
master's pages on its first messages, whatever they said: CPython 3.11 rewrites a function's
bytecode in place as it specialises it (its first calls), and tables and caches built on first use
(SQLAlchemy's compiled statements, the kept statements, the sender's query, the guides' cache, the
dispatcher's index) were built by each worker. Running the path here first does all that once,
in pages the workers then share.

What runs, for each sample text from one made-up openid:
- the request's checks in a request context: body, query, signature, parse (no thread, no
  database: `answer_within_budget` is not called, its thread pool must not exist before a fork);
- in one transaction on one connection, rolled back at the end: the replay guard, the rate
  counter, the claim, `handle_incoming` in its own session (a savepoint), the reply stored;
- the passive reply rendered.
Redis is left alone (the dialog is kept in the database meanwhile: its rows go with the
rollback), so is the WeChat API. Afterwards the engine drops its connection, so that no worker
inherits one. Any failure (the database down at start) is logged, and the start goes on.
"""
from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy.orm import Session

from . import clock, limits
from .conversation import handle_incoming
from .inbound import claim_on_connection, store_reply
from .reply_runner import reply_parts
from .wechat import replay
from .wechat.replies import render
from .wechat.signature import make_signature

log = logging.getLogger(__name__)

OPENID = "o-prewarm-before-fork"
# Villagers' kinds of message (written for this warm-up): greetings, a matter asked in several
# ways and its numbered follow-ups, a village named, the lists and records, small talk.
SAMPLES = ("你好", "低保咋办", "俺娘想办残疾证 要带啥", "1", "2", "在哪办", "高龄补贴咋领",
           "我是代村的", "医保报销找谁", "最近有啥志愿活动", "我的预约", "帮俺代办个事", "谢谢",
           "嗯嗯", "好的", "在吗", "宅基地咋批呢", "下周三上午能调解吗", "取消", "俺不会弄")
ROUNDS = 2  # each path a few times: CPython specialises a function after its first calls


def _xml(text: str, msg_id: int, timestamp: int) -> str:
    return (f"<xml><ToUserName><![CDATA[gh_prewarm]]></ToUserName>"
            f"<FromUserName><![CDATA[{OPENID}]]></FromUserName><CreateTime>{timestamp}</CreateTime>"
            f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>"
            f"<MsgId>{msg_id}</MsgId></xml>")


def _parsed(app: Flask, text: str, msg_id: int):
    """`text` as the webhook reads a signed plaintext POST of it: the Incoming, and its replay guard."""
    from . import webhook

    timestamp, nonce = str(int(clock.timestamp())), f"{msg_id}"
    body = _xml(text, msg_id, int(timestamp)).encode()
    signature = make_signature(app.config["WECHAT_TOKEN"], timestamp, nonce)
    query = urlencode({"signature": signature, "timestamp": timestamp, "nonce": nonce, "openid": OPENID})
    with app.test_request_context(f"/wechat?{query}", method="POST", data=body,
                                  content_type="text/xml"):
        try:
            body = webhook._read_body()
            timestamp, nonce = webhook._signed_query()
            incoming, _, used = webhook._verify_and_parse(body, timestamp, nonce)
        except webhook.Refused:  # plaintext refused here (safe mode only): parse it alone
            from .wechat.parsing import parse_message

            incoming, used = parse_message(body.decode()), signature
    guard = (replay.query_key(used, timestamp, nonce), replay.body_digest(body), int(timestamp))
    return incoming, guard


def _one(app: Flask, connection, text: str, msg_id: int) -> None:
    incoming, (key, digest, timestamp) = _parsed(app, text, msg_id)
    now = clock.now()
    skew = app.config["TIMESTAMP_SKEW_SECONDS"]
    replay.check_on_connection(connection, key, digest, now, replay.keep_until(timestamp, skew))
    limits.message_allowed(connection, None, incoming.openid, now)  # past the cap: handled all the same
    claim = claim_on_connection(connection, incoming, now)
    # As the handler's session (bot/db.py), joining the outer transaction through a savepoint.
    with Session(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint") as session:
        reply = handle_incoming(session, incoming, now)
        parts = reply_parts(reply)
        store_reply(session, claim.inbound_id, incoming.openid, parts, deferred=False, action=reply.action,
                    guide=reply.guide)
        session.commit()  # the savepoint only
    render(incoming, parts[0], None, str(msg_id))


def warm_message_path(app: Flask) -> bool:
    """Run the samples through the message path; nothing is stored. True when all ran."""
    database = app.extensions["db"]
    redis_client = app.extensions.pop("redis", None)  # the dialog in the database, rolled back
    msg_id = int(hashlib.sha1(OPENID.encode()).hexdigest()[:12], 16)
    try:
        with app.app_context(), database.engine.connect() as connection:
            transaction = connection.begin()
            try:
                for round_ in range(ROUNDS):
                    for n, text in enumerate(SAMPLES):
                        _one(app, connection, text, msg_id + round_ * len(SAMPLES) + n)
            finally:
                transaction.rollback()
        return True
    except Exception:
        log.warning("the message path could not be run before the fork; workers warm up on their own",
                    exc_info=True)
        return False
    finally:
        if redis_client is not None:
            app.extensions["redis"] = redis_client
        database.engine.dispose()
