"""One inbound message → one reply: find or create the user, load the dialog, dispatch.

The protocol edge (bot/webhook.py) calls `handle_incoming` inside a database transaction;
this module knows nothing of XML or HTTP. Free words are read by the NLU router unless an app
was given another with `use_router` (tests do, instead of patching a private name).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable

from flask import Flask, current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from . import clock, context
from .forms import form_flows
from .dialog import DatabaseDialogStore, DialogHandle, RedisDialogStore, note_dialog_row, with_dialog_row
from .dispatch import Context, Dispatcher
from .messages import Incoming, Reply
from .models import User
from .sender import read_sender
from .sqlutil import insert_or_ignore

if TYPE_CHECKING:
    from .nlu import RouteResult


# Events WeChat sends about a user rather than from them.
_NOT_FROM_THE_USER = ("unsubscribe", "TEMPLATESENDJOBFINISH")
# Events that do not open the customer-service window (WeChat counts messages, follows,
# scans and click-type menu events; a page link or an automatic location report is not one).
_NO_WINDOW = ("VIEW", "LOCATION")


_USER_QUERY = None
_SENDER_QUERIES: dict[bool, object] = {}


def _user_query():
    """The sender with their roles in one statement (a LEFT OUTER JOIN: every handler's filter
    reads them), built once: the openid goes as a parameter."""
    global _USER_QUERY
    if _USER_QUERY is None:
        _USER_QUERY = select(User).where(User.openid == bindparam("openid")).options(joinedload(User.roles))
    return _USER_QUERY


def _sender_query(with_dialog: bool):
    """The sender's query that also brings their context items and, with the dialog kept in
    the database, their dialog row: two statements fewer per message."""
    query = _SENDER_QUERIES.get(with_dialog)
    if query is None:
        query = context.with_context_items(_user_query(), User.openid)
        if with_dialog:
            query = with_dialog_row(query, User.openid)
        query = _SENDER_QUERIES[with_dialog] = query
    return query


def _first_per_user(row) -> int:
    return id(row[0])  # one row per role: the rest repeat the user (the JSON columns are unhashable)


def get_or_create_user(session: Session, openid: str, read_along: bool = False) -> User:
    """The sender's row. A new follower's first messages may be handled at the same moment
    (several workers): insert-or-ignore, so the second waits for the first and finds its row
    instead of failing on the unique openid. With `read_along` (the message's own sender) the
    same statement reads their context items and database dialog row for this transaction."""
    params = {"openid": openid}
    if read_along:
        with_dialog = current_app.extensions.get("redis") is None
        sender = read_sender(session, openid, with_dialog)  # the same statement on the cursor
        if sender is not None:
            return sender
        row = session.execute(_sender_query(with_dialog), params).unique(_first_per_user).one_or_none()
        if row is not None:
            context.note_items(session, openid, row[1])
            if with_dialog:
                note_dialog_row(session, openid, *row[2:6])
            return row[0]
    user = session.scalars(_user_query(), params).unique().one_or_none()
    if user is None:
        insert_or_ignore(session, User, params, ["openid"])
        user = session.scalars(_user_query(), params,
                               execution_options={"populate_existing": True}).unique().one()
    return user


# The last contact is stored to the minute: a villager's next messages within it write nothing.
# The 48-hour window (bot/outbox/policy.py) then closes at most this much early, never late.
CONTACT_PRECISION = timedelta(minutes=1)

_USERS = User.__table__
_SUBSCRIBED = update(_USERS).where(_USERS.c.id == bindparam("user_id")).values(subscribed=True)
_SUBSCRIBED_AND_SEEN = _SUBSCRIBED.values(last_interaction_at=bindparam("at"))


def _note_contact(session: Session, user: User, at: datetime | None) -> None:
    """The user follows us (and, with `at`, opened the customer-service window then): one kept
    UPDATE, and the ORM is told the values are stored, so the user is not left dirty and no
    query of the handler pays a unit-of-work flush for it."""
    if at is None:
        if user.subscribed:
            return
        session.execute(_SUBSCRIBED, {"user_id": user.id})
    else:
        seen = user.last_interaction_at
        if user.subscribed and seen is not None and timedelta(0) <= at - seen < CONTACT_PRECISION:
            return  # stored less than a minute ago: no write (the window may close that much early)
        session.execute(_SUBSCRIBED_AND_SEEN, {"user_id": user.id, "at": at})
        set_committed_value(user, "last_interaction_at", at)
    set_committed_value(user, "subscribed", True)


def _dialog_store(session: Session):
    redis_client = current_app.extensions.get("redis")
    return RedisDialogStore(redis_client) if redis_client is not None else DatabaseDialogStore(session)


# What reads a message's free words: the NLU router, or a stand-in a test sets with `use_router`.
TextRouter = Callable[[str, Context], "RouteResult"]
_ROUTER_KEY = "text_router"


def nlu_router(text: str, ctx: Context) -> "RouteResult":
    """The production router: the NLU's reading of the text (the context is not used yet)."""
    from . import lexicon_store
    from .nlu import route_text

    lexicon_store.sync(ctx.session)  # examples cadres added on the admin board, in every worker
    return route_text(without_contact(text))


# "俺电话13900001234" told along with a matter is contact detail, not the request: its 电话 must
# not read as "find a person". A number alone stays (a form's step reads it).
_CONTACT = re.compile(r"(?:俺|我|我的|俺的|家里|家)?(?:的)?(?:手机号码?|手机|电话号码?|电话|号码|联系方式)?(?:是|：|:)?\s*"
                      r"(?:\+?86)?1[3-9](?:[\s\-]*\d){9}")


def without_contact(text: str) -> str:
    """The text with a mobile number and its label taken out, when something else is left."""
    rest = _CONTACT.sub(" ", text).strip(" ，,。.")
    return rest if rest and rest != text.strip() else text


def use_router(app: Flask, router: TextRouter | None) -> None:
    """Route the free words of messages to `app` with `router` (tests inject a stand-in instead
    of the NLU); None puts the NLU router back."""
    if router is None:
        app.extensions.pop(_ROUTER_KEY, None)
    else:
        app.extensions[_ROUTER_KEY] = router


def router_of(app: Flask) -> TextRouter:
    """The router `app` uses: the one set with `use_router`, else the NLU router."""
    return app.extensions.get(_ROUTER_KEY, nlu_router)


def handle_incoming(session: Session, incoming: Incoming, now: datetime | None = None) -> Reply:
    """Answer one message or event. Runs inside the caller's transaction."""
    now = now or clock.now()
    user = get_or_create_user(session, incoming.openid, read_along=True)
    event = incoming.event if incoming.kind == "event" else ""
    if event not in _NOT_FROM_THE_USER:
        # A message, follow, scan or menu click reopens the 48-hour customer-service window.
        _note_contact(session, user, None if event in _NO_WINDOW else now)
    dialog = DialogHandle(_dialog_store(session), incoming.openid, now,
                          current_app.config["DIALOG_IDLE_SECONDS"], forms=form_flows(),
                          form_idle_seconds=current_app.config["FORM_IDLE_SECONDS"], defer_keep_alive=True)
    ctx = Context(incoming=incoming, session=session, user=user, dialog=dialog, now=now,
                  app_config=current_app.config, _router_fn=router_of(current_app))
    dispatcher: Dispatcher = current_app.extensions["dispatcher"]
    reply = dispatcher.dispatch(ctx)
    dialog.flush()
    if incoming.kind in ("text", "voice"):
        context.note_action(session, incoming.openid, reply.action)
    return reply
