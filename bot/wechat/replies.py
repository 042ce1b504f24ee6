"""Passive replies: text XML (plain or in the encrypted envelope), `success`, long-text split.

WeChat refuses a text message of 2048 bytes or more (UTF-8; about 680 Chinese characters),
passive or customer-service alike. `split_text` cuts long answers at line breaks into parts
that each stay under PART_LIMIT_BYTES; the first is the passive reply, the rest go out as
customer-service messages.
"""
from __future__ import annotations

from bot import clock
from bot.messages import Incoming

from .crypto import MessageCrypto

WECHAT_TEXT_LIMIT_BYTES = 2048  # a text must stay strictly under this
PART_LIMIT_BYTES = 2000  # margin for the "(1/3)" marks and CDATA escaping
EMPTY_REPLY = "success"  # stops WeChat's retries without showing anything


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(line: str, limit: int) -> list[str]:
    """A single line longer than the limit, cut at character boundaries."""
    pieces, current = [], ""
    for char in line:
        if _utf8_len(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return pieces + ([current] if current else [])


def split_text(text: str, limit: int = PART_LIMIT_BYTES) -> list[str]:
    """Parts under `limit` bytes each, cut between lines where possible, marked (1/n)."""
    if _utf8_len(text) <= limit:
        return [text]
    body_limit = limit - 16  # room for "（12/12）\n"
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if _utf8_len(candidate) <= body_limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if _utf8_len(line) <= body_limit:
            current = line
        else:
            *full, current = _cut(line, body_limit)
            parts.extend(full)
    if current:
        parts.append(current)
    total = len(parts)
    return [f"（{n}/{total}）\n{part}" for n, part in enumerate(parts, 1)]


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_xml(incoming: Incoming, content: str, now: int | None = None) -> str:
    """The passive text reply to `incoming` (our account's id is the message's ToUserName)."""
    account = str(incoming.raw.get("ToUserName") or "")
    return ("<xml>"
            f"<ToUserName>{_cdata(incoming.openid)}</ToUserName>"
            f"<FromUserName>{_cdata(account)}</FromUserName>"
            f"<CreateTime>{now or int(clock.timestamp())}</CreateTime>"
            "<MsgType><![CDATA[text]]></MsgType>"
            f"<Content>{_cdata(content)}</Content>"
            "</xml>")


def render(incoming: Incoming, content: str, crypto: MessageCrypto | None = None,
           nonce: str | None = None) -> str:
    """The HTTP body: `success` for an empty reply, else text XML (encrypted when `crypto`)."""
    if not content:
        return EMPTY_REPLY
    xml = text_xml(incoming, content)
    return crypto.envelope(xml, nonce=nonce) if crypto is not None else xml
