"""Typed inbound messages and replies: what handlers see, independent of WeChat's XML."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Incoming:
    """One message or event from a user, as the protocol edge parsed it."""

    openid: str
    kind: str  # text | voice | image | location | link | video | event | unknown
    created_at: datetime
    text: str = ""  # text content, or voice Recognition ("" when absent)
    event: str = ""  # subscribe | unsubscribe | SCAN | CLICK | VIEW | LOCATION | TEMPLATESENDJOBFINISH
    event_key: str = ""
    msg_id: str = ""
    latitude: float | None = None
    longitude: float | None = None
    label: str = ""  # location label, link title
    media_id: str = ""
    url: str = ""  # image PicUrl, link Url
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


@dataclass
class Reply:
    """A passive reply. `text` is what the user reads; long text is split by the edge."""

    text: str
    # Further messages delivered as customer-service messages right after (long answers).
    followups: list[str] = field(default_factory=list)
    # What the bot did with the message: an action id of CONTRACT.md ("guide.materials",
    # "mediation.cancel", "safety.alert", ...), and the guide it concerns. Reported only for
    # what was done; logged with the message and read by `flask converse`.
    action: str | None = None
    guide: str | None = None


def as_reply(value: "Reply | str | None") -> Reply | None:
    if value is None or isinstance(value, Reply):
        return value
    return Reply(text=str(value))


def did(action: str | None, reply: "Reply | str", guide: str | None = None) -> Reply:
    """`reply` reporting `action` (and the guide it concerns; a Reply's own guide is kept)."""
    out = Reply(text=reply) if isinstance(reply, str) else reply
    out.action = action
    if guide is not None:
        out.guide = guide
    return out
