"""The bare "echo" app for the webhook benchmark: the same stack (gunicorn, Flask, wechatpy)
with no database, routing or handlers — verify, decrypt, parse, echo the text back."""
from __future__ import annotations

import os

from flask import Flask, request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

TOKEN = os.environ.get("WECHAT_TOKEN", "dev-token")
AES_KEY = os.environ.get("WECHAT_ENCODING_AES_KEY", "")
APP_ID = os.environ.get("WECHAT_APP_ID", "wxdev0000000000000")

app = Flask(__name__)
crypto = WeChatCrypto(TOKEN, AES_KEY, APP_ID) if AES_KEY else None


@app.post("/wechat")
def echo():
    args = request.args
    check_signature(TOKEN, args["signature"], args["timestamp"], args["nonce"])
    body = request.get_data()
    if args.get("encrypt_type") == "aes":
        body = crypto.decrypt_message(body, args["msg_signature"], args["timestamp"], args["nonce"])
    message = parse_message(body)
    reply = TextReply(content=getattr(message, "content", "") or "ok", message=message).render()
    if args.get("encrypt_type") == "aes":
        reply = crypto.encrypt_message(reply, args["nonce"], args["timestamp"])
    return reply, 200, {"Content-Type": "application/xml"}
