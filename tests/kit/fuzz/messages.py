"""Hypothesis strategies for WeChat message XML: every kind, written as oddly as XML allows.

    spec = data.draw(message_specs())           # every MsgType and Event, odd values, odd XML
    xml = spec.render()                         # each spec has an openid and MsgId of its own
    body = data.draw(mangled(spec))             # spans cut, repeated, flipped: anything

A spec's values are written in CDATA (with `]]>` split), as escaped text, as character
references, or a mix; `encoded` also returns what a conforming parser reads back, so a test
can compare what the bot stored with what was sent. Messages with one defect each are in
fuzz_defects.py.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from bot import clock

_unique = itertools.count(int(time.time() * 1000) % 10**9 * 1000)


def unique_id() -> int:
    """A number no other example uses (drawn ids could repeat and meet the dedupe)."""
    return next(_unique)
LAST_CREATE_TIME = 253402300799  # 9999-12-31T23:59:59Z: the last second a datetime can hold
FIELDS_READ = {"ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "MsgID", "Content",
               "Recognition", "MediaId", "PicUrl", "Location_X", "Location_Y", "Label", "Title",
               "Url", "Event", "EventKey", "Latitude", "Longitude", "Status", "Encrypt"}

# XML 1.0 characters (no C0 controls but tab/newlines, no surrogates, no U+FFFE/FFFF).
XML_CHARS = st.one_of(
    st.characters(min_codepoint=0x20, exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"),
    st.sampled_from("\t\n\r"))
TRICKS = ["]]>", "<![CDATA[", "]]]]><![CDATA[>", "</Content>", "<xml>", "</xml>", "<!DOCTYPE html>",
          "<!ENTITY x 'y'>", "<Encrypt>", "&amp;", "&lt;", "&#0;", "\r\n", "\u202e", "\ufeff",
          "\U0001F600", "俺", "𠀀", "\x85", "\u2028", "\u3000", "%s", "{0}", "'", '"', "\\", "低保咋办",
          "菜单", "1", "9", "取消", "人工", "我是代村的"]
ASCII_WORD = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", min_size=1, max_size=12)
NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,15}", fullmatch=True).filter(lambda n: n not in FIELDS_READ)
SPACE = st.sampled_from(["", " ", "\n  ", "\t", "\r\n"])


def text_values(max_pieces: int = 6) -> st.SearchStrategy[str]:
    trick = st.sampled_from(TRICKS)
    return st.lists(st.one_of(st.text(XML_CHARS, max_size=12), trick, trick), max_size=max_pieces).map("".join)


def xml_lines(text: str) -> str:
    """XML's end-of-line handling: what a parser reads for literal \\r\\n and \\r."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@st.composite
def encoded(draw, value: str) -> tuple[str, str]:
    """(XML fragment, the value a parser reads back) for `value`: CDATA, escaped, char refs, mixed."""
    cuts = sorted(draw(st.lists(st.integers(0, len(value)), max_size=3)))
    fragment, read = [], []
    for start, end in zip([0, *cuts], [*cuts, len(value)]):
        piece = value[start:end]
        style = draw(st.sampled_from(["cdata", "escaped", "refs"]))
        if style == "cdata":
            fragment.append("<![CDATA[" + piece.replace("]]>", "]]]]><![CDATA[>") + "]]>")
            read.append(xml_lines(piece))
        elif style == "escaped":
            fragment.append(escape(piece, {"\r": "&#13;"}))
            read.append(piece)
        else:
            fragment.append("".join(f"&#{ord(c)};" if ord(c) % 2 else f"&#x{ord(c):X};" for c in piece))
            read.append(piece)
    return "".join(fragment), "".join(read)


@st.composite
def plain(draw, value: str) -> str:
    """A value the bot strips (ids, numbers, names): written any way, with blanks around it."""
    fragment, _ = draw(encoded(value))
    return draw(SPACE) + fragment + draw(SPACE)


@dataclass(frozen=True)
class MessageSpec:
    """One message as (element name, inner XML) pairs, with what the bot must make of it."""

    fields: tuple[tuple[str, str | None], ...]
    openid: str
    msg_type: str  # MsgType as the bot reads it
    account: str  # ToUserName as a parser reads it: the reply comes from it
    event: str = ""
    content: str | None = None  # Content as a parser reads it (text messages)
    prolog: str = ""  # XML declaration, comments, BOM before <xml>
    root_open: str = "<xml>"
    separators: tuple[str, ...] = ()  # what goes between fields (blanks, comments)

    def render(self) -> str:
        parts = []
        for n, (name, inner) in enumerate(self.fields):
            sep = self.separators[n % len(self.separators)] if self.separators else ""
            parts.append(sep + (f"<{name}/>" if inner is None else f"<{name}>{inner}</{name}>"))
        return self.prolog + self.root_open + "".join(parts) + "</xml>"

    def without(self, name: str) -> "MessageSpec":
        return replace(self, fields=tuple(f for f in self.fields if f[0] != name))

    def with_field(self, name: str, inner: str | None) -> "MessageSpec":
        """`name` set to `inner` (replacing it if present, else added at the end)."""
        if any(n == name for n, _ in self.fields):
            return replace(self, fields=tuple((n, inner if n == name else v) for n, v in self.fields))
        return replace(self, fields=self.fields + ((name, inner),))


def numbers(low: float, high: float) -> st.SearchStrategy[str]:
    """A number in [low, high] written as WeChat would, or in any other form float() reads."""
    value = st.floats(low, high, allow_nan=False, allow_infinity=False)
    return st.one_of(
        value.map(repr), value.map(lambda v: f"{v:.6f}"), value.map(lambda v: f"{v:e}"),
        st.integers(int(low), int(high)).map(lambda v: f"+{v}" if v >= 0 else str(v)),
        st.sampled_from(["0", "-0", "0.0", f"{high}", f"{low}", "1_0"]))


EVENTS = ["subscribe", "unsubscribe", "SCAN", "CLICK", "VIEW", "LOCATION", "TEMPLATESENDJOBFINISH",
          "MASSSENDJOBFINISH", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "location_select",
          "view_miniprogram", "user_get_card", "subscribe_msg_popup_event"]
MENU_KEYS = ["MENU_GUIDES", "MENU_ERRAND", "MENU_MEDIATION", "MENU_VOLUNTEER", "MENU_NEED",
             "MENU_CANTEEN", "MENU_AFFAIRS", "MENU_THEME", "MENU_STATUS", "MENU_HUMAN", "MENU_HELP"]


@st.composite
def _event_fields(draw, event: str, msg_id: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if event in ("subscribe", "SCAN"):
        if draw(st.booleans()):
            scene = draw(st.one_of(ASCII_WORD, text_values(3)))
            key = ("qrscene_" if event == "subscribe" else "") + scene
            fields += [("EventKey", draw(encoded(key))[0]), ("Ticket", draw(plain("gQH47joAAAAA")))]
    elif event == "CLICK":
        key = draw(st.one_of(st.sampled_from(MENU_KEYS), text_values(3)))
        fields.append(("EventKey", draw(encoded(key))[0]))
    elif event == "VIEW":
        fields.append(("EventKey", draw(encoded("https://example.com/" + draw(text_values(2))))[0]))
    elif event == "LOCATION":
        fields += [("Latitude", draw(plain(draw(numbers(-90, 90))))),
                   ("Longitude", draw(plain(draw(numbers(-180, 180))))),
                   ("Precision", draw(plain(draw(numbers(0, 10000)))))]
    elif event in ("TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH"):
        fields += [("MsgID", draw(plain(msg_id))),
                   ("Status", draw(encoded(draw(st.sampled_from(["success", "failed:user block",
                                                                 "failed: system failed"]))))[0])]
    elif event in ("scancode_push", "scancode_waitmsg"):
        fields += [("EventKey", "<![CDATA[rselfmenu_0_1]]>"),
                   ("ScanCodeInfo", "<ScanType>qrcode</ScanType><ScanResult>"
                                    + draw(encoded(draw(text_values(2))))[0] + "</ScanResult>")]
    elif event == "pic_sysphoto":
        fields.append(("SendPicsInfo", "<Count>1</Count><PicList><item><PicMd5Sum>"
                                       "1b5f7c23b5bf75682a53e7b6d163e185</PicMd5Sum></item></PicList>"))
    elif event == "location_select":
        fields.append(("SendLocationInfo", "<Location_X>23</Location_X><Location_Y>113</Location_Y>"
                                           "<Scale>15</Scale><Label><![CDATA[ 广州市 ]]></Label>"))
    return fields


@st.composite
def _kind_fields(draw, msg_type: str) -> tuple[list[tuple[str, str]], str | None]:
    """The fields of one MsgType, and the Content a text message carries."""
    media = lambda: plain(draw(ASCII_WORD))  # noqa: E731
    if msg_type == "text":
        value = draw(st.one_of(text_values(), text_values(12),
                               st.text(XML_CHARS, min_size=500, max_size=2000)))
        fragment, read = draw(encoded(value))
        return [("Content", fragment)], read
    if msg_type == "voice":
        fields = [("MediaId", draw(media())), ("Format", "<![CDATA[amr]]>")]
        recognition = draw(st.one_of(st.none(), st.just(""), text_values()))
        if recognition is not None:
            fields.append(("Recognition", draw(encoded(recognition))[0]))
        return fields, None
    if msg_type == "image":
        return [("PicUrl", draw(encoded("http://mmbiz.qpic.cn/" + draw(text_values(2))))[0]),
                ("MediaId", draw(media()))], None
    if msg_type == "location":
        return [("Location_X", draw(plain(draw(numbers(-90, 90))))),
                ("Location_Y", draw(plain(draw(numbers(-180, 180))))),
                ("Scale", "15"), ("Label", draw(encoded(draw(text_values(3))))[0])], None
    if msg_type == "link":
        return [("Title", draw(encoded(draw(text_values(3))))[0]),
                ("Description", draw(encoded(draw(text_values())))[0]),
                ("Url", draw(encoded("http://example.com/" + draw(text_values(2))))[0])], None
    if msg_type in ("video", "shortvideo"):
        return [("MediaId", draw(media())), ("ThumbMediaId", draw(media()))], None
    if msg_type == "file":
        return [("Title", draw(encoded(draw(text_values(3))))[0]), ("FileKey", draw(media())),
                ("FileMd5", "<![CDATA[d41d8cd98f00b204e9800998ecf8427e]]>"), ("FileTotalLen", "1024")], None
    return [("Content", draw(encoded(draw(text_values(3))))[0])], None  # an unknown MsgType


MSG_TYPES = ["text", "voice", "image", "location", "link", "video", "shortvideo", "file", "event",
             "miniprogrampage", "music", "news"]


@st.composite
def message_specs(draw, msg_types: list[str] | None = None) -> MessageSpec:
    """A message WeChat could send, written as oddly as XML allows; the bot must answer 200."""
    msg_type = draw(st.sampled_from(msg_types or MSG_TYPES))
    unique = unique_id()
    openid = (draw(st.from_regex(r"[A-Za-z0-9_\-]{0,40}", fullmatch=True)) + f"-{unique}")[-64:]
    msg_id = str(unique).zfill(draw(st.integers(1, 30)))
    created = draw(st.one_of(
        st.integers(0, LAST_CREATE_TIME),
        st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**32, LAST_CREATE_TIME, int(clock.timestamp())])))
    created_text = str(created).zfill(draw(st.integers(1, 12)))
    account = draw(st.sampled_from(["gh_pianqutong001", "gh_x", "g" * 64, " gh 片区通 ]]> & "]))
    account_xml, account = draw(encoded(account))
    fields = [("ToUserName", account_xml),
              ("FromUserName", draw(plain(openid))),
              ("CreateTime", draw(plain(created_text))),
              ("MsgType", draw(plain(msg_type)))]
    event, content = "", None
    if msg_type == "event":
        event = draw(st.sampled_from(EVENTS))
        fields.append(("Event", draw(plain(event))))
        fields += draw(_event_fields(event, msg_id))
    else:
        kind_fields, content = draw(_kind_fields(msg_type))
        fields += kind_fields
        if draw(st.integers(0, 4)):  # WeChat always sends MsgId; without it the time is the key
            fields.append(("MsgId", draw(plain(msg_id))))
    for _ in range(draw(st.integers(0, 3))):  # fields we do not know, maybe empty or with attributes
        name = draw(NAME)
        value = draw(st.one_of(st.none(), text_values(3).flatmap(encoded).map(lambda e: e[0])))
        fields.append((name, value))
    fields = list(draw(st.permutations(fields)))
    prolog = draw(st.sampled_from(["", '<?xml version="1.0" encoding="utf-8"?>\n', "<!-- 注释 -->",
                                   "<?xml version='1.0'?><?pi data?>", " \n"]))
    root_open = draw(st.sampled_from(["<xml>", "<xml >", '<xml a="1">', "<xml\n>"]))
    separators = tuple(draw(st.lists(st.sampled_from(["", "\n", " \t ", "<!-- c -->", "<?pi x?>"]),
                                     max_size=3)))
    return MessageSpec(tuple(fields), openid, msg_type, account, event, content, prolog, root_open, separators)


@st.composite
def mangled(draw, spec: MessageSpec) -> bytes:
    """A valid message's bytes with random spans cut, repeated or replaced: anything may come out."""
    data = bytearray(spec.render().encode())
    for _ in range(draw(st.integers(1, 4))):
        # Positions as fractions: the body's length varies with the unique ids, the draws must not.
        start = draw(st.integers(0, 10**6)) * len(data) // 10**6
        end = min(len(data), start + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["cut", "repeat", "insert", "flip"]))
        if action == "cut":
            del data[start:end]
        elif action == "repeat":
            data[start:start] = data[start:end] * draw(st.integers(1, 50))
        elif action == "insert":
            data[start:start] = draw(st.one_of(st.binary(max_size=20),
                                               st.sampled_from(TRICKS).map(str.encode)))
        elif start < len(data):
            data[start] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


ANY_BODY = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.sampled_from([b"", b" ", b"<xml/>", b"<xml></xml>", b"<xml>x</xml>", b"\xef\xbb\xbf<xml/>"]))
