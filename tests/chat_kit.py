"""Talk to the bot without HTTP: `say(app, "u1", "低保怎么办")` returns the reply text.

For handler tests. Tests of the webhook itself use signed XML through the real endpoint.
"""
from __future__ import annotations

import itertools
from datetime import datetime

from bot import clock
from bot.conversation import handle_incoming
from bot.messages import Incoming

_ids = itertools.count(1)


def incoming(openid: str, text: str = "", kind: str = "text", **fields) -> Incoming:
    return Incoming(openid=openid, kind=kind, created_at=fields.pop("created_at", clock.now()),
                    text=text, msg_id=str(next(_ids)), **fields)


def say(app, openid: str, text: str, now: datetime | None = None, **fields) -> str:
    with app.app_context(), app.extensions["db"].session() as session:
        return handle_incoming(session, incoming(openid, text, **fields), now=now).text


def event(app, openid: str, event_name: str, event_key: str = "", now: datetime | None = None) -> str:
    with app.app_context(), app.extensions["db"].session() as session:
        inc = incoming(openid, kind="event", event=event_name, event_key=event_key)
        return handle_incoming(session, inc, now=now).text
