"""What `make chat` sends and reads: signed safe-mode XML to /wechat, the fake API's records.

The request is built the way WeChat builds it: plain XML, AES-encrypted into `<Encrypt>`,
`signature` over (token, timestamp, nonce) and `msg_signature` over those plus the ciphertext.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import requests
import xmltodict
from wechatpy.crypto import WeChatCrypto

from bot.fakewechat.rules import DROPPED_KEYS, shown_fields

from .. import clock


def new_msg_id() -> str:
    return str(time.time_ns() // 1000)  # 16 digits, unique per microsecond like WeChat's 64-bit ids


def text_message(text: str) -> dict[str, Any]:
    return {"MsgType": "text", "Content": text, "MsgId": new_msg_id()}


def voice_message(recognition: str) -> dict[str, Any]:
    return {"MsgType": "voice", "MediaId": f"dev-media-{secrets.token_hex(8)}", "Format": "amr",
            "Recognition": recognition, "MsgId": new_msg_id()}


def location_message(latitude: float, longitude: float, label: str = "") -> dict[str, Any]:
    return {"MsgType": "location", "Location_X": latitude, "Location_Y": longitude, "Scale": 15,
            "Label": label, "MsgId": new_msg_id()}


def event_message(event: str, key: str = "") -> dict[str, Any]:
    fields: dict[str, Any] = {"MsgType": "event", "Event": event}
    if key or event in ("CLICK", "VIEW", "SCAN"):
        fields["EventKey"] = key
    return fields


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def to_xml(fields: dict[str, Any]) -> str:
    parts = []
    for name, value in fields.items():
        body = str(value) if isinstance(value, (int, float)) else _cdata(str(value))
        parts.append(f"<{name}>{body}</{name}>")
    return "<xml>" + "".join(parts) + "</xml>"


def sha1_signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


@dataclass
class PassiveReply:
    status: int
    body: str
    fields: dict[str, Any] = field(default_factory=dict)  # decrypted reply XML, when there is one

    @property
    def empty(self) -> bool:
        return self.status == 200 and self.body.strip() in ("", "success")


class WebhookClient:
    """Sends one user's messages to /wechat in safe mode and decrypts the passive replies."""

    def __init__(self, url: str, token: str, aes_key: str, app_id: str, account_id: str,
                 timeout: float = 10.0, safe: bool = True):
        self.url = url
        self.safe = safe
        self.token = token
        self.account_id = account_id
        self.timeout = timeout
        self.crypto = WeChatCrypto(token, aes_key, app_id)
        self.http = requests.Session()
        self.http.trust_env = False  # never through a proxy: this is loopback only

    def build_request(self, openid: str, message: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        """The query parameters and body WeChat would POST for `message` from `openid`."""
        timestamp, nonce = str(int(clock.timestamp())), str(secrets.randbelow(10**10))
        plain = to_xml({"ToUserName": self.account_id, "FromUserName": openid,
                        "CreateTime": int(timestamp), **message})
        signature = sha1_signature(self.token, timestamp, nonce)
        if not self.safe:  # plaintext mode: the signature covers only token, timestamp, nonce
            params = {"signature": signature, "timestamp": timestamp, "nonce": nonce, "openid": openid}
            return params, plain.encode("utf-8")
        sealed = xmltodict.parse(self.crypto.encrypt_message(plain, nonce, timestamp))["xml"]
        body = (f"<xml><ToUserName>{_cdata(self.account_id)}</ToUserName>"
                f"<Encrypt>{_cdata(sealed['Encrypt'])}</Encrypt></xml>")
        params = {"signature": signature, "timestamp": timestamp,
                  "nonce": nonce, "openid": openid, "encrypt_type": "aes",
                  "msg_signature": sealed["MsgSignature"]}
        return params, body.encode("utf-8")

    def send(self, openid: str, message: dict[str, Any]) -> PassiveReply:
        params, body = self.build_request(openid, message)
        response = self.http.post(self.url, params=params, data=body,
                                  headers={"Content-Type": "text/xml"}, timeout=self.timeout)
        reply = PassiveReply(response.status_code, response.text)
        if response.status_code == 200 and not reply.empty:
            reply.fields = self.open_reply(response.text)
        return reply

    def open_reply(self, body: str) -> dict[str, Any]:
        outer = xmltodict.parse(body)["xml"]
        if "Encrypt" not in outer:
            return outer  # a plaintext reply (the edge may answer so in plaintext mode only)
        inner = self.crypto.decrypt_message(body, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"])
        return xmltodict.parse(inner)["xml"]


def describe_reply(fields: dict[str, Any]) -> str:
    kind = fields.get("MsgType", "?")
    if kind == "text":
        return fields.get("Content") or ""
    if kind == "news":
        items = (fields.get("Articles") or {}).get("item") or []
        items = items if isinstance(items, list) else [items]
        return "\n".join(f"[图文] {i.get('Title', '')} {i.get('Url', '')}".rstrip() for i in items)
    return f"[{kind}] {json.dumps(fields, ensure_ascii=False)}"


class FakeWeChat:
    """Client of the fake WeChat API's control endpoints."""

    def __init__(self, base_url: str, timeout: float = 5.0):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.http.trust_env = False

    def record_interaction(self, openid: str) -> None:
        """Tell the fake the user just wrote: it opens the 48-hour customer-service window."""
        response = self.http.post(f"{self.base}/_fake/interaction", json={"openid": openid},
                                  timeout=self.timeout)
        response.raise_for_status()

    def messages(self, openid: str, since_id: int = 0) -> list[dict[str, Any]]:
        response = self.http.get(f"{self.base}/_fake/messages",
                                 params={"openid": openid, "since_id": since_id}, timeout=self.timeout)
        response.raise_for_status()
        data = response.json()
        return data.get("messages", []) if isinstance(data, dict) else data

    def last_id(self, openid: str) -> int:
        return max((int(m.get("id", 0)) for m in self.messages(openid)), default=0)


def describe_push(record: dict[str, Any]) -> str:
    """One line (or a few) for a message the fake API received, whatever its envelope."""
    payload = next((record[k] for k in ("body", "payload", "json", "request") if isinstance(record.get(k), dict)),
                   record)
    error = record.get("errcode") or payload.get("errcode")
    prefix = f"(refused: errcode {error}) " if error else ""
    if "template_id" in payload:
        # As WeChat shows it since 2023-05-04: the keyword values, one a line, no first/remark.
        data = payload.get("data") or {}
        values = " | ".join(shown_fields(data))
        dropped = [k for k in data if k in DROPPED_KEYS]
        note = f" (微信不显示 {'/'.join(dropped)})" if dropped else ""
        url = f" → 详情 {payload['url']}" if payload.get("url") else ""
        return f"{prefix}[模板消息 {payload['template_id']}] {values}{url}{note}"
    if record.get("endpoint") == "mass":
        return prefix + "[群发] " + str(record.get("text", ""))
    kind = payload.get("msgtype") or record.get("kind") or record.get("type")
    if kind == "text" or "text" in payload:
        text = payload.get("text")
        return prefix + (text.get("content", "") if isinstance(text, dict) else str(text or ""))
    if kind == "news":
        articles = (payload.get("news") or {}).get("articles") or []
        return prefix + "\n".join(f"[图文] {a.get('title', '')} {a.get('url', '')}".rstrip() for a in articles)
    return prefix + json.dumps(payload, ensure_ascii=False)
