"""What WeChat posts to /wechat for a scripted step: the XML, signed as in plaintext mode."""
from __future__ import annotations

import hashlib
import itertools
import xml.etree.ElementTree as ET

ACCOUNT = "gh_pianqutong_eval"
_msg_ids = itertools.count(7_000_000_001)
_nonces = itertools.count(300000001)


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml(openid: str, msg_type: str, fields: str, created: int, with_msg_id: bool = True) -> str:
    tail = f"<MsgId>{next(_msg_ids)}</MsgId>" if with_msg_id else ""
    return (f"<xml><ToUserName>{_cdata(ACCOUNT)}</ToUserName><FromUserName>{_cdata(openid)}</FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType>{_cdata(msg_type)}</MsgType>{fields}{tail}</xml>")


def text_xml(openid: str, text: str, created: int) -> str:
    return _xml(openid, "text", f"<Content>{_cdata(text)}</Content>", created)


def voice_xml(openid: str, recognition: str, created: int) -> str:
    fields = (f"<MediaId>{_cdata('eval-voice')}</MediaId><Format>{_cdata('amr')}</Format>"
              f"<Recognition>{_cdata(recognition)}</Recognition>")
    return _xml(openid, "voice", fields, created)


def location_xml(openid: str, latitude: float, longitude: float, label: str, created: int) -> str:
    fields = (f"<Location_X>{float(latitude)}</Location_X><Location_Y>{float(longitude)}</Location_Y>"
              f"<Scale>15</Scale><Label>{_cdata(label)}</Label>")
    return _xml(openid, "location", fields, created)


def event_xml(openid: str, spec: str, created: int) -> str:
    """`subscribe`, `unsubscribe`, or `click:KEY` (a menu click)."""
    name, _, key = spec.partition(":")
    if name.lower() == "click":
        fields = f"<Event>{_cdata('CLICK')}</Event><EventKey>{_cdata(key)}</EventKey>"
    else:
        fields = f"<Event>{_cdata(name)}</Event>" + (f"<EventKey>{_cdata(key)}</EventKey>" if key else "")
    return _xml(openid, "event", fields, created, with_msg_id=False)


def signed_query(token: str, openid: str, at: int) -> dict[str, str]:
    """The query WeChat adds: signature over token, timestamp (`at`: the world's clock) and nonce."""
    timestamp, nonce = str(at), str(next(_nonces))
    signature = hashlib.sha1("".join(sorted((token, timestamp, nonce))).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce, "openid": openid}


def reply_text(body: str) -> str:
    """The text of a passive reply ("" for `success` or an empty body)."""
    body = body.strip()
    if not body.startswith("<xml>"):
        return ""
    root = ET.fromstring(body)
    return root.findtext("Content") or ""

