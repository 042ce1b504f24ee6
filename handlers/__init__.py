"""Chat handlers, one module per capability, combined in one explicit order (first match wins)."""
from __future__ import annotations

from bot.dispatch import Dispatcher

from . import events, guides, human, media, menu


def build_dispatcher() -> Dispatcher:
    routers = [
        guides.router,
        human.router,
        # Events and non-text messages: matched by event name / message kind only.
        events.router,
        media.router,
        menu.router,  # greeting and help last; `menu.fallback` when nothing fits
    ]
    return Dispatcher(routers=routers, fallback=menu.fallback, global_commands=menu.global_commands())
