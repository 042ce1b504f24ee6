"""Talk to the bot without HTTP, through `handle_incoming` as the webhook does.

    say(app, "u1", "低保怎么办")              # → the reply's text
    chat(app, "u1", "最近的食堂")             # the same, asserting every part fits in a WeChat text
    converse(app, "u1", "食堂")               # → bot.messages.Reply (text, followups, action)
    talk(app, "v1", "人工", at=MONDAY_10)     # → Reply, handled at that time
    event(app, "u1", "CLICK", "MENU_GUIDES")

For handler tests. Tests of the webhook itself use signed XML through the real endpoint
(tests.kit.wechat). A stand-in for the NLU router is in tests.kit.routing.
"""
from __future__ import annotations

import itertools
from datetime import datetime

from bot import clock
from bot.conversation import handle_incoming
from bot.messages import Incoming, Reply
from bot.wechat.replies import WECHAT_TEXT_LIMIT_BYTES
from tests.kit.worlds import MONDAY_10

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


def converse(app, openid: str, text: str = "", **fields) -> Reply:
    """One message through handle_incoming; every part of the reply must fit in a WeChat text."""
    with app.app_context(), app.extensions["db"].session() as session:
        reply = handle_incoming(session, incoming(openid, text, **fields))
    for part in [reply.text, *reply.followups]:
        assert len(part.encode("utf-8")) < WECHAT_TEXT_LIMIT_BYTES, part
    return reply


def chat(app, openid: str, text: str = "", **fields) -> str:
    return converse(app, openid, text, **fields).text


def send_location(app, openid: str, latitude: float, longitude: float, label: str = "") -> str:
    return chat(app, openid, kind="location", latitude=latitude, longitude=longitude, label=label)


def talk(app, openid: str, text: str, at: datetime = MONDAY_10) -> Reply:
    """One text message sent and handled at `at` (the relay tests' Monday 10:00 by default)."""
    with app.app_context(), app.extensions["db"].session() as session:
        message = Incoming(openid=openid, kind="text", created_at=at, text=text, msg_id=str(next(_ids)))
        return handle_incoming(session, message, now=at)


def order_of(text: str, names: list[str]) -> list[str]:
    """The names in the order they first appear in the text (absent ones left out)."""
    found = [(text.find(n), n) for n in names if n in text]
    return [n for _, n in sorted(found)]
