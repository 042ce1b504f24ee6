"""Sending one claimed row: customer-service text inside the 48-hour window, else a template.

    deliver(client, row, recipient, settings, now) -> Outcome

- the user unsubscribed → dead "unsubscribed";
- the user wrote within 48 h → customer-service text; on 45015/45047 (WeChat disagrees about
  the window, or its quota is spent) fall back to the template if the kind has one;
- otherwise → the template configured for the kind (TEMPLATE_IDS[kind]), or dead
  "outside 48h window; no template for <kind>".
No database work happens here: the caller records the outcome.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .claim import Claimed
from .policy import WINDOW_CODES, Failure, OutboxSettings, classify

CS_WINDOW = timedelta(hours=48)


@dataclass(frozen=True)
class Recipient:
    subscribed: bool = True
    last_interaction_at: datetime | None = None


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent" | "retry" | "dead"
    channel: str | None = None  # "custom" | "template"
    msgid: str | None = None
    failure: Failure | None = None
    reason: str = ""


def _sent(channel: str, msgid=None) -> Outcome:
    return Outcome("sent", channel=channel, msgid=None if msgid is None else str(msgid))


def _failed(failure: Failure, prefix: str = "") -> Outcome:
    return Outcome("retry" if failure.transient else "dead", failure=failure, reason=prefix + failure.reason)


def template_data_for(row: Claimed) -> dict:
    """The template's data: what the caller gave, else the text in one `content` field."""
    data = row.payload.get("template")
    if isinstance(data, dict) and data:
        return data
    return {"content": {"value": str(row.payload.get("text", ""))}}


def send_template(client, row: Claimed, template_id: str) -> Outcome:
    try:
        result = client.message.send_template(row.openid, template_id, template_data_for(row),
                                              url=row.payload.get("url") or None)
    except Exception as exc:  # noqa: BLE001 - classified: every failure becomes an outcome
        return _failed(classify(exc), "template: ")
    return _sent("template", (result or {}).get("msgid"))


def deliver(client, row: Claimed, recipient: Recipient, settings: OutboxSettings, now: datetime) -> Outcome:
    if not recipient.subscribed:
        return Outcome("dead", reason="unsubscribed")
    template_id = settings.template_ids.get(row.kind)
    in_window = recipient.last_interaction_at is not None and now - recipient.last_interaction_at < CS_WINDOW
    if in_window:
        try:
            client.message.send_text(row.openid, str(row.payload.get("text", "")))
            return _sent("custom")
        except Exception as exc:  # noqa: BLE001 - classified below
            failure = classify(exc)
        if failure.code not in WINDOW_CODES:
            return _failed(failure)
        if not template_id:
            return Outcome("dead", failure=failure, reason=f"{failure.reason}; no template for {row.kind}")
        return send_template(client, row, template_id)
    if not template_id:
        return Outcome("dead", reason=f"outside 48h window; no template for {row.kind}")
    return send_template(client, row, template_id)
