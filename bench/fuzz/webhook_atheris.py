"""Coverage-guided fuzzing of /wechat with atheris (libFuzzer), one surface per run.

    .venv/bin/python bench/fuzz/webhook_atheris.py --surface xml|query|envelope [--database-url URL]
        [libFuzzer flags, e.g. -max_total_time=60 -print_final_stats=1]
    make fuzz FUZZ_SECONDS=60          # every surface in turn, corpora under .cache/fuzz/

Each input becomes one request to the Flask test client on a scratch database (SQLite unless
--database-url), then the same checks as the property tests (tests/fuzz_probe.py): the status
family the surface allows, a sound body, within the reply budget, nothing logged at ERROR, and a
200 to a message leaves its inbound row. A failed check raises: libFuzzer saves the input under
test-artifacts/fuzz/ and stops. Surfaces (the seeds come from tests/kit/wechat.py):
- xml: byte 0 picks plain/safe/compat, the rest is the message body, signed or encrypted and
  signed with a fresh timestamp and nonce;
- query: line 1 is the method and the body mode, line 2 the query string, where {ts}, {nonce},
  {sig} and {msig} become a fresh timestamp, a fresh nonce and the signatures over the values
  the app will read; the body is a fresh text message;
- envelope: byte 0 picks safe/compat and whether the rest is the <Encrypt> text or ciphertext
  bytes to base64; `msg_signature` signs the value as sent.
"""
from __future__ import annotations

import argparse
import base64
import itertools
import logging
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Coverage is recorded in the modules imported here; create_app() imports the rest lazily,
# so the ones a request runs through are named explicitly.
with atheris.instrument_imports(include=["bot", "handlers", "wechatpy"]):
    import bot.conversation  # noqa: F401
    import bot.dispatch  # noqa: F401
    import bot.inbound  # noqa: F401
    import bot.reply_runner  # noqa: F401
    import bot.webhook  # noqa: F401
    import bot.wechat.crypto  # noqa: F401
    import bot.wechat.parsing  # noqa: F401
    import bot.wechat.replay  # noqa: F401
    import bot.wechat.replies  # noqa: F401
    import handlers  # noqa: F401
    import wechatpy.crypto  # noqa: F401
    from bot import create_app
    from bot.cli import upgrade_database

from tests.kit.fuzz.probe import ErrorLog, Probe  # noqa: E402
from tests.kit.fuzz.wire import Guard, Request, expected_status  # noqa: E402
from tests.kit.wechat import (AES_KEY, APP_ID, TOKEN, WECHAT_SETTINGS, envelope, kit_encrypt, kit_encrypt_bytes,  # noqa: E402
                              make_event, make_image, make_location, make_text, make_voice, sign)

MODES = ["plain", "safe", "compat"]
_ids = itertools.count(int(time.time()) % 10**6 * 10**6)


def _fresh() -> tuple[str, str]:
    n = next(_ids)
    return str(int(time.time())), f"fz{n}"


class Harness:
    """The app on a scratch database, and one method per surface: input bytes → request → checks."""

    def __init__(self, database_url: str) -> None:
        upgrade_database(database_url)
        self.app = create_app({"DATABASE_URL": database_url, "TESTING": True, "REDIS_URL": None,
                               **WECHAT_SETTINGS})
        logging.getLogger().setLevel(logging.WARNING)  # no line per refused request
        errors = ErrorLog()
        logging.getLogger().addHandler(errors)
        self.probe = Probe(self.app, self.app.test_client(), errors)
        self.guard = Guard()  # the replay guard as the oracle sees it, for the whole run

    def post(self, query: dict, body: bytes, statuses: set[int], aes: bool) -> None:
        rows = self.probe.inbound_count()
        sent = self.probe.send("POST", urlencode(query).encode(), body)
        self.probe.check(sent, statuses, rows_before=rows, aes=aes, nonce=query["nonce"])

    def xml(self, data: bytes) -> None:
        if not data:
            return
        mode, body = MODES[data[0] % 3], data[1:]
        ts, nonce = _fresh()
        query = {"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce}
        cap = self.app.config["MAX_BODY_BYTES"]
        if mode == "plain":
            self.post(query, body, {413} if len(body) > cap else {200, 400}, aes=False)
            return
        encrypt = kit_encrypt_bytes(AES_KEY, APP_ID.encode(), body)
        query.update(encrypt_type="aes", msg_signature=sign(TOKEN, ts, nonce, encrypt))
        wire = envelope(mode, make_text("fz-outer", "外层"), encrypt)
        self.post(query, wire, {413} if len(wire) > cap else {200, 400, 403}, aes=True)

    def query(self, data: bytes) -> None:
        head, _, template = data.partition(b"\n")
        words = head.decode("latin-1").split()
        method = words[0] if words else "POST"
        if method not in ("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"):
            method = "POST"
        mode = words[1] if len(words) > 1 and words[1] in MODES else "plain"
        ts, nonce = _fresh()
        xml = make_text(f"fzq{nonce}", "你好", msg_id=nonce[2:])
        encrypt = None if mode == "plain" else kit_encrypt(AES_KEY, APP_ID, xml)
        body = b"" if method in ("GET", "HEAD") else (xml.encode() if encrypt is None else envelope(mode, xml, encrypt))
        raw = template.replace(b"{ts}", ts.encode()).replace(b"{nonce}", nonce.encode())
        with self.app.test_request_context(environ_overrides={"QUERY_STRING": raw.decode("latin-1")}) as ctx:
            try:
                args = ctx.request.args
                got_ts, got_nonce = args.get("timestamp", ""), args.get("nonce", "")
            except UnicodeDecodeError:
                got_ts = got_nonce = ""
        raw = raw.replace(b"{sig}", sign(TOKEN, got_ts, got_nonce).encode())
        raw = raw.replace(b"{msig}", sign(TOKEN, got_ts, got_nonce, encrypt or "").encode())
        with self.app.test_request_context(environ_overrides={"QUERY_STRING": raw.decode("latin-1")}) as ctx:
            try:
                pairs = list(ctx.request.args.items(multi=True))
            except UnicodeDecodeError:
                pairs = []
        request = Request(method, pairs, body, encrypt, got_nonce)
        expected = expected_status(request, self.guard)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            expected = 405 if method in ("PUT", "DELETE", "PATCH") else 200 if method == "OPTIONS" else 400
        rows = self.probe.inbound_count()
        sent = self.probe.send(method, raw, body)
        aes = (dict(pairs).get("encrypt_type") or "raw") == "aes" if pairs else False
        self.probe.check(sent, {expected}, method=method, rows_before=rows, aes=aes, nonce=got_nonce,
                         echostr=request.args.get("echostr"))

    def envelope(self, data: bytes) -> None:
        if not data:
            return
        mode = "safe" if data[0] % 2 else "compat"
        if data[0] & 2:
            value = base64.b64encode(data[1:]).decode()
        else:
            value = data[1:].decode("utf-8", errors="replace")
        ts, nonce = _fresh()
        query = {"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce, "encrypt_type": "aes",
                 "msg_signature": sign(TOKEN, ts, nonce, value)}
        wire = envelope(mode, make_text("fz-outer", "外层"), value)
        cap = self.app.config["MAX_BODY_BYTES"]
        self.post(query, wire, {413} if len(wire) > cap else {200, 400, 403}, aes=True)


def seeds(surface: str) -> list[bytes]:
    """Starting inputs built with the kit's message factories."""
    now = int(time.time())
    messages = [make_text("seed1", "低保咋办", msg_id="1"), make_text("seed2", "<![CDATA[x]]>", msg_id="2"),
                make_voice("seed3", "我是代村的", msg_id="3"), make_image("seed4", msg_id="4"),
                make_location("seed5", 34.85, 118.05, "兰陵县", msg_id="5"),
                make_event("seed6", "subscribe", "qrscene_1"), make_event("seed7", "CLICK", "MENU_HELP"),
                make_event("seed8", "LOCATION", Latitude="34.8", Longitude="118.0", Precision="30"),
                make_event("seed9", "TEMPLATESENDJOBFINISH", MsgID="200163836", Status="success")]
    if surface == "xml":
        return [bytes([n]) + m.encode() for m in messages for n in range(3)]
    if surface == "query":
        base = b"signature={sig}&timestamp={ts}&nonce={nonce}"
        return [b"POST plain\n" + base, b"POST safe\n" + base + b"&encrypt_type=aes&msg_signature={msig}",
                b"POST compat\n" + base + b"&encrypt_type=aes&msg_signature={msig}",
                b"GET plain\n" + base + b"&echostr=1234567890", b"POST plain\n" + base + b"&timestamp=1",
                b"POST plain\nsignature={sig}&timestamp=" + str(now).encode() + b"&nonce=1"]
    good = [kit_encrypt(AES_KEY, APP_ID, m) for m in messages[:3]]
    return ([b"\x01" + g.encode() for g in good] + [b"\x00" + g.encode() for g in good]
            + [b"\x03" + base64.b64decode(g) for g in good])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--surface", choices=["xml", "query", "envelope"], required=True)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--corpus", default=None, help="corpus directory (default .cache/fuzz/<surface>)")
    ours, libfuzzer = parser.parse_known_args()
    corpus = Path(ours.corpus or ROOT / ".cache" / "fuzz" / ours.surface)
    corpus.mkdir(parents=True, exist_ok=True)
    for n, seed in enumerate(seeds(ours.surface)):
        (corpus / f"seed-{n:02d}").write_bytes(seed)
    artifacts = ROOT / "test-artifacts" / "fuzz"
    artifacts.mkdir(parents=True, exist_ok=True)
    database_url = ours.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='fuzz-')}/fuzz.db"
    target = getattr(Harness(database_url), ours.surface)
    args = [sys.argv[0], str(corpus), f"-artifact_prefix={artifacts}/{ours.surface}-", *libfuzzer]
    print(f"fuzzing {ours.surface} on {database_url}; corpus {corpus}", flush=True)
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
