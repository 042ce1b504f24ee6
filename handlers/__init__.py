"""Chat handlers, one module per capability, combined in one explicit order (first match wins)."""
from __future__ import annotations

from bot.dispatch import Dispatcher

from . import (account, clarify, errands, guides, human, mediation, mediation_staff, menu, status,
               volunteers)


def build_dispatcher() -> Dispatcher:
    routers = [
        clarify.router,
        guides.router,
        errands.router,
        account.router,
        volunteers.router,
        status.router,
        human.router,
        mediation_staff.router,  # mediator commands (role-gated) before the villager's "改时间 N"
        mediation.router,
        menu.router,
    ]
    return Dispatcher(routers=routers, fallback=menu.fallback, global_commands=menu.global_commands(),
                      clarify=clarify.ask_which)
