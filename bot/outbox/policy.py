"""How the outbox decides: settings, the 48-hour window, retry backoff, template data.

Pure functions over values; no database, no HTTP.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Mapping

CS_WINDOW = timedelta(hours=48)
# WeChat shows template values in a small card; long values are cut there anyway.
TEMPLATE_VALUE_LIMIT = 200


@dataclass(frozen=True)
class OutboxSettings:
    template_ids: Mapping[str, str] = field(default_factory=dict)
    batch: int = 20
    lease_seconds: float = 120.0
    max_attempts: int = 10
    backoff_base: float = 5.0
    backoff_cap: float = 1800.0
    idle_seconds: float = 1.0
    # Sends in flight at once per dispatcher process, and sends started per second by one
    # process and by all dispatchers together (0: no limit); see pacing.py.
    concurrency: int = 8
    rate_per_process: float = 100.0
    rate_overall: float = 100.0
    # The longest one send may take (token fetch + send + one token refresh and resend); a row
    # is only attempted while at least this much of its lease is left.
    send_budget_seconds: float = 15.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "OutboxSettings":
        timeout = float(config.get("WECHAT_TIMEOUT_SECONDS", 5.0))
        lease = float(config.get("OUTBOX_LEASE_SECONDS", cls.lease_seconds))
        return cls(
            template_ids=dict(config.get("TEMPLATE_IDS") or {}),
            batch=int(config.get("OUTBOX_BATCH", cls.batch)),
            lease_seconds=lease,
            max_attempts=int(config.get("OUTBOX_MAX_ATTEMPTS", cls.max_attempts)),
            backoff_base=float(config.get("OUTBOX_BACKOFF_BASE_SECONDS", cls.backoff_base)),
            backoff_cap=float(config.get("OUTBOX_BACKOFF_CAP_SECONDS", cls.backoff_cap)),
            idle_seconds=float(config.get("OUTBOX_IDLE_SECONDS", cls.idle_seconds)),
            concurrency=max(1, int(config.get("OUTBOX_CONCURRENCY", cls.concurrency))),
            rate_per_process=float(config.get("OUTBOX_RATE_PER_PROCESS", cls.rate_per_process)),
            rate_overall=float(config.get("OUTBOX_RATE_OVERALL", cls.rate_overall)),
            send_budget_seconds=min(3 * timeout, lease / 2),
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


def template_data(payload: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """WeChat's `data` for a template message: `{"field": {"value": "..."}}`.

    From the payload's `template` dict when the caller gave one (plain values are wrapped),
    else built from the text: first line → `first`, the middle → `keyword1`, the last → `remark`.
    """
    data = payload.get("template")
    if not isinstance(data, Mapping) or not data:
        data = data_from_text(str(payload.get("text", "")))
    out = {}
    for key, value in data.items():
        if isinstance(value, Mapping) and "value" in value:
            out[str(key)] = {**value, "value": _clip(str(value["value"]))}
        else:
            out[str(key)] = {"value": _clip("" if value is None else str(value))}
    return out


def data_from_text(text: str) -> dict[str, str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        return {"first": "", "keyword1": lines[0] if lines else "", "remark": ""}
    first, rest = lines[0], lines[1:]
    remark = rest.pop() if len(rest) >= 2 else ""
    return {"first": first, "keyword1": "\n".join(rest), "remark": remark}


def _clip(value: str) -> str:
    return value if len(value) <= TEMPLATE_VALUE_LIMIT else value[:TEMPLATE_VALUE_LIMIT - 1] + "…"
