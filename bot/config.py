"""Configuration: one Config read from the environment (and `.env`), overridable in tests."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

from .clock import DEFAULT_TZ_NAME


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


# The folder of the files cadres edit (guides, areas, themes, ...): every loader's default path is
# in it. The repository's knowledge/ unless KNOWLEDGE_DIR names another.
KNOWLEDGE_DIR = Path(_env("KNOWLEDGE_DIR") or Path(__file__).resolve().parents[1] / "knowledge")


def knowledge_path(*parts: str) -> Path:
    """A file or folder inside KNOWLEDGE_DIR."""
    return KNOWLEDGE_DIR.joinpath(*parts)


@dataclass(frozen=True)
class Config:
    DATABASE_URL: str = "sqlite:///instance/bot.db"
    REDIS_URL: str | None = None
    WECHAT_TOKEN: str = "dev-token"
    WECHAT_APP_ID: str = "wxdev0000000000000"
    WECHAT_APP_SECRET: str = "dev-secret"
    WECHAT_ENCODING_AES_KEY: str | None = None
    # During a rotation of the console's Token / EncodingAESKey: the old values, still accepted
    # (replies are sealed with whichever the request used). Unset them when the rotation is done.
    WECHAT_TOKEN_PREVIOUS: str | None = None
    WECHAT_ENCODING_AES_KEY_PREVIOUS: str | None = None
    WECHAT_API_BASE: str = "http://127.0.0.1:8081/"
    TZ_NAME: str = DEFAULT_TZ_NAME
    SECRET_KEY: str = "dev-secret-key-change-me"
    # WeChat waits 5 s for a passive reply; keep a margin for the network.
    REPLY_BUDGET_SECONDS: float = 4.0
    MAX_BODY_BYTES: int = 64 * 1024
    TIMESTAMP_SKEW_SECONDS: int = 300
    # Worker threads that run handlers for the webhook (per process).
    REPLY_WORKERS: int = 8
    # Refuse plaintext POSTs (only safe/compatible mode): plaintext signatures do not cover the body.
    WECHAT_REQUIRE_SAFE_MODE: bool = False
    # With WECHAT_ENCODING_AES_KEY set, plaintext POSTs are refused unless this is on (a console
    # switched to 明文模式 while a key is configured); without a key plaintext is the only mode.
    WECHAT_ALLOW_PLAINTEXT: bool = False
    DIALOG_IDLE_SECONDS: int = 600
    # Per-villager limits (bot/limits.py): messages a minute per openid (0: none), and per day.
    USER_MESSAGES_PER_MINUTE: int = 20
    USER_NEEDS_PER_DAY: int = 5
    USER_OPEN_NEEDS: int = 10
    USER_URGENT_NEEDS_PER_DAY: int = 2
    USER_ERRANDS_PER_DAY: int = 3
    USER_BOOKINGS_PER_DAY: int = 3
    USER_STAFF_FORWARDS_PER_DAY: int = 5
    # The scheduler re-runs messages left `handling` by a dead worker after this long (bot/inbound_sweep.py);
    # past the give-up age they are marked failed instead (an answer that late makes no sense).
    INBOUND_ORPHAN_SWEEP_SECONDS: int = 60
    INBOUND_ORPHAN_GIVE_UP_HOURS: int = 24
    # Villagers' message texts (inbound_messages) are deleted this long after they came (bot/retention.py).
    INBOUND_RETENTION_DAYS: int = 180
    # Labelled routing files (comma-separated) an example added on the admin board must not make
    # worse (bot/lexicon_store.py); empty: the routing dev set of ../shared/eval when present.
    ROUTING_GATE_FILES: str = ""
    FORM_IDLE_SECONDS: int = 86400  # a half-filled errand, booking or need is kept a day
    # An errand offered to a party member moves on to the next one after this long.
    ERRAND_OFFER_TIMEOUT_MINUTES: int = 120
    # A whistled need nobody claimed goes to the group leader after this long, then (as long
    # again) to the area secretary; urgent needs use the shorter time.
    NEED_CLAIM_HOURS: float = 24.0
    NEED_URGENT_CLAIM_HOURS: float = 2.0
    # Each whistle round repeats unclaimed needs whistled by no round for this long (an urgent
    # need's alert at once is no round), in at most this many rounds (bot/needs/rounds.py).
    NEED_REWHISTLE_HOURS: float = 4.0
    NEED_REWHISTLE_ROUNDS: int = 6
    # Template ids per kind of push (outside the 48-hour customer-service window).
    TEMPLATE_IDS: dict[str, str] = field(default_factory=dict)
    # Per kind, the template's keyword id of each named field (bot/outbox/kinds.py), as JSON in
    # WECHAT_TEMPLATE_FIELDS: {"task": {"事项": "thing1", "时间": "time2"}}; unnamed kinds use
    # 事项=thing1 时间=time2 地点=thing3 状态=phrase4.
    TEMPLATE_FIELDS: dict[str, dict[str, str]] = field(default_factory=dict)
    # Links to a push's detail page (bot/pushpage): the address WeChat users reach the app at
    # (e.g. https://bot.example.cn/; empty: template messages carry no link), how long a link
    # works, and whether the page asks WeChat who reads it (snsapi_base web OAuth; the
    # authorize page is on WECHAT_OAUTH_BASE, https://open.weixin.qq.com/ for a real account).
    PUBLIC_BASE_URL: str = ""
    PUSH_LINK_DAYS: float = 30.0
    PUSH_PAGE_OAUTH: bool = False
    WECHAT_OAUTH_BASE: str = ""
    # Mass sends (群发) a follower may receive per calendar month (WeChat: 4 for a service account).
    MASS_SENDS_PER_MONTH: int = 4
    # Outbound WeChat calls never wait longer than this (wechatpy's default is forever).
    WECHAT_TIMEOUT_SECONDS: float = 5.0
    # Outbox dispatcher (bot/outbox): rows claimed per round, how long a claim lasts, retries.
    OUTBOX_BATCH: int = 20
    OUTBOX_LEASE_SECONDS: int = 120
    OUTBOX_MAX_ATTEMPTS: int = 10
    OUTBOX_BACKOFF_BASE_SECONDS: float = 5.0
    OUTBOX_BACKOFF_CAP_SECONDS: float = 1800.0
    OUTBOX_IDLE_SECONDS: float = 1.0
    OUTBOX_URGENT_POLL_SECONDS: float = 0.05
    # Sends in flight at once per dispatcher process; sends started per second by one process
    # and by all dispatchers together (0: no limit). WeChat publishes daily quotas only.
    OUTBOX_CONCURRENCY: int = 8
    OUTBOX_RATE_PER_PROCESS: float = 100.0
    OUTBOX_RATE_OVERALL: float = 100.0
    # Scheduler process: the jobs table it runs, and its lease (a second scheduler waits).
    SCHEDULER_JOBS: str = "scheduler.jobs:JOBS"
    SCHEDULER_LEASE_SECONDS: float = 20.0
    # Admin page (bot/admin): the session cookie is sent over HTTPS only (turn off for local
    # http dev only); sessions end after ADMIN_IDLE_MINUTES without a request and after
    # ADMIN_ABSOLUTE_HOURS in any case; logins are throttled per name and per address.
    ADMIN_COOKIE_SECURE: bool = True
    ADMIN_IDLE_MINUTES: int = 30
    ADMIN_ABSOLUTE_HOURS: int = 12
    ADMIN_LOGIN_MAX_FAILURES: int = 5
    ADMIN_LOGIN_IP_MAX_FAILURES: int = 30
    ADMIN_LOGIN_WINDOW_MINUTES: int = 15
    # Failures block per (name, address); the name alone is only slowed down, up to this interval.
    ADMIN_LOGIN_SLOW_MAX_SECONDS: int = 60
    # Reverse proxies in front of the app (0: none). Set it behind nginx so that client
    # addresses (login throttle) and HTTPS come from X-Forwarded-For / -Proto.
    TRUSTED_PROXIES: int = 0
    # Who may read /metrics (bot/metrics): addresses or networks, comma-separated; others get 403.
    METRICS_ALLOWED_ADDRESSES: str = "127.0.0.1,::1"
    # Other services' PROMETHEUS_MULTIPROC_DIR on this machine whose counters /metrics adds
    # (the scheduler's: quota waits and dead pushes are counted by its dispatcher).
    METRICS_READ_DIRS: str = ""
    TESTING: bool = False

    @classmethod
    def from_env(cls, **overrides: Any) -> "Config":
        load_dotenv(override=False)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = _env(f.name)
            if raw is None or f.name in ("TEMPLATE_IDS", "TEMPLATE_FIELDS"):
                continue
            if f.type in ("int",):
                values[f.name] = int(raw)
            elif f.type in ("float",):
                values[f.name] = float(raw)
            elif f.type in ("bool",):
                values[f.name] = raw.lower() in ("1", "true", "yes")
            else:
                values[f.name] = raw
        templates = {
            key[len("WECHAT_TEMPLATE_"):].lower(): value
            for key, value in os.environ.items()
            if key.startswith("WECHAT_TEMPLATE_") and value and key != "WECHAT_TEMPLATE_FIELDS"
        }
        if templates:
            values["TEMPLATE_IDS"] = templates
        if os.environ.get("WECHAT_TEMPLATE_FIELDS"):
            values["TEMPLATE_FIELDS"] = json.loads(os.environ["WECHAT_TEMPLATE_FIELDS"])
        return replace(cls(**values), **overrides)

    def as_flask_mapping(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
