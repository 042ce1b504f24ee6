"""Chat handlers, one module per capability, combined in one explicit order (first match wins)."""
from __future__ import annotations

from bot.dispatch import Dispatcher

from . import human, mediation, mediation_staff, menu


def build_dispatcher() -> Dispatcher:
    routers = [
        human.router,
        mediation_staff.router,  # mediator commands (role-gated) before the villager's "改时间 N"
        mediation.router,
        menu.router,
    ]
    return Dispatcher(routers=routers, fallback=menu.fallback, global_commands=menu.global_commands())
