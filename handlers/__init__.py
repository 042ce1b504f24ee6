"""Chat handlers, one module per capability, combined in one explicit order (first match wins)."""
from __future__ import annotations

from bot.dispatch import Dispatcher

from . import guides, human, menu, status, volunteers


def build_dispatcher() -> Dispatcher:
    routers = [
        guides.router,
        volunteers.router,
        status.router,
        human.router,
        menu.router,
    ]
    return Dispatcher(routers=routers, fallback=menu.fallback, global_commands=menu.global_commands())
