"""Hypothesis strategies for messages with one defect each, and the status each deserves.

    broken = data.draw(message_specs().flatmap(breakages))
    body = broken.body()                        # 400 is owed, or 413 past the body cap

A defect is one of: a required field missing, empty, nested, repeated or too long; an openid,
CreateTime, MsgId or coordinate that is out of shape or range; a DTD or an undefined entity;
nesting or width past the parser's limits; a wrong root or junk after it; characters XML does
not allow; bytes that are not UTF-8; a body over the cap.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import strategies as st

from tests.kit.fuzz.messages import LAST_CREATE_TIME, MessageSpec, NAME, encoded


@dataclass(frozen=True)
class Broken:
    """A message with one defect and the status it deserves (413 wins when the body is over the cap)."""

    spec: MessageSpec
    defect: str
    status: int = 400
    suffix: str = ""  # after </xml>
    root: str = ""  # the root element's name instead of xml
    encoding: str = ""  # bytes that are not UTF-8

    def body(self) -> bytes:
        text = self.spec.render()
        if self.root:
            text = text.removesuffix("</xml>") + f"</{self.root}>"
        text += self.suffix
        if self.encoding == "utf-16":
            return text.encode("utf-16")
        if self.encoding == "latin-1":
            return text.replace("</xml>", "<Note>é</Note></xml>").encode("latin-1", errors="replace")
        if self.encoding == "gbk":
            return text.replace("</xml>", "<Note>中文</Note></xml>").encode("gbk", errors="replace")
        if self.encoding == "byte":
            return text.encode().replace(b"</xml>", b"<Note>\xff\xfe</Note></xml>")
        return text.encode()


BAD_OPENIDS = ["", "a b", "用户", "a/b", "a" * 65, "x<y", "o\u00e9", "-" * 65]
BAD_CREATE_TIMES = ["-1", "1.5", "", "1" * 13, str(LAST_CREATE_TIME + 1), "999999999999", "0x10",
                    "١٧٠٠٠٠٠٠٠٠", "²", "1e9", "+1"]
BAD_MSG_IDS = ["abc", "1" * 31, "-1", "1.0", "١٢٣", "１２３", "0x1"]
BAD_NUMBERS = ["nan", "NaN", "inf", "-inf", "1e400", "abc", "", "1" * 41, "1,5", "0x1p3", "200"]
BOUNDS = {"Location_X": 90, "Latitude": 90, "Location_Y": 180, "Longitude": 180}
DOCTYPES = ["<!DOCTYPE xml>", "<!doctype xml [<!ENTITY a 'b'>]>", "<!DOCTYPE xml SYSTEM 'http://127.0.0.1/x'>",
            "<! DOCTYPE xml>", '<!DOCTYPE xml [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>']
DEFECTS = ["drop", "openid", "to_user", "create_time", "msg_type", "msg_id", "coordinate", "nested",
           "duplicate", "too_long", "doctype", "undefined_entity", "deep", "wide", "root", "trailing",
           "control_char", "bad_char_ref", "not_utf8", "oversized"]


@st.composite
def breakages(draw, spec: MessageSpec) -> Broken:
    """`spec` with one defect the bot must refuse (400, or 413 past the body cap)."""
    kind = draw(st.sampled_from(DEFECTS))
    needed = ["FromUserName", "ToUserName", "CreateTime", "MsgType"] + (["Event"] if spec.event else [])
    if kind == "drop":
        return Broken(spec.without(draw(st.sampled_from(needed))), kind)
    if kind == "openid":
        return Broken(spec.with_field("FromUserName", draw(encoded(draw(st.sampled_from(BAD_OPENIDS))))[0]), kind)
    if kind == "to_user":
        return Broken(spec.with_field("ToUserName", draw(st.sampled_from(["", "  ", "g" * 65]))), kind)
    if kind == "create_time":
        return Broken(spec.with_field("CreateTime", draw(st.sampled_from(BAD_CREATE_TIMES))), kind)
    if kind == "msg_type":
        return Broken(spec.with_field("MsgType", draw(st.sampled_from(["", " ", "t" * 31]))), kind)
    if kind == "msg_id":
        # An event reads MsgID first (TEMPLATESENDJOBFINISH's spelling), then MsgId.
        name = "MsgID" if any(n == "MsgID" for n, _ in spec.fields) else "MsgId"
        return Broken(spec.with_field(name, draw(st.sampled_from(BAD_MSG_IDS))), kind)
    if kind == "coordinate":
        if spec.msg_type == "location":
            name = draw(st.sampled_from(["Location_X", "Location_Y"]))
        else:
            spec = (spec.with_field("MsgType", "event").with_field("Event", "LOCATION").without("MsgId")
                    .with_field("Latitude", "1").with_field("Longitude", "2"))
            name = draw(st.sampled_from(["Latitude", "Longitude"]))
        bound = BOUNDS[name]
        bad = draw(st.sampled_from(BAD_NUMBERS + [f"{bound}.001", f"-{bound + 1}", f"{bound}e1"]))
        return Broken(spec.with_field(name, bad), kind)
    if kind == "nested":
        return Broken(spec.with_field(draw(st.sampled_from(needed)), "<b>x</b>"), kind)
    if kind == "duplicate":
        name = draw(st.sampled_from(needed))
        inner = dict(spec.fields).get(name, "x")
        return Broken(replace(spec, fields=spec.fields + ((name, inner),)), kind)
    if kind == "too_long":
        name, limit = draw(st.sampled_from([("Content", 20000), ("MediaId", 200), ("Label", 300),
                                            ("Url", 1000), ("EventKey", 1000), ("Event", 40)]))
        spec = _carrying(spec, name)
        return Broken(spec.with_field(name, "<![CDATA[" + "长" * (limit + 1) + "]]>"), kind)
    if kind == "doctype":
        return Broken(replace(spec, prolog=spec.prolog.split("<!--")[0] + draw(st.sampled_from(DOCTYPES))), kind)
    if kind == "undefined_entity":
        return Broken(spec.with_field("ToUserName", "&lol;"), kind)
    if kind == "deep":  # <xml><Field> holds 4 levels more at most
        depth = draw(st.integers(5, 3000))
        return Broken(spec.with_field(draw(NAME), "<a>" * depth + "</a>" * depth), kind)
    if kind == "wide":
        return Broken(spec.with_field(draw(NAME), "<a/>" * draw(st.integers(256, 5000))), kind)
    if kind == "root":
        root = draw(st.sampled_from(["XML", "xml2", "message", "x:xml"]))
        return Broken(replace(spec, root_open=f"<{root}>"), kind, root=root)
    if kind == "trailing":
        return Broken(spec, kind, suffix=draw(st.sampled_from(["<xml></xml>", "junk", "<a>", "]]>", "&"])))
    if kind == "control_char":
        return Broken(spec.with_field("ToUserName", "gh\x01" + draw(st.sampled_from(["", "\x1b[31m", "\x0b"]))), kind)
    if kind == "bad_char_ref":
        return Broken(spec.with_field("ToUserName", draw(st.sampled_from(["&#0;", "&#1;", "&#xD800;", "&#xFFFE;",
                                                                           "&#x110000;", "&#99999999999;"]))), kind)
    if kind == "not_utf8":
        return Broken(spec, kind, encoding=draw(st.sampled_from(["utf-16", "latin-1", "gbk", "byte"])))
    pad = draw(st.integers(64 * 1024, 80 * 1024))
    return Broken(spec.with_field("Padding", "x" * pad), kind, status=413)


def _carrying(spec: MessageSpec, name: str) -> MessageSpec:
    """`spec` turned into a message type that reads `name`, so that its length is checked."""
    if name == "Content":
        return spec.with_field("MsgType", "text").without("Event")
    if name == "MediaId":
        return spec.with_field("MsgType", "image").without("Event")
    if name == "Label":
        return spec.with_field("MsgType", "location").with_field("Location_X", "1").with_field("Location_Y", "2")
    if name == "Url":
        return spec.with_field("MsgType", "link").without("Event")
    return spec.with_field("MsgType", "event").with_field("Event", "CLICK").without("MsgId")
