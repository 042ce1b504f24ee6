"""The handler registry: handlers declare what they handle; the first that matches acts.

Each module in `handlers/` owns a `Router` and registers callbacks on it:

    router = Router("mediation")

    @router.intent("mediation")                 # routed text with this intent
    @router.command(r"^接单\\s*(\\d+)$", roles={"party_member"})  # command words, role-gated
    @router.reader()                            # reads any text with the user's context itself
    @router.flow("booking", step="kind")        # a reply inside a flow step
    @router.event("subscribe")                  # a WeChat event
    @router.message("location")                 # a message kind

A callback takes a `Context` and returns a `Reply`, a `str`, or `NOT_MINE` (a flow step that
does not recognise the text, or a message handler for a kind it only takes inside its flow,
so dispatch goes on to the next handler).

Order of dispatch for text: the guard (danger to life or safety, handlers/safety.py) → global
commands (cancel) → the active flow's step → commands and readers (in router order) → the
routed intent → fallback. `handlers.ROUTERS` fixes the order of the modules.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from . import forms
from .localtime import app_zone
from .messages import Incoming, Reply, as_reply
from .new_request import NEW_REQUEST_SCORE, is_new_request

__all__ = ["NEW_REQUEST_SCORE", "NOT_MINE", "Context", "Dispatcher", "Handler", "Router", "is_new_request"]

log = logging.getLogger(__name__)

NOT_MINE = object()
POLITE_ERROR = "抱歉，系统刚才出了点问题，已经告诉工作人员了。请稍后再试，或回复“人工”找工作人员。"


@dataclass
class Context:
    """Everything a handler needs for one message. Handlers never touch XML or HTTP."""

    incoming: Incoming
    session: Session
    user: Any  # bot.models.User
    dialog: Any  # bot.dialog.DialogHandle
    now: datetime
    app_config: dict
    match: re.Match | None = None
    _route: Any = None
    _router_fn: Callable[[str, "Context"], Any] | None = None
    # The stripped text and the message it was taken from (handlers read ctx.text ~34 times a
    # message; an incoming put in its place is read anew).
    _text: str = field(default="", init=False, repr=False, compare=False)
    _text_of: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text_of is not self.incoming:
            self._text, self._text_of = self.incoming.text.strip(), self.incoming
        return self._text

    @property
    def tz(self) -> ZoneInfo:
        """The app's local zone (TZ_NAME): days, months and times are read in it."""
        return app_zone(self.app_config)

    @property
    def route(self):
        """The NLU result for this text (computed once, on first use)."""
        if self._route is None and self._router_fn is not None:
            self._route = self._router_fn(self.text, self)
        return self._route


Callback = Callable[[Context], "Reply | str | object | None"]


@dataclass
class Handler:
    callback: Callback
    owner: str
    intents: frozenset[str] = frozenset()
    pattern: re.Pattern | None = None
    flow: str | None = None
    step: str | None = None  # None: any step of the flow
    event: str | None = None
    kind: str | None = None
    roles: frozenset[str] | None = None  # None: everyone
    # Reads any text itself (in command order) and answers NOT_MINE when it is not its own:
    # short answers whose meaning depends on the user's context (bot/context.py).
    reads: bool = False
    # Free words taken only in a situation (a rating after a closed need): not a command word
    # that other handlers step aside for.
    free: bool = False

    def allows(self, user) -> bool:
        return self.roles is None or bool(self.roles & user.role_names)

    @property
    def name(self) -> str:
        return f"{self.owner}.{self.callback.__name__}"


# Bumped whenever a router's handlers change (a registration, or the list replaced): a
# Dispatcher's index of them (below) is rebuilt when it sees another value.
_generation = 0


def _changed() -> None:
    global _generation
    _generation += 1


class Router:
    """The handlers of one capability module."""

    def __init__(self, owner: str):
        self.owner = owner
        self.handlers = []

    @property
    def handlers(self) -> list[Handler]:
        return self._handlers

    @handlers.setter
    def handlers(self, handlers: list[Handler]) -> None:
        self._handlers = handlers
        _changed()

    def _add(self, roles: Iterable[str] | None, **spec) -> Callable[[Callback], Callback]:
        def register(callback: Callback) -> Callback:
            self._handlers.append(Handler(callback=callback, owner=self.owner,
                                          roles=frozenset(roles) if roles else None, **spec))
            _changed()
            return callback
        return register

    def intent(self, *intents: str, roles: Iterable[str] | None = None):
        return self._add(roles, intents=frozenset(intents))

    def command(self, pattern: str, roles: Iterable[str] | None = None, free: bool = False):
        return self._add(roles, pattern=re.compile(pattern, re.IGNORECASE), free=free)

    def flow(self, flow: str, step: str | None = None, roles: Iterable[str] | None = None):
        return self._add(roles, flow=flow, step=step)

    def event(self, event: str, roles: Iterable[str] | None = None):
        return self._add(roles, event=event)

    def reader(self, roles: Iterable[str] | None = None):
        """A command without words of its own: it reads the text and the user's context."""
        return self._add(roles, reads=True)

    def message(self, kind: str, roles: Iterable[str] | None = None):
        return self._add(roles, kind=kind)


class _Permits:
    """Whether the sender may use a handler, their roles read once for the handlers tried in a
    row (issue 17: `allows` built `user.role_names` ~18 times a message). `stale()` after any
    callback has run: a handler may have given or taken a role, or put another user in place."""

    __slots__ = ("ctx", "_roles")

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._roles: set[str] | None = None

    def __call__(self, handler: Handler) -> bool:
        if handler.roles is None:
            return True
        if self._roles is None:
            self._roles = self.ctx.user.role_names
        return bool(handler.roles & self._roles)

    def stale(self) -> None:
        self._roles = None


class _Index:
    """A dispatcher's handlers in order, and the parts of them each step of dispatch looks at
    (issue 17: dispatch walked all ~190 handlers up to three times a message): the commands and
    readers, the handlers of each flow, of each intent. Built for one state of the routers."""

    __slots__ = ("key", "handlers", "scanned", "by_flow", "by_intent")

    def __init__(self, key, routers: list[Router]):
        self.key = key
        self.handlers = tuple(h for r in routers for h in r.handlers)
        # What the text loop tries, in order: readers and commands (a handler with neither is passed).
        self.scanned = tuple(h for h in self.handlers if h.reads or h.pattern is not None)
        by_flow: dict = {}
        by_intent: dict = {}
        for h in self.handlers:
            by_flow.setdefault(h.flow, []).append(h)
            for intent in h.intents:
                by_intent.setdefault(intent, []).append(h)
        self.by_flow = {flow: tuple(hs) for flow, hs in by_flow.items()}
        self.by_intent = {intent: tuple(hs) for intent, hs in by_intent.items()}


@dataclass
class Dispatcher:
    routers: list[Router]
    fallback: Callback
    global_commands: list[Handler] = field(default_factory=list)
    # Called instead of an intent handler when the router cannot choose between candidates.
    clarify: Callback | None = None
    # Runs before everything else for text and voice, in any state; NOT_MINE lets dispatch go on.
    guard: Callback | None = None
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def _indexed(self) -> _Index:
        """The index of the handlers as the routers are now (rebuilt after any change: a router
        inserted or removed, a handler registered, a router's list replaced)."""
        key = (_generation, tuple(self.routers))
        index = self._index
        if index is None or index.key != key:
            index = self._index = _Index(key, self.routers)
        return index

    @property
    def handlers(self) -> list[Handler]:
        return list(self._indexed().handlers)

    def dispatch(self, ctx: Context) -> Reply:
        """Find the handler for this message and run it; errors become a polite reply."""
        try:
            reply = as_reply(self._dispatch(ctx)) or Reply("")
            if getattr(ctx.dialog, "just_paused", False) and reply.action not in ("flow.resume", "flow.cancel"):
                if line := forms.offer_line(ctx):  # the other matter is answered; the form is offered back
                    reply.text = f"{reply.text}\n\n{line}" if reply.text else line
            return reply
        except Exception:
            log.exception("handler failed for %s (%s)", ctx.incoming.kind, ctx.incoming.event or "")
            return Reply(POLITE_ERROR)

    def _dispatch(self, ctx: Context):
        inc = ctx.incoming
        if inc.kind == "event":
            for h in self.handlers:
                if h.event == inc.event and h.allows(ctx.user):
                    return h.callback(ctx)
            return None
        if inc.kind not in ("text", "voice") or not inc.has_text:
            for h in self.handlers:
                if h.kind == inc.kind and h.allows(ctx.user):
                    result = h.callback(ctx)  # e.g. a photo inside a flow, else NOT_MINE
                    if result is not NOT_MINE:
                        return result
            return self.fallback(ctx)
        return self._dispatch_text(ctx)

    def _dispatch_text(self, ctx: Context):
        text = ctx.text
        index = self._indexed()
        if self.guard is not None and (result := self.guard(ctx)) is not NOT_MINE:
            return result
        allows = _Permits(ctx)  # read after the guard ran; made stale after each callback below
        for h in self.global_commands:
            if (m := h.pattern.search(text)) and allows(h):
                ctx.match = m
                result = h.callback(ctx)
                if result is not NOT_MINE:  # a command may find the words are something else after all
                    return result
                allows.stale()
        state = ctx.dialog.state
        if ctx.dialog.paused_form() is not None and forms.asks_resume(text):
            return forms.resume(ctx)
        if ctx.dialog.paused_form() is not None and forms.answers_paused_form(ctx):
            ctx.dialog.resume()  # the form's own step takes the number below, saying which form
            ctx.dialog.came_back = True
            state = ctx.dialog.state
        allows.stale()
        if state is not None and not ctx.dialog.is_paused():
            for h in index.by_flow.get(state.flow, ()):  # the handlers with h.flow == state.flow, in order
                if h.step in (None, state.step) and allows(h):
                    result = h.callback(ctx)
                    if result is not NOT_MINE:
                        return forms.came_back(ctx, as_reply(result)) if ctx.dialog.came_back else result
                    if ctx.dialog.in_form() and forms.asks_resume(text) and (again := forms.ask_again(ctx)):
                        return again  # 火扑灭了 危房的事接着办吧: the form goes on where it was
                    if is_new_request(ctx) and getattr(ctx.route, "intent", None) != "cancel":
                        # A clearly different request: a form waits for it, anything else ends.
                        if ctx.dialog.in_form():
                            ctx.dialog.pause()
                        else:
                            ctx.dialog.finish()
                    allows.stale()
                    break
        for h in index.scanned:
            if h.reads and allows(h):
                ctx.match = None
                result = h.callback(ctx)
                if result is not NOT_MINE:
                    return result
                allows.stale()
            elif h.pattern is not None and (m := h.pattern.search(text)) and allows(h):
                ctx.match = m
                result = h.callback(ctx)
                if result is not NOT_MINE:
                    return result
                allows.stale()
        route = ctx.route
        if getattr(route, "ambiguous", False) and self.clarify is not None:
            return self.clarify(ctx)
        return self.dispatch_route(ctx, route)

    def dispatch_route(self, ctx: Context, route):
        """Act on a routed intent (also used after a villager picks one of several choices)."""
        ctx._route = route
        intent = getattr(route, "intent", None)
        form = ctx.dialog.paused_form()
        spec = forms.spec_for(form.flow if form else None)
        if spec is not None and spec.intent == intent:  # 接着约调解: the paused booking, not a new one
            return forms.resume(ctx)
        allows = _Permits(ctx)
        for h in self._indexed().by_intent.get(intent, ()):  # the handlers with intent in h.intents
            if allows(h):
                result = h.callback(ctx)
                if result is not NOT_MINE:
                    return result
                allows.stale()
        return self.fallback(ctx)
