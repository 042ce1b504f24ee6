"""Chat handlers, one module per capability, combined in one explicit order (first match wins)."""
from __future__ import annotations

from bot.dispatch import Dispatcher

from . import account, errands, menu


def build_dispatcher() -> Dispatcher:
    routers = [
        errands.router,
        account.router,
        menu.router,
    ]
    return Dispatcher(routers=routers, fallback=menu.fallback, global_commands=menu.global_commands())
