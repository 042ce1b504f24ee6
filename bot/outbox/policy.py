"""How the outbox decides: settings, the 48-hour window, retry backoff, template data.

Pure functions over values; no database, no HTTP.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Mapping

from ..pushpage.links import make_linker
from . import kinds

CS_WINDOW = timedelta(hours=48)
# Since 2023-05-04 WeChat shows each template field as one line of at most 20 characters.
TEMPLATE_VALUE_LIMIT = kinds.VALUE_LIMIT


@dataclass(frozen=True)
class OutboxSettings:
    template_ids: Mapping[str, str] = field(default_factory=dict)
    # Per kind, the template's keyword id for each named field (kinds.DEFAULT_FIELD_KEYS else).
    template_fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    batch: int = 20
    lease_seconds: float = 120.0
    max_attempts: int = 10
    backoff_base: float = 5.0
    backoff_cap: float = 1800.0
    idle_seconds: float = 1.0
    # How often an idle dispatcher asks whether a fresh urgent row (a danger alert) is due,
    # so that it goes out at once rather than at the next idle poll (urgent.py); 0: never.
    urgent_poll_seconds: float = 0.05
    # Sends in flight at once per dispatcher process, and sends started per second by one
    # process and by all dispatchers together (0: no limit); see pacing.py.
    concurrency: int = 8
    rate_per_process: float = 100.0
    rate_overall: float = 100.0
    # The longest one send may take (token fetch + send + one token refresh and resend); a row
    # is only attempted while at least this much of its lease is left.
    send_budget_seconds: float = 15.0

    # Makes the signed link to a push's detail page (bot/pushpage), set by the app; None: no link.
    linker: Any = None

    def link_for(self, message: Any) -> str | None:
        return self.linker(message) if self.linker is not None else None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "OutboxSettings":
        timeout = float(config.get("WECHAT_TIMEOUT_SECONDS", 5.0))
        lease = float(config.get("OUTBOX_LEASE_SECONDS", cls.lease_seconds))
        return cls(
            template_ids=dict(config.get("TEMPLATE_IDS") or {}),
            template_fields=dict(config.get("TEMPLATE_FIELDS") or {}),
            batch=int(config.get("OUTBOX_BATCH", cls.batch)),
            lease_seconds=lease,
            max_attempts=int(config.get("OUTBOX_MAX_ATTEMPTS", cls.max_attempts)),
            backoff_base=float(config.get("OUTBOX_BACKOFF_BASE_SECONDS", cls.backoff_base)),
            backoff_cap=float(config.get("OUTBOX_BACKOFF_CAP_SECONDS", cls.backoff_cap)),
            idle_seconds=float(config.get("OUTBOX_IDLE_SECONDS", cls.idle_seconds)),
            urgent_poll_seconds=float(config.get("OUTBOX_URGENT_POLL_SECONDS", cls.urgent_poll_seconds)),
            concurrency=max(1, int(config.get("OUTBOX_CONCURRENCY", cls.concurrency))),
            rate_per_process=float(config.get("OUTBOX_RATE_PER_PROCESS", cls.rate_per_process)),
            rate_overall=float(config.get("OUTBOX_RATE_OVERALL", cls.rate_overall)),
            send_budget_seconds=min(3 * timeout, lease / 2),
            linker=make_linker(config),
        )


def in_cs_window(last_interaction_at: datetime | None, now: datetime) -> bool:
    """Customer-service messages may only go out within 48 hours of the user's last interaction."""
    return last_interaction_at is not None and now - last_interaction_at < CS_WINDOW


def backoff_seconds(attempts: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Delay before the next try after `attempts` tries: capped exponential, "equal jitter".

    The ceiling doubles per attempt up to `cap`; the delay is drawn from [ceiling/2, ceiling],
    so retries of many rows failing together spread out but never come back early.
    """
    ceiling = min(cap, base * 2 ** min(max(attempts, 1) - 1, 40))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def template_data(payload: Mapping[str, Any], kind: str = "",
                  field_keys: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """WeChat's `data` for a template message: the push's named fields (kinds.py)."""
    return kinds.template_data(kind, payload, field_keys)
