"""Untrusted XML → `bot.messages.Incoming`, refusing anything hostile or malformed.

Every failure is a `MalformedMessage` (the webhook answers 400): a body that is not UTF-8,
declares a DOCTYPE or an ENTITY, does not parse, is deeper or wider than any WeChat message,
is not the `<xml>` shape, or lacks the fields its type needs. Parsing is expat with DTDs and
entities refused and limits enforced while it reads (xmltodict spends ~3 µs per element and
only refuses entities after the fact, by raising ValueError); no parser error escapes.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from xml.parsers import expat

from bot.messages import Incoming

_HOSTILE = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Safe mode: the one `<Encrypt>` value, read with a bounded pattern (no XML parser) so that
# nothing but base64 is looked at before `msg_signature` is verified.
_ENCRYPT_VALUE = re.compile(r"[A-Za-z0-9+/=]{1,60000}")
_ENCRYPT = re.compile(r"<Encrypt>\s*(?:<!\[CDATA\[)?([A-Za-z0-9+/=]{1,60000})(?:\]\]>)?\s*</Encrypt>")
_OPENID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
# ASCII digits only: `\d` and str.isdigit() also take other scripts' digits ("١٢٣", "²").
_DIGITS = re.compile(r"[0-9]{1,30}")

# WeChat MsgType → Incoming.kind (shortvideo is a video to the villager).
KINDS = {
    "text": "text", "voice": "voice", "image": "image", "location": "location",
    "link": "link", "video": "video", "shortvideo": "video", "file": "file", "event": "event",
}


class MalformedMessage(ValueError):
    """The body is not a message we accept (→ 400)."""


def _mask_cdata(text: str) -> str:
    """`text` with the contents of its CDATA sections blanked out (same length, same offsets).

    What a message says is not markup: a villager may well type "<!DOCTYPE html>" or
    "<Encrypt>", and WeChat sends it inside CDATA. Linear time; an unterminated section is
    left as it is (the parser refuses it).
    """
    masked, at = [], 0
    while (start := text.find("<![CDATA[", at)) >= 0:
        end = text.find("]]>", start + 9)
        if end < 0:
            break
        masked.append(text[at:start + 9] + "x" * (end - start - 9))
        at = end
    masked.append(text[at:])
    return "".join(masked)


def _refuse_declarations(text: str) -> None:
    # A cheap early refusal; expat's handlers in _load refuse any DTD that gets past it. Masking
    # only blanks characters to "x" (in no declaration's name), so a text with no match has none
    # masked either: the masking is done only when the plain text matches (a villager's words).
    if _HOSTILE.search(text) and _HOSTILE.search(_mask_cdata(text)):
        raise MalformedMessage("DOCTYPE/ENTITY refused")


def decode_body(body: bytes) -> str:
    """UTF-8 text of a body that declares no DOCTYPE/ENTITY (checked before any parsing)."""
    if not body.strip():
        raise MalformedMessage("empty body")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedMessage("body is not UTF-8") from exc
    _refuse_declarations(text)
    return text


def extract_encrypt(text: str) -> str:
    """The `<Encrypt>` value of a safe/compatible-mode body (exactly one is accepted).

    The element is found in the body with its CDATA contents blanked out, so that a compat-mode
    message whose text says "<Encrypt>" is not taken for a second one; its value is then read
    from the body itself, and must be base64 characters.
    """
    masked = _mask_cdata(text)
    found = list(_ENCRYPT.finditer(masked))
    if len(found) != 1 or masked.count("<Encrypt>") != 1:
        raise MalformedMessage("expected exactly one <Encrypt>")
    value = text[found[0].start(1):found[0].end(1)]
    if not _ENCRYPT_VALUE.fullmatch(value):
        raise MalformedMessage("<Encrypt> is not base64 text")
    return value


class _Refuse(Exception):
    pass


def _refuse(*_args) -> None:
    raise _Refuse("DTD or entity declaration")


class _TreeBuilder:
    """expat callbacks building nested dicts, with limits on depth and number of elements.

    WeChat's messages are flat or nearly so (menu events nest a few levels); a body that
    is deep or wide is refused as soon as it crosses a limit, so its cost stays tiny.
    """

    MAX_DEPTH = 6
    MAX_ELEMENTS = 256

    def __init__(self) -> None:
        self.stack: list[tuple[str, dict, list[str]]] = []
        self.root: dict | None = None
        self.elements = 0

    def start(self, name: str, _attributes) -> None:
        self.elements += 1
        if len(self.stack) >= self.MAX_DEPTH or self.elements > self.MAX_ELEMENTS:
            raise _Refuse("too deep or too many elements")
        self.stack.append((name, {}, []))

    def end(self, name: str) -> None:
        _, children, texts = self.stack.pop()
        value: dict | str | None = children or ("".join(texts) if texts else None)
        if not self.stack:
            self.root = {name: value}
            return
        siblings = self.stack[-1][1]
        if name in siblings:  # repeated element: a list, as xmltodict would give
            previous = siblings[name]
            siblings[name] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            siblings[name] = value

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1][2].append(text)


def _load(text: str) -> dict:
    builder = _TreeBuilder()
    parser = expat.ParserCreate(encoding="utf-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(text.encode("utf-8"), True)
    except Exception as exc:  # ExpatError, our refusals, anything else from the parser
        raise MalformedMessage(f"unparsable XML: {type(exc).__name__}: {exc}") from exc
    doc = builder.root
    if not doc or list(doc) != ["xml"] or not isinstance(doc["xml"], dict):
        raise MalformedMessage("root element must be <xml> with fields")
    return doc["xml"]


def _text(fields: dict, name: str, limit: int = 4000) -> str:
    """A plain field's value ("" when absent or empty); nested or repeated → malformed."""
    value = fields.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedMessage(f"field {name} is not a plain value")
    if name != "Content":
        value = value.strip()
    if len(value) > limit:
        raise MalformedMessage(f"{name} too long")
    return value


def _coordinate(fields: dict, name: str, bound: float) -> float:
    try:
        value = float(_text(fields, name, 40))
    except ValueError as exc:
        raise MalformedMessage(f"{name} is not a number") from exc
    if not math.isfinite(value) or abs(value) > bound:
        raise MalformedMessage(f"{name} out of range")
    return value


def parse_message(text: str) -> Incoming:
    """Parse one decrypted (or plaintext) message. Call `decode_body` on raw bytes first."""
    _refuse_declarations(text)
    fields = _load(text)
    openid = _text(fields, "FromUserName")
    if not _OPENID.fullmatch(openid) or not _text(fields, "ToUserName", 64):
        raise MalformedMessage("bad FromUserName/ToUserName")
    created = _text(fields, "CreateTime", 12)
    if not _DIGITS.fullmatch(created):
        raise MalformedMessage("bad CreateTime")
    try:
        created_at = datetime.fromtimestamp(int(created), timezone.utc)
    except (OverflowError, OSError, ValueError) as exc:  # past the year 9999
        raise MalformedMessage("CreateTime out of range") from exc
    msg_type = _text(fields, "MsgType", 30)
    if not msg_type:
        raise MalformedMessage("no MsgType")
    kind = KINDS.get(msg_type, "unknown")
    common = dict(openid=openid, kind=kind, created_at=created_at, raw=dict(fields))
    if kind == "event":
        return _event(fields, common)
    msg_id = _text(fields, "MsgId", 30)
    if msg_id and not _DIGITS.fullmatch(msg_id):
        raise MalformedMessage("bad MsgId")
    common["msg_id"] = msg_id
    if kind == "text":
        return Incoming(text=_text(fields, "Content", 20000), **common)
    if kind == "voice":
        # Recognition is absent when voice-to-text is off, and None when recognition failed.
        return Incoming(text=_text(fields, "Recognition"), media_id=_text(fields, "MediaId", 200), **common)
    if kind == "image":
        return Incoming(media_id=_text(fields, "MediaId", 200), url=_text(fields, "PicUrl", 1000), **common)
    if kind == "location":
        return Incoming(latitude=_coordinate(fields, "Location_X", 90),
                        longitude=_coordinate(fields, "Location_Y", 180),
                        label=_text(fields, "Label", 300), **common)
    if kind == "link":
        return Incoming(label=_text(fields, "Title", 300), url=_text(fields, "Url", 1000), **common)
    if kind in ("video", "file"):
        return Incoming(media_id=_text(fields, "MediaId", 200), label=_text(fields, "Title", 300), **common)
    return Incoming(**common)


def _event(fields: dict, common: dict) -> Incoming:
    event = _text(fields, "Event", 40)
    if not event:
        raise MalformedMessage("event without Event")
    extra: dict = {}
    if event == "LOCATION":
        extra = dict(latitude=_coordinate(fields, "Latitude", 90),
                     longitude=_coordinate(fields, "Longitude", 180))
    # TEMPLATESENDJOBFINISH spells its id `MsgID`.
    msg_id = _text(fields, "MsgID", 30) or _text(fields, "MsgId", 30)
    if msg_id and not _DIGITS.fullmatch(msg_id):
        raise MalformedMessage("bad MsgID")
    return Incoming(event=event, event_key=_text(fields, "EventKey", 1000), msg_id=msg_id, **extra, **common)


def dedupe_key(incoming: Incoming) -> str:
    """`msg:<openid>:<MsgId>` for messages, `evt:<openid>:<CreateTime>:<Event>` for events.

    Two template jobs can finish for one user in the same second, so an event that carries
    its own id (TEMPLATESENDJOBFINISH's MsgID) adds it.
    """
    created = int(incoming.created_at.timestamp())
    if incoming.kind == "event":
        key = f"evt:{incoming.openid}:{created}:{incoming.event}"
        return f"{key}:{incoming.msg_id}" if incoming.msg_id else key
    if incoming.msg_id:
        return f"msg:{incoming.openid}:{incoming.msg_id}"
    return f"msg:{incoming.openid}:t{created}:{incoming.kind}"
