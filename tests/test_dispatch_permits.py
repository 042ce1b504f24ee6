"""Dispatch reads the sender's roles once for the handlers it tries in a row, and again after any
callback ran (a handler may give or take a role); Context.text follows the message it holds."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from bot.dispatch import NOT_MINE, Context, Dispatcher, Router
from bot.messages import Incoming, Reply

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


class _User:
    def __init__(self, *roles: str):
        self.roles = set(roles)
        self.reads = 0

    @property
    def role_names(self) -> set[str]:
        self.reads += 1
        return {"villager"} | self.roles


class _Dialog:
    state = None
    just_paused = False

    def paused_form(self):
        return None

    def is_paused(self) -> bool:
        return False


def _ctx(text: str, user: _User) -> Context:
    incoming = Incoming(openid="o1", kind="text", created_at=NOW, text=text)
    return Context(incoming=incoming, session=None, user=user, dialog=_Dialog(), now=NOW, app_config={})


def _dispatcher(*routers: Router) -> Dispatcher:
    return Dispatcher(routers=list(routers), fallback=lambda ctx: Reply("fallback", action="fallback"))


@pytest.mark.parametrize("text", ["接单 3", "接单3 好的", "俺来接单 12"])
def test_roles_are_read_once_for_the_gated_handlers_tried_in_a_row(text):
    router = Router("t")
    for role in ("cadre", "rep", "mediator"):
        router.command(r"接单", roles={role})(lambda ctx: NOT_MINE)
    router.command(r"接单", roles={"party_member"})(lambda ctx: Reply("taken", action="taken"))
    user = _User("party_member")
    assert _dispatcher(router).dispatch(_ctx(text, user)).action == "taken"
    assert user.reads == 1  # not refused by the three roles' handlers one read each


@pytest.mark.parametrize("text", ["俺报到", "报到了", "我来报到 党员"])
def test_a_role_given_by_a_handler_that_steps_aside_counts_for_the_next(text):
    router = Router("t")

    def grants(ctx):
        ctx.user.roles.add("party_member")
        return NOT_MINE

    router.command(r"报到", roles={"mediator"})(lambda ctx: Reply("mediator", action="mediator"))
    router.reader()(grants)
    router.command(r"报到", roles={"party_member"})(lambda ctx: Reply("member", action="member"))
    user = _User()
    assert _dispatcher(router).dispatch(_ctx(text, user)).action == "member"


@pytest.mark.parametrize("text", ["不干了", "退出网格员", "俺不当网格员了"])
def test_a_role_taken_by_a_handler_that_steps_aside_no_longer_counts(text):
    router = Router("t")

    def takes(ctx):
        ctx.user.roles.discard("grid_worker")
        return NOT_MINE

    router.command(r".", roles={"grid_worker"})(takes)
    router.command(r".", roles={"grid_worker"})(lambda ctx: Reply("still staff", action="staff"))
    assert _dispatcher(router).dispatch(_ctx(text, _User("grid_worker"))).action == "fallback"


def test_a_routed_intent_reads_roles_again_after_a_handler_stepped_aside():
    router = Router("t")

    def grants(ctx):
        ctx.user.roles.add("volunteer")
        return NOT_MINE

    router.intent("task")(grants)
    router.intent("task", roles={"volunteer"})(lambda ctx: Reply("task", action="task"))
    ctx = _ctx("有啥活", _User())
    assert _dispatcher(router).dispatch_route(ctx, type("R", (), {"intent": "task"})()).action == "task"


@pytest.mark.parametrize("text, other", [(" 低保咋办 ", "  医保在哪交"), ("1\n", "2 "), ("好的", " 不用了")])
def test_context_text_is_the_stripped_text_of_the_message_it_holds(text, other):
    ctx = _ctx(text, _User())
    assert ctx.text == text.strip()
    ctx.incoming = replace(ctx.incoming, text=other)
    assert ctx.text == other.strip()
