"""The fake API's memory: tokens, users' interactions, recorded sends, faults, counters."""
from __future__ import annotations

import itertools
import random
import secrets
import threading
import time
from dataclasses import dataclass, field

TOKEN_LIFETIME = 7200
# After a new token is issued the previous one keeps working for about five minutes.
OLD_TOKEN_GRACE = 300
CS_WINDOW = 48 * 3600
ENDPOINTS = ("token", "custom", "template", "menu", "user_info")


@dataclass
class Fault:
    """An injected failure: a WeChat errcode, an HTTP status, latency, or a hang."""

    errcode: int | None = None
    status: int | None = None  # HTTP status such as 500 or 503
    rate: float = 1.0
    count: int | None = None  # fail this many calls, then stop
    latency: float = 0.0  # seconds added to every call
    hang: float = 0.0  # seconds to sleep before answering (a timeout for the client)

    def fires(self, rng: random.Random) -> bool:
        if self.errcode is None and self.status is None and not self.hang:
            return False
        if self.count is not None:
            if self.count <= 0:
                return False
            self.count -= 1
            return True
        return rng.random() < self.rate


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
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.tokens: dict[str, float] = {}  # token -> expires at (epoch seconds)
            self.current_token: str | None = None
            self.interactions: dict[str, float] = {}
            self.unsubscribed: set[str] = set()
            self.messages: list[dict] = []
            self.faults: dict[str, Fault] = {}
            self.menu: dict | None = None
            self.stats = {"token_fetches": 0, "invalid_token_errors": 0,
                          "sends": {e: 0 for e in ENDPOINTS}, "faults_fired": 0}
            self._ids = itertools.count(1)
            self._msgids = itertools.count(400000001)

    # --- tokens -------------------------------------------------------------------------
    def issue_token(self, now: float | None = None) -> tuple[str, int]:
        now = time.time() if now is None else now
        with self.lock:
            if self.current_token is not None:
                self.tokens[self.current_token] = min(self.tokens[self.current_token], now + OLD_TOKEN_GRACE)
            token = "FAKE_" + secrets.token_urlsafe(24)
            self.tokens[token] = now + TOKEN_LIFETIME
            self.current_token = token
            self.stats["token_fetches"] += 1
            return token, TOKEN_LIFETIME

    def check_token(self, token: str | None, now: float | None = None) -> int:
        """0 when valid, else WeChat's errcode (40001 invalid, 42001 expired)."""
        now = time.time() if now is None else now
        with self.lock:
            expires = self.tokens.get(token or "")
            code = 40001 if expires is None else (42001 if expires <= now else 0)
            if code:
                self.stats["invalid_token_errors"] += 1
            return code

    # --- users --------------------------------------------------------------------------
    def record_interaction(self, openid: str, at: float | None = None) -> None:
        with self.lock:
            self.interactions[openid] = time.time() if at is None else at
            self.unsubscribed.discard(openid)

    def in_cs_window(self, openid: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        with self.lock:
            last = self.interactions.get(openid)
            return last is not None and now - last <= CS_WINDOW

    def template_known(self, template_id: str) -> bool:
        return template_id in self.templates or template_id.startswith(self.template_prefixes)

    # --- records and faults --------------------------------------------------------------
    def record(self, endpoint: str, openid: str, body: dict) -> dict:
        with self.lock:
            entry = {"id": next(self._ids), "endpoint": endpoint, "openid": openid,
                     "body": body, "at": time.time()}
            if endpoint == "template":
                entry["msgid"] = next(self._msgids)
            self.messages.append(entry)
            self.stats["sends"][endpoint] += 1
            return entry

    def messages_for(self, openid: str | None = None, since_id: int = 0) -> list[dict]:
        with self.lock:
            return [m for m in self.messages
                    if m["id"] > since_id and (openid is None or m["openid"] == openid)]

    def fault_for(self, endpoint: str) -> Fault | None:
        with self.lock:
            fault = self.faults.get(endpoint) or self.faults.get("*")
            if fault is None:
                return None
            fired = fault.fires(self.rng)
            if fired:
                self.stats["faults_fired"] += 1
            return Fault(fault.errcode, fault.status, latency=fault.latency, hang=fault.hang) if fired \
                else Fault(latency=fault.latency)
