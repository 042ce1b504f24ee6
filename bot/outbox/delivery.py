"""One send of one claimed push: choose the channel, call WeChat, say what happened (`Attempt`).
No database: the dispatcher (dispatcher.py) claims rows and records what `deliver` answers.
The channel rules are in dispatcher.py's docstring."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..models.outbox import URGENT_KINDS
from ..wechat.errors import WeChatApiError
from .kinds import client_msg_id
from .mass import MASS_KIND, send_chunk
from .policy import OutboxSettings, in_cs_window, template_data
from .quota import QuotaGate, waiting_reason
from .store import ClaimedMessage, Recipient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    """How one attempt to deliver a push went (not a domain result: see bot/outcomes.py)."""

    status: str  # sent | retry | quota (wait for the daily quota's reset) | dead
    channel: str | None = None
    msgid: str | None = None
    reason: str | None = None
    retry_at: datetime | None = None  # quota: when it resets


def deliver(client: Any, message: ClaimedMessage, recipient: Recipient | None, settings: OutboxSettings,
            now: datetime, gate: QuotaGate | None = None) -> Attempt:
    """Send one message through `client` (a WeChatApi) and say what happened. No database.

    `gate` holds the APIs whose daily quota is used up: a closed API is not called; a row that
    needs it waits for the reset (status "quota"), one that can go by template does so.
    """
    if message.kind == MASS_KIND:
        status, msgid, reason = send_chunk(client, message, settings.link_for(message))
        return Attempt(status, channel="mass" if status == "sent" else None, msgid=msgid, reason=reason)
    if recipient is not None and not recipient.subscribed:
        return Attempt("dead", reason="unsubscribed")
    urgent = message.kind in URGENT_KINDS
    # An urgent push tries the API even when this process saw its quota used up (it may have reset).
    gate = QuotaGate() if urgent or gate is None else gate
    template_id = settings.template_ids.get(message.kind) or (urgent_template(settings) if urgent else None)
    payload = message.payload or {}
    try:
        if recipient is not None and in_cs_window(recipient.last_interaction_at, now):
            try:
                if (until := gate.closed_until("custom", now)) is not None:
                    if not template_id:
                        return _waiting("custom", until)
                else:
                    client.send_text_message(message.openid, str(payload.get("text", "")))
                    return Attempt("sent", channel="custom")
            except WeChatApiError as exc:
                if exc.daily_quota_reached:
                    until = gate.close("custom", now)
                    if not template_id:
                        return _waiting("custom", until)
                elif not exc.outside_cs_window:
                    raise
                elif not template_id:
                    return Attempt("dead", reason=f"{exc.describe()}; no template for {message.kind}")
                log.info("outbox %s: %s, falling back to template", message.id, exc.describe())
        elif not template_id:
            return Attempt("dead", reason=f"outside 48h window; no template for {message.kind}")
        if (until := gate.closed_until("template", now)) is not None:
            return _waiting("template", until)
        data = template_data(payload, message.kind, settings.template_fields)
        if not data:
            return Attempt("dead", reason=f"outside 48h window; no template fields for {message.kind}")
        try:
            msgid = client.send_template_message(message.openid, template_id, data,
                                                 url=payload.get("url") or settings.link_for(message),
                                                 client_msg_id=client_msg_id(message.business_key))
        except WeChatApiError as exc:
            if exc.daily_quota_reached:
                return _waiting("template", gate.close("template", now))
            raise
        return Attempt("sent", channel="template", msgid=msgid)
    except WeChatApiError as exc:
        return Attempt("retry" if exc.transient else "dead", reason=exc.describe())
    except Exception as exc:  # a bug or an unexpected answer: retry with backoff, then dead
        log.exception("outbox %s: unexpected error while sending", message.id)
        return Attempt("retry", reason=f"unexpected {type(exc).__name__}: {exc}"[:500])


def urgent_template(settings: OutboxSettings) -> str | None:
    """An urgent push with no template of its own goes by a staff-alert template (its named
    fields fill the template's keywords, kinds.py)."""
    for kind in ("need", "whistle", "task", "reminder"):
        if settings.template_ids.get(kind):
            return settings.template_ids[kind]
    return None


def _waiting(api: str, until: datetime) -> Attempt:
    return Attempt("quota", reason=waiting_reason(api, until), retry_at=until)


def quota_wait(recipient: Recipient | None, template_id: str | None, now: datetime,
               gate: QuotaGate) -> Attempt | None:
    """"Wait for the reset" when every API this row could go by has used up its daily quota,
    else None. Lets the dispatcher put such rows back without taking a send slot."""
    if recipient is not None and in_cs_window(recipient.last_interaction_at, now):
        custom_until = gate.closed_until("custom", now)
        if custom_until is None:
            return None
        if not template_id:
            return _waiting("custom", custom_until)
    elif not template_id:
        return None  # dead without a call: outside the window and no template
    template_until = gate.closed_until("template", now)
    return None if template_until is None else _waiting("template", template_until)
