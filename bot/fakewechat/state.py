"""The fake API's memory: tokens, users' interactions, recorded sends, faults, counters.

Every method takes the one lock; sleeping (latency, hangs) happens outside it, in app.py.
"""
from __future__ import annotations

import itertools
import random
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field

from .. import clock
from . import rules
from .broadcast import Broadcasts

TOKEN_LIFETIME = 7200
# After a new token is issued the previous one keeps working for about five minutes.
OLD_TOKEN_GRACE = 300
CS_WINDOW = 48 * 3600
ENDPOINTS = ("token", "stable_token", "custom", "template", "menu", "user_info", "mass", "tags", "oauth")


def _now() -> float:
    """The app's clock (bot/clock.py), so a test that moves time moves the fake's too."""
    return clock.timestamp()


@dataclass
class Fault:
    """An injected failure: a WeChat errcode (or a list to pick from), an HTTP status, latency,
    or a hang (sleep, then answer the errcode/status given, else 504; never processed)."""

    errcode: int | list[int] | None = None
    status: int | None = None  # HTTP status such as 500 or 503
    rate: float = 1.0
    count: int | None = None  # fail this many calls, then stop
    latency: float = 0.0  # seconds added to every call
    hang: float = 0.0  # seconds to sleep before answering 504

    def fires(self, rng: random.Random) -> bool:
        if self.errcode is None and self.status is None and not self.hang:
            return False
        if self.count is not None:
            if self.count <= 0:
                return False
            self.count -= 1
            return True
        return rng.random() < self.rate

    def fired(self, rng: random.Random) -> "Fault":
        """The concrete failure for one call: with several errcodes (a list) and/or a status,
        one of them, chosen at random — a mix of failures from one rule."""
        codes = self.errcode if isinstance(self.errcode, list) else \
            ([] if self.errcode is None else [self.errcode])
        choices: list[tuple[int | None, int | None]] = [(c, None) for c in codes]
        if self.status:
            choices.append((None, self.status))
        code, status = rng.choice(choices) if choices else (None, None)
        return Fault(code, status, latency=self.latency, hang=self.hang)


@dataclass
class FakeState:
    app_id: str = "wxdev0000000000000"
    app_secret: str = "dev-secret"
    # Template ids that exist; ids starting with an accepted prefix are known too.
    templates: set[str] = field(default_factory=set)
    template_prefixes: tuple[str, ...] = ("dev-tpl-", "tpl-")
    lock: threading.RLock = field(default_factory=threading.RLock)
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def __post_init__(self) -> None:
        self._wake = threading.Event()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self._wake.set()  # release requests hanging from an earlier test
            self._wake = threading.Event()
            self.token_lifetime = TOKEN_LIFETIME
            self.token_grace = OLD_TOKEN_GRACE
            self.tokens: dict[str, float] = {}  # token -> expires at (epoch seconds)
            self.current_token: str | None = None
            self.interactions: dict[str, float] = {}
            self.unsubscribed: set[str] = set()
            self.messages: list[dict] = []
            self.faults: dict[str, Fault] = {}  # "endpoint", "*", or "endpoint@client-tag"
            self.menu: dict | None = None
            self.hanging = 0
            self.hung: list[dict] = []  # requests that hung: {"endpoint", "tag", "text"}
            self.stats = {"token_fetches": 0, "invalid_token_errors": 0,
                          "sends": {e: 0 for e in ENDPOINTS}, "requests": Counter(),
                          "errors": Counter(), "faults_fired": 0}
            self._ids = itertools.count(1)
            self._msgids = itertools.count(400000001)
            self.violations: list[str] = []  # breaches WeChat repairs silently (rules.py)
            self.client_msg_ids: dict[tuple[str, str], tuple[int, float]] = {}  # -> (msgid, at)
            self.broadcasts = Broadcasts()
            self.events: list[dict] = []  # TEMPLATESENDJOBFINISH / MASSSENDJOBFINISH, not yet posted
            self.oauth_codes: dict[str, str] = {}  # snsapi_base code -> openid

    def forget_deliveries(self) -> None:
        """Forget what was delivered (client_msg_id and clientmsgid memory, mass-send counts and
        jobs), keeping tokens, tags and followers: `flask converse` starts each conversation in a
        fresh world whose pushes reuse the same business keys, which a shared fake would otherwise
        drop as resends."""
        with self.lock:
            self.client_msg_ids.clear()
            self.broadcasts.forget_deliveries()
            self.events.clear()

    def configure(self, token_grace: float | None = None, token_lifetime: int | None = None) -> None:
        with self.lock:
            if token_grace is not None:
                self.token_grace = float(token_grace)
            if token_lifetime is not None:
                self.token_lifetime = int(token_lifetime)

    # --- tokens -------------------------------------------------------------------------
    def issue_token(self, now: float | None = None) -> tuple[str, int]:
        now = clock.timestamp() if now is None else now
        with self.lock:
            if self.current_token is not None:
                self.tokens[self.current_token] = min(self.tokens[self.current_token], now + self.token_grace)
            token = "FAKE_" + secrets.token_urlsafe(24)
            self.tokens[token] = now + self.token_lifetime
            self.current_token = token
            self.stats["token_fetches"] += 1
            return token, self.token_lifetime

    def stable_token(self, force_refresh: bool, now: float | None = None) -> tuple[str, int]:
        """`stable_token`: the current token while it lives, a new one only when forced."""
        now = clock.timestamp() if now is None else now
        with self.lock:
            current = self.current_token
            if current and not force_refresh and self.tokens[current] > now:
                return current, int(self.tokens[current] - now)
            return self.issue_token(now)

    def check_token(self, token: str | None, now: float | None = None) -> int:
        """0 when valid, else WeChat's errcode (40001 invalid, 42001 expired)."""
        now = clock.timestamp() if now is None else now
        with self.lock:
            expires = self.tokens.get(token or "")
            if expires is None:
                code = 40001
            elif expires > now:
                code = 0
            # A token past its grace because a newer one was issued is "not latest" (40001);
            # one that simply lived out its lifetime is expired (42001).
            else:
                code = 42001 if token == self.current_token else 40001
            if code:
                self.stats["invalid_token_errors"] += 1
            return code

    # --- users --------------------------------------------------------------------------
    def record_interaction(self, openid: str, at: float | None = None) -> None:
        with self.lock:
            self.interactions[openid] = clock.timestamp() if at is None else float(at)
            self.unsubscribed.discard(openid)

    def unsubscribe(self, openid: str) -> None:
        with self.lock:
            self.unsubscribed.add(openid)

    def in_cs_window(self, openid: str, now: float | None = None) -> bool:
        now = clock.timestamp() if now is None else now
        with self.lock:
            last = self.interactions.get(openid)
            return last is not None and now - last <= CS_WINDOW

    def template_known(self, template_id: str) -> bool:
        with self.lock:
            return template_id in self.templates or template_id.startswith(self.template_prefixes)

    # --- records, counters and faults ---------------------------------------------------
    def record(self, endpoint: str, openid: str, body: dict) -> dict:
        with self.lock:
            entry = {"id": next(self._ids), "endpoint": endpoint, "openid": openid,
                     "body": body, "text": message_text(endpoint, body), "at": clock.timestamp()}
            if endpoint == "template":
                entry["msgid"] = next(self._msgids)
            self.messages.append(entry)
            self.stats["sends"][endpoint] += 1
            return entry

    def record_template(self, openid: str, body: dict, violations: list[str]) -> tuple[dict | None, int]:
        """A template send: (the new entry, msgid), or (None, the earlier msgid) when the same
        openid + client_msg_id was sent within 10 minutes (WeChat sends one message)."""
        now = _now()
        key = (openid, str(body.get("client_msg_id") or ""))
        with self.lock:
            earlier = self.client_msg_ids.get(key) if key[1] else None
            if earlier is not None and now - earlier[1] < rules.CLIENT_MSG_ID_SECONDS:
                self.stats["errors"]["deduplicated"] += 1
                return None, earlier[0]
            self.violations.extend(f"template to {openid}: {v}" for v in violations)
            entry = self.record("template", openid, body)
            if key[1]:
                self.client_msg_ids[key] = (entry["msgid"], now)
            self.events.append({"Event": "TEMPLATESENDJOBFINISH", "FromUserName": openid,
                                "MsgID": str(entry["msgid"]), "Status": "success"})
            return entry, entry["msgid"]

    def record_mass(self, job, body: dict) -> None:
        """One message for each receiver of a mass-send job, as each of them reads it."""
        with self.lock:
            for openid in job.receivers:
                entry = {"id": next(self._ids), "endpoint": "mass", "openid": openid, "body": body,
                         "text": message_text("mass", body), "at": job.at, "msgid": job.msg_id}
                self.messages.append(entry)
            self.stats["sends"]["mass"] += 1

    def take_events(self) -> list[dict]:
        with self.lock:
            events, self.events = self.events, []
            return events

    def messages_for(self, openid: str | None = None, since_id: int = 0) -> list[dict]:
        with self.lock:
            return [m for m in self.messages
                    if m["id"] > since_id and (openid is None or m["openid"] == openid)]

    def count_request(self, endpoint: str) -> None:
        with self.lock:
            self.stats["requests"][endpoint] += 1

    def count_error(self, code: int | str) -> None:
        with self.lock:
            self.stats["errors"][str(code)] += 1

    def set_fault(self, endpoint: str, fault: Fault | None, tag: str | None = None) -> None:
        key = f"{endpoint}@{tag}" if tag else endpoint
        with self.lock:
            if fault is None:
                self.faults.pop(key, None)
            else:
                self.faults[key] = fault

    def fault_for(self, endpoint: str, tag: str | None = None) -> Fault | None:
        with self.lock:
            fault = ((tag and self.faults.get(f"{endpoint}@{tag}")) or self.faults.get(endpoint)
                     or self.faults.get("*"))
            if fault is None:
                return None
            if fault.fires(self.rng):
                self.stats["faults_fired"] += 1
                return fault.fired(self.rng)
            return Fault(latency=fault.latency)

    def hang(self, seconds: float, record: dict | None = None) -> None:
        """Sleep like a stuck upstream; `reset()` wakes every hanging request at once."""
        with self.lock:
            wake = self._wake
            self.hanging += 1
            if record is not None:
                self.hung.append(record)
        try:
            wake.wait(seconds)
        finally:
            with self.lock:
                if wake is self._wake:  # not counted any more after a reset
                    self.hanging -= 1

    def snapshot_stats(self) -> dict:
        with self.lock:
            return {**self.stats, "requests": dict(self.stats["requests"]),
                    "errors": dict(self.stats["errors"]), "sends": dict(self.stats["sends"]),
                    "hanging": self.hanging, "hung": list(self.hung), "menu": self.menu,
                    "violations": list(self.violations),
                    "tags": {str(i): n for i, n in self.broadcasts.tags.items()},
                    "mass_jobs": len(self.broadcasts.jobs)}


def message_text(endpoint: str, body: dict) -> str:
    """What the user reads: a custom text's content, or a template's values joined."""
    if endpoint == "custom":
        return str((body.get("text") or {}).get("content", ""))
    if endpoint == "template":
        return "\n".join(rules.shown_fields(body.get("data") or {}))
    if endpoint == "mass":
        return str((body.get("text") or {}).get("content", ""))
    return ""
