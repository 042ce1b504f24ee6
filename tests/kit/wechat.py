"""Test kit for the WeChat edge: message factories, signed requests, independent crypto.

    kit = WeChatKit(client)                       # token/AppID/key of WECHAT_SETTINGS
    response = kit.post(make_text("u1", "你好"), mode="safe")
    kit.reply(response)["Content"]

The crypto here is written from WeChat's published algorithm on `cryptography` primitives,
deliberately not sharing code with the app (which uses wechatpy), so each checks the other.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
import os
import struct
import time
from dataclasses import dataclass

import xmltodict
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot import clock

TOKEN = "pianqutong-test-token"
APP_ID = "wx1234567890abcdef"
AES_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"  # 43 characters: base64 of bytes 0..31
ACCOUNT = "gh_pianqutong001"  # our official account's original id (ToUserName)
# The kit posts plaintext by default while a key is set: that needs the explicit allowance.
WECHAT_SETTINGS = {"WECHAT_TOKEN": TOKEN, "WECHAT_APP_ID": APP_ID, "WECHAT_ENCODING_AES_KEY": AES_KEY,
                   "WECHAT_ALLOW_PLAINTEXT": True}

_msg_ids = itertools.count(int(time.time()) * 1000)
# Fresh per run: with the clock frozen the timestamp repeats, and a Redis replay store outlives a run.
_nonces = itertools.count(100000001 + int.from_bytes(os.urandom(3), "big") * 100)


def _cdata(value: str) -> str:
    return f"<![CDATA[{value}]]>"


def _message(openid: str, msg_type: str, fields: str, msg_id: str | None, create_time: int | None,
             with_msg_id: bool = True) -> str:
    created = create_time if create_time is not None else int(clock.timestamp())
    tail = f"<MsgId>{msg_id or next(_msg_ids)}</MsgId>" if with_msg_id else ""
    return (f"<xml><ToUserName>{_cdata(ACCOUNT)}</ToUserName>"
            f"<FromUserName>{_cdata(openid)}</FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType>{_cdata(msg_type)}</MsgType>"
            f"{fields}{tail}</xml>")


def make_text(openid: str, content: str, msg_id: str | None = None, create_time: int | None = None) -> str:
    return _message(openid, "text", f"<Content>{_cdata(content)}</Content>", msg_id, create_time)


def make_voice(openid: str, recognition: str | None = None, msg_id: str | None = None,
               media_id: str = "voice-media-1", create_time: int | None = None) -> str:
    """`recognition=None` sends an empty <Recognition/> as WeChat does when it heard nothing."""
    recognised = "<Recognition></Recognition>" if recognition is None else f"<Recognition>{_cdata(recognition)}</Recognition>"
    fields = f"<MediaId>{_cdata(media_id)}</MediaId><Format>{_cdata('amr')}</Format>{recognised}"
    return _message(openid, "voice", fields, msg_id, create_time)


def make_image(openid: str, media_id: str = "image-media-1", msg_id: str | None = None,
               create_time: int | None = None) -> str:
    fields = f"<PicUrl>{_cdata('http://mmbiz.qpic.cn/test.jpg')}</PicUrl><MediaId>{_cdata(media_id)}</MediaId>"
    return _message(openid, "image", fields, msg_id, create_time)


def make_location(openid: str, latitude: float, longitude: float, label: str = "",
                  msg_id: str | None = None, create_time: int | None = None) -> str:
    fields = (f"<Location_X>{latitude}</Location_X><Location_Y>{longitude}</Location_Y>"
              f"<Scale>15</Scale><Label>{_cdata(label)}</Label>")
    return _message(openid, "location", fields, msg_id, create_time)


def make_link(openid: str, title: str, url: str = "http://example.com/a", description: str = "",
              msg_id: str | None = None, create_time: int | None = None) -> str:
    fields = (f"<Title>{_cdata(title)}</Title><Description>{_cdata(description)}</Description>"
              f"<Url>{_cdata(url)}</Url>")
    return _message(openid, "link", fields, msg_id, create_time)


def make_video(openid: str, short: bool = False, media_id: str = "video-media-1",
               msg_id: str | None = None, create_time: int | None = None) -> str:
    fields = f"<MediaId>{_cdata(media_id)}</MediaId><ThumbMediaId>{_cdata('thumb-1')}</ThumbMediaId>"
    return _message(openid, "shortvideo" if short else "video", fields, msg_id, create_time)


def make_file(openid: str, title: str = "材料.pdf", msg_id: str | None = None,
              create_time: int | None = None) -> str:
    fields = (f"<Title>{_cdata(title)}</Title><Description>{_cdata('')}</Description>"
              f"<FileKey>{_cdata('key1')}</FileKey><FileMd5>{_cdata('d41d8cd98f00b204e9800998ecf8427e')}</FileMd5>"
              f"<FileTotalLen>1024</FileTotalLen>")
    return _message(openid, "file", fields, msg_id, create_time)


def make_event(openid: str, event: str, event_key: str | None = None, create_time: int | None = None,
               **extra: str) -> str:
    """An event; `extra` adds fields as given (Latitude=..., MsgID=..., Status=..., Ticket=...)."""
    fields = f"<Event>{_cdata(event)}</Event>"
    if event_key is not None:
        fields += f"<EventKey>{_cdata(event_key)}</EventKey>"
    for name, value in extra.items():
        fields += f"<{name}>{value}</{name}>"
    return _message(openid, "event", fields, None, create_time, with_msg_id=False)


def timing_slack() -> float:
    """How much to stretch a time limit on a loaded machine: WECHAT_TIMING_SLACK, or load per core."""
    if os.environ.get("WECHAT_TIMING_SLACK"):
        return float(os.environ["WECHAT_TIMING_SLACK"])
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


# --- crypto, straight from the published algorithm --------------------------------------

def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def _aes_key(encoding_aes_key: str) -> bytes:
    return base64.b64decode(encoding_aes_key + "=")


def kit_encrypt(encoding_aes_key: str, app_id: str, xml: str, random16: bytes | None = None) -> str:
    return kit_encrypt_bytes(encoding_aes_key, app_id.encode(), xml.encode(), random16)


def kit_encrypt_bytes(encoding_aes_key: str, app_id: bytes, body: bytes, random16: bytes | None = None,
                      length: int | None = None, padding: bytes | None = None) -> str:
    """Like `kit_encrypt` on bytes, with a forged length field or PKCS#7 padding if given."""
    key = _aes_key(encoding_aes_key)
    plain = (random16 or os.urandom(16)) + struct.pack(">I", len(body) if length is None else length)
    plain += body + app_id
    if padding is None:
        pad = 32 - len(plain) % 32
        padding = bytes([pad]) * pad
    plain += padding
    plain += b"\0" * (-len(plain) % 16)  # AES needs whole blocks whatever the padding says
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def kit_decrypt(encoding_aes_key: str, encrypt: str) -> tuple[str, str, bytes]:
    """(xml, app_id, random prefix) of a ciphertext; asserts the PKCS#7 padding is sound."""
    key = _aes_key(encoding_aes_key)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(base64.b64decode(encrypt)) + decryptor.finalize()
    pad = plain[-1]
    assert 1 <= pad <= 32 and plain[-pad:] == bytes([pad]) * pad, "bad PKCS#7 padding"
    plain = plain[:-pad]
    (length,) = struct.unpack(">I", plain[16:20])
    return plain[20:20 + length].decode(), plain[20 + length:].decode(), plain[:16]


# --- signed requests ----------------------------------------------------------------------

@dataclass
class Sent:
    response: object
    elapsed: float  # seconds, measured around the test-client call
    query: dict
    body: bytes

    @property
    def status(self) -> int:
        return self.response.status_code


class WeChatKit:
    """Signs and posts messages to /wechat as WeChat would, and reads the replies."""

    def __init__(self, client, token: str = TOKEN, app_id: str = APP_ID, aes_key: str = AES_KEY):
        self.client, self.token, self.app_id, self.aes_key = client, token, app_id, aes_key

    def signed(self, mode: str, xml: str, timestamp: int | None = None, nonce: str | None = None,
               app_id: str | None = None) -> tuple[dict, bytes]:
        """Query and body for `xml` in plain, compat (both forms) or safe (cipher only) mode."""
        ts = str(timestamp if timestamp is not None else int(clock.timestamp()))
        nonce = nonce or str(next(_nonces))
        query = {"signature": sign(self.token, ts, nonce), "timestamp": ts, "nonce": nonce,
                 "openid": _openid_of(xml)}
        if mode == "plain":
            return query, xml.encode()
        encrypt = kit_encrypt(self.aes_key, app_id or self.app_id, xml)
        query.update(encrypt_type="aes", msg_signature=sign(self.token, ts, nonce, encrypt))
        return query, envelope(mode, xml, encrypt)

    def send(self, query: dict, body: bytes, headers: dict | None = None) -> Sent:
        started = time.perf_counter()
        response = self.client.post("/wechat", query_string=query, data=body,
                                    content_type="text/xml", headers=headers or {})
        return Sent(response, time.perf_counter() - started, query, body)

    def post(self, xml: str, mode: str = "plain", **signing) -> Sent:
        return self.send(*self.signed(mode, xml, **signing))

    def verify_url(self, echostr: str, timestamp: int | None = None, signature: str | None = None) -> Sent:
        ts = str(timestamp if timestamp is not None else int(clock.timestamp()))
        nonce = str(next(_nonces))
        query = {"signature": signature or sign(self.token, ts, nonce), "timestamp": ts,
                 "nonce": nonce, "echostr": echostr}
        started = time.perf_counter()
        response = self.client.get("/wechat", query_string=query)
        return Sent(response, time.perf_counter() - started, query, b"")

    def reply(self, sent: Sent) -> dict:
        """The reply's fields ({} for `success`); encrypted replies are verified and decrypted."""
        assert sent.status == 200, sent.status
        text = sent.response.get_data(as_text=True)
        if text in ("success", ""):
            return {}
        fields = xmltodict.parse(text)["xml"]
        if "Encrypt" in fields:
            encrypt = fields["Encrypt"]
            assert fields["MsgSignature"] == sign(self.token, fields["TimeStamp"], fields["Nonce"], encrypt)
            xml, app_id, _ = kit_decrypt(self.aes_key, encrypt)
            assert app_id == self.app_id
            fields = xmltodict.parse(xml)["xml"]
        return fields

    def content(self, sent: Sent) -> str:
        """The reply's text ("" for `success`)."""
        return self.reply(sent).get("Content") or ""


def envelope(mode: str, xml: str, encrypt: str, element: str | None = None) -> bytes:
    """The body WeChat posts in safe mode (cipher only) or compat mode (plain fields and cipher)."""
    element = element or f"<Encrypt>{_cdata(encrypt)}</Encrypt>"
    if mode == "safe":
        return f"<xml><ToUserName>{_cdata(ACCOUNT)}</ToUserName>{element}</xml>".encode()
    if mode == "compat":
        head, _, _ = xml.rpartition("</xml>")
        return f"{head}{element}</xml>".encode()
    raise ValueError(mode)


def _openid_of(xml: str) -> str:
    start = xml.find("<FromUserName><![CDATA[")
    if start < 0:
        return ""
    start += len("<FromUserName><![CDATA[")
    return xml[start:xml.find("]]>", start)]
