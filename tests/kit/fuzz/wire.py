"""Hypothesis strategies for the query and the safe-mode envelope of /wechat, and what each deserves.

    recipe = data.draw(query_recipes())
    request = realize_query(recipe, xml)        # method, query pairs, body, the status it deserves
    case = data.draw(envelope_cases(xml))       # a mutated <Encrypt>, correctly signed

The expected status follows the webhook's documented order of checks (bot/webhook.py):
timestamp and nonce well-formed (403) → encrypt_type known (400) → signature or msg_signature
(403) → fresh (403) → decrypt (403) and parse (400) → replay guard (403) → answered (200).
"""
from __future__ import annotations

import base64
import itertools
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from bot import clock
from tests.kit.wechat import AES_KEY, APP_ID, TOKEN, envelope, kit_encrypt, kit_encrypt_bytes, sign

SKEW = 300  # TIMESTAMP_SKEW_SECONDS
_nonces = itertools.count(int(time.time()) % 10**6 * 1000)
KEYS = ["signature", "timestamp", "nonce", "encrypt_type", "msg_signature", "echostr", "openid"]
WEIRD = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "0", "-1", "1e9", "0x1f", "null", "[]", "١٢٣", "１２３", "12\n", " 12", "+12",
                     "a" * 1000, "%00", "\x00", "𠀀", "../", "aes", "AES", "raw", "0" * 40, "F" * 40]),
    st.integers().map(str))


@dataclass(frozen=True)
class QueryRecipe:
    method: str
    body_mode: str  # plain | compat | safe
    timestamp: int | str  # an offset from now, or the raw value sent
    nonce: str | None  # None: a fresh one
    signature: str  # good | upper | missing | wrong | empty | msg (msg_signature's value) | raw:<value>
    msg_signature: str  # good | upper | missing | wrong | plain (signature's value) | raw:<value>
    encrypt_type: str | None  # None: what the body mode needs
    echostr: str | None
    duplicates: tuple[tuple[str, str, bool], ...] = ()  # (key, value, sent before the real one)
    extra: tuple[tuple[str, str], ...] = ()
    raw_tail: bytes = b""  # appended to the query string as is: not percent-encoded, not UTF-8


def _raw(strategy) -> st.SearchStrategy[str]:
    return strategy.map(lambda v: f"raw:{v}")


@st.composite
def query_recipes(draw) -> QueryRecipe:
    now = int(clock.timestamp())
    timestamp = draw(st.one_of(
        st.integers(-SKEW + 10, SKEW - 10), st.integers(SKEW + 10, 10**9), st.integers(-10**9, -SKEW - 10),
        WEIRD, st.sampled_from([f"0{now}", f"000{now}", f"{now}\n", f" {now}", f"+{now}", "9" * 12, "9" * 13,
                                "".join(chr(0x660 + int(d)) for d in str(now)),  # Arabic-Indic digits
                                "".join(chr(0xFF10 + int(d)) for d in str(now))])))  # full-width digits
    return QueryRecipe(
        method=draw(st.sampled_from(["POST"] * 6 + ["GET", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"])),
        body_mode=draw(st.sampled_from(["plain", "compat", "safe"])),
        timestamp=timestamp,
        nonce=draw(st.one_of(st.none(), st.none(), WEIRD,
                             st.sampled_from(["a", "A" * 64, "A" * 65, "nonce\n", "１", "a-b", "a_b"]))),
        signature=draw(st.one_of(st.sampled_from(["good"] * 4 + ["upper", "missing", "wrong", "empty", "msg"]),
                                 _raw(WEIRD))),
        msg_signature=draw(st.one_of(st.sampled_from(["good"] * 3 + ["upper", "missing", "wrong", "plain"]),
                                     _raw(WEIRD))),
        encrypt_type=draw(st.one_of(st.none(), st.none(),
                                    st.sampled_from(["", "aes", "raw", "AES", " aes", "aes\n", "aes,raw"]), WEIRD)),
        echostr=draw(st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_\-+/=]{1,200}", fullmatch=True),
                               WEIRD, st.sampled_from(["a" * 201, "abc\n", "<script>", "a b"]))),
        duplicates=tuple(draw(st.lists(st.tuples(st.sampled_from(KEYS), WEIRD, st.booleans()), max_size=2))),
        extra=tuple(draw(st.lists(st.tuples(WEIRD, WEIRD), max_size=2))),
        raw_tail=draw(st.one_of(st.just(b""), st.just(b""), st.just(b""),
                                st.sampled_from([b"&x=\xff", b"&\xe4\xbd=1", b"&nonce=\xc3\x28", b"\x80"]))))


@dataclass
class Request:
    method: str
    pairs: list[tuple[str, str]]
    body: bytes
    encrypt: str | None  # the <Encrypt> value in the body
    nonce: str
    raw_tail: bytes = b""

    @property
    def query_string(self) -> bytes:
        return urlencode(self.pairs).encode() + self.raw_tail

    @property
    def args(self) -> MultiDict:
        return MultiDict(self.pairs)


def realize_query(recipe: QueryRecipe, xml: str) -> Request:
    """The request a recipe describes, around the message `xml`."""
    ts = str(int(clock.timestamp()) + recipe.timestamp) if isinstance(recipe.timestamp, int) else recipe.timestamp
    nonce = recipe.nonce if recipe.nonce is not None else f"fz{next(_nonces)}"
    encrypt = None if recipe.body_mode == "plain" else kit_encrypt(AES_KEY, APP_ID, xml)
    body = xml.encode() if encrypt is None else envelope(recipe.body_mode, xml, encrypt)
    good = sign(TOKEN, ts, nonce)
    good_msg = sign(TOKEN, ts, nonce, encrypt or "")
    signatures = {"good": good, "upper": good.upper(), "wrong": sign("other", ts, nonce), "empty": "",
                  "msg": good_msg, "plain": good}
    msg_signatures = {**signatures, "good": good_msg, "upper": good_msg.upper(), "wrong": sign("x", good_msg)}
    pairs: list[tuple[str, str]] = [("timestamp", ts), ("nonce", nonce)]
    for key, choice, table in (("signature", recipe.signature, signatures),
                               ("msg_signature", recipe.msg_signature, msg_signatures)):
        if choice.startswith("raw:"):
            pairs.append((key, choice[4:]))
        elif choice != "missing":
            pairs.append((key, table[choice]))
    encrypt_type = recipe.encrypt_type
    if encrypt_type is None:
        encrypt_type = "" if recipe.body_mode == "plain" else "aes"
    if encrypt_type or recipe.encrypt_type is not None:
        pairs.append(("encrypt_type", encrypt_type))
    if recipe.echostr is not None:
        pairs.append(("echostr", recipe.echostr))
    for key, value, before in recipe.duplicates:
        index = next((i for i, (k, _) in enumerate(pairs) if k == key), len(pairs))
        pairs.insert(index if before else index + 1, (key, value))
    pairs.extend(recipe.extra)
    return Request(recipe.method, pairs, b"" if recipe.method in ("GET", "HEAD") else body, encrypt, nonce,
                   recipe.raw_tail)


_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_NONCE = re.compile(r"[A-Za-z0-9]{1,64}")
_ECHOSTR = re.compile(r"[A-Za-z0-9_\-+/=]{1,200}")


def _matches(expected: str, given: str | None) -> bool:
    return given is not None and given.lower() == expected


@dataclass
class Guard:
    """The replay guard as the oracle sees it: signed query → the body it first came with."""

    seen: dict = field(default_factory=dict)

    def admit(self, key: tuple, body: bytes) -> int:
        first = self.seen.setdefault(key, body)
        return 200 if first == body else 403


def expected_status(request: Request, guard: Guard, now: float | None = None) -> int:
    """The status /wechat owes `request` (a valid message inside, whatever the query says)."""
    if request.method in ("PUT", "DELETE", "PATCH"):
        return 405
    if request.method == "OPTIONS":
        return 200
    try:
        request.query_string.decode("utf-8")
    except UnicodeDecodeError:
        return 400  # a query string that is not UTF-8 cannot be read at all
    args, now = request.args, now or clock.timestamp()
    ts, nonce = args.get("timestamp", ""), args.get("nonce", "")
    if not _TIMESTAMP.fullmatch(ts) or not _NONCE.fullmatch(nonce):
        return 403
    signature = args.get("signature")
    signed = _matches(sign(TOKEN, ts, nonce), signature)
    fresh = abs(now - int(ts)) <= SKEW
    if request.method in ("GET", "HEAD"):
        if not signed or not fresh:
            return 403
        return 200 if _ECHOSTR.fullmatch(args.get("echostr", "")) else 400
    encrypt_type = args.get("encrypt_type", "") or "raw"
    if encrypt_type == "aes":
        if request.encrypt is None:
            return 400  # no <Encrypt> in a plaintext body
        msg_signature = args.get("msg_signature")
        if not _matches(sign(TOKEN, ts, nonce, request.encrypt), msg_signature):
            return 403
        if (signature is not None and not signed) or not fresh:
            return 403
        return guard.admit((msg_signature or "", ts, nonce), request.body)
    if encrypt_type != "raw":
        return 400
    if not signed or not fresh:
        return 403
    if request.encrypt is not None and b"<FromUserName>" not in request.body:
        return 400  # the safe-mode envelope alone is not a message
    return guard.admit((signature or "", ts, nonce), request.body)


# --- the envelope ------------------------------------------------------------------------

@dataclass(frozen=True)
class EnvelopeCase:
    mode: str  # safe | compat
    encrypt: str
    element: str  # the <Encrypt> element as sent
    statuses: frozenset[int]
    mutation: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _wrap(draw, value: str) -> str:
    return draw(st.sampled_from([f"<Encrypt><![CDATA[{value}]]></Encrypt>", f"<Encrypt>{value}</Encrypt>",
                                 f"<Encrypt>\n  <![CDATA[{value}]]>\n</Encrypt>"]))


OTHER_KEY = "ZZECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
BAD_APP_IDS = [b"", b"wx0000000000000000", APP_ID[:-1].encode(), APP_ID.encode() + b"x",
               APP_ID.upper().encode(), APP_ID.encode() + b"\x00", b"\xff" + APP_ID.encode()]
MUTATIONS = ["none", "bitflip", "truncate", "extend", "chop", "strip_padding", "extra_padding", "bad_char",
             "wrong_appid", "wrong_key", "length", "pkcs7", "inner_not_utf8", "empty", "two_encrypt"]


@st.composite
def envelope_cases(draw, xml: str) -> EnvelopeCase:
    """A correctly signed envelope whose <Encrypt> value was mutated, and the statuses it may get."""
    mode = draw(st.sampled_from(["safe", "compat"]))
    mutation = draw(st.sampled_from(MUTATIONS))
    good = kit_encrypt(AES_KEY, APP_ID, xml)
    raw = base64.b64decode(good)
    value, statuses = good, {200}
    if mutation == "bitflip":
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 3))):
            data[draw(st.integers(0, len(data) - 1))] ^= 1 << draw(st.integers(0, 7))
        value, statuses = _b64(bytes(data)), {200, 400, 403}  # CBC has no integrity of its own
    elif mutation == "truncate":
        value, statuses = _b64(raw[:draw(st.integers(1, len(raw) - 1))]), {403}
    elif mutation == "extend":
        value, statuses = _b64(raw + draw(st.binary(min_size=1, max_size=48))), {200, 403}
    elif mutation == "chop":
        value, statuses = good[:-draw(st.integers(1, 3))], {403}
    elif mutation == "strip_padding":
        value = good.rstrip("=")
        statuses = {200} if value == good else {403}
    elif mutation == "extra_padding":
        value, statuses = good + draw(st.sampled_from(["=", "==", "===", "===="])), {403}
    elif mutation == "bad_char":
        at = draw(st.integers(0, len(good)))
        value, statuses = good[:at] + draw(st.sampled_from("!-_.*%~,;:\\\"'<&")) + good[at:], {400}
    elif mutation == "wrong_appid":
        value = kit_encrypt_bytes(AES_KEY, draw(st.sampled_from(BAD_APP_IDS)), xml.encode())
        statuses = {403}
    elif mutation == "wrong_key":
        value, statuses = kit_encrypt(OTHER_KEY, APP_ID, xml), {403}
    elif mutation == "length":
        size = len(xml.encode())
        forged = draw(st.sampled_from([0, size - 1, size + 1, size + len(APP_ID), 2**31, 2**32 - 1]))
        value, statuses = kit_encrypt_bytes(AES_KEY, APP_ID.encode(), xml.encode(), length=forged), {403}
    elif mutation == "pkcs7":
        value, statuses = _pkcs7_case(draw, xml)
    elif mutation == "inner_not_utf8":
        body = xml.encode().replace(b"</xml>", b"<Note>\xff\xfe\xc3</Note></xml>")
        value, statuses = kit_encrypt_bytes(AES_KEY, APP_ID.encode(), body), {400, 403}
    elif mutation == "empty":
        value, statuses = "", {400}
    element = _wrap(draw, value)
    if mutation == "two_encrypt":
        element += _wrap(draw, draw(st.sampled_from([good, "QUJD", ""])))
        statuses = {400}
    return EnvelopeCase(mode, value, element, frozenset(statuses), mutation)


def _pkcs7_case(draw, xml: str) -> tuple[str, set[int]]:
    """Forged padding: wechatpy strips as many bytes as the last one says and checks nothing else."""
    content = 16 + 4 + len(xml.encode()) + len(APP_ID)
    proper = 32 - content % 32
    padding = draw(st.sampled_from([b"", bytes([proper]) * (proper - 1) + b"\x01", b"\x00" * proper,
                                    bytes([33]) * proper, b"\x07" * proper,
                                    bytes(range(1, proper)) + bytes([proper])]))
    value = kit_encrypt_bytes(AES_KEY, APP_ID.encode(), xml.encode(), padding=padding)
    total = content + len(padding) + (-(content + len(padding)) % 16)
    last = (padding + b"\0" * 16)[total - content - 1] if padding else 0
    return value, {200} if last and total - last == content else {403}
