"""The steps every form's handlers share: move to a step, ask the first missing field, the confirm
menu at the summary, leave or not."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from bot.choices import clauses, parse_number
from bot.dispatch import NEW_REQUEST_SCORE, NOT_MINE, Context, is_new_request
from bot.forms import is_confirm
from bot.messages import Reply, did

from .answers import is_command, parse_yes_no
from .smalltalk import smalltalk_kinds

# A free-words answer (the matter, the time, the story) is left only for these.
FREE_TEXT_EXITS = frozenset({"cancel", "human", "menu"})
Ask = Callable[[Context], Reply]


@dataclass(frozen=True)
class Field:
    """One field of a form: the slot it fills, the step that asks it, and how it is asked."""

    slot: str
    step: str
    ask: Ask


def step(ctx: Context, flow: str, name: str, **slots: Any) -> None:
    """Move the form to step `name` (starting it when it is not in progress)."""
    if ctx.dialog.in_flow(flow):
        ctx.dialog.advance(name, **slots)
    else:
        ctx.dialog.start(flow, name, **slots)


def ask_next(ctx: Context, flow: str, fields: list[Field], summary: Ask) -> Reply:
    """Ask the first field still empty (whatever order answers came in); none: the summary."""
    for field in fields:
        if not ctx.dialog.slots.get(field.slot):
            step(ctx, flow, field.step)
            return field.ask(ctx)
    step(ctx, flow, "confirm")
    return summary(ctx)


@dataclass(frozen=True)
class ConfirmMenu:
    """The summary's numbered menu: 1 (or a yes) submits; the other numbers go back to a field."""

    submit: Ask
    changes: dict[int, tuple[str, dict[str, Any]]]  # number → (the step to go to, the slots it empties)
    again: Ask  # the next question (the summary again when nothing is missing)
    by_meaning: Callable[[Context], dict[str, Any]]  # slots a message gives at the summary (a phone, a time)
    leaves: Callable[[Context], bool]  # whether words that are none of these leave the form
    action: str  # errand.ask / need.ask
    retry: str  # 请回复 1 确认提交 …


def confirm(ctx: Context, menu: ConfirmMenu) -> Reply | object:
    """An answer at the summary: submit, take what it gives, go back to a field, leave, or ask again."""
    if is_command(ctx.text):
        return NOT_MINE
    answer, number = parse_yes_no(ctx.text), parse_number(ctx.text)
    if answer is True or number == 1 or is_confirm(ctx.text):
        return menu.submit(ctx)
    if found := menu.by_meaning(ctx):  # a new phone (and time) at the summary: take it, show it again
        ctx.dialog.advance("confirm", **found)
        # 不急 就这样吧 / 139… 对: the change and a yes in one message: take it and submit
        return menu.submit(ctx) if _yes_in_a_clause_after(ctx.text) else menu.again(ctx)
    if number in menu.changes:
        name, emptied = menu.changes[number]
        ctx.dialog.advance(name, **emptied)
        return menu.again(ctx)
    if menu.leaves(ctx) or small_talk(ctx):
        return NOT_MINE
    return did(menu.action, menu.retry)


def _yes_in_a_clause_after(text: str) -> bool:
    """A yes said as a clause of its own after the first one (不急 就这样吧, 13900001111 对)."""
    said = clauses(text)
    return len(said) > 1 and any(is_confirm(c) or parse_yes_no(c) is True for c in said[1:])


def leaves(ctx: Context, own_intents: tuple[str, ...] = ()) -> bool:
    """A command or a clearly different request: the dispatcher answers it (the form waits)."""
    return is_command(ctx.text) or is_new_request(ctx, own_intents)


# Services a question can be about that are no answer to "what happened" (对了 老年食堂在哪儿).
_ASKED_ELSEWHERE = frozenset({"canteen", "guide", "theme", "affairs", "status", "volunteer"})
# 开门没 / 有饭不 / 开没开: a question ends in 没 / 不 too, or asks either way.
_ASKS = re.compile(r"[吗么呢没不?？]\s*$|没有\s*$|(\w)[不没]\1|哪|啥|什么|咋|怎么|几[点时号天]|多少")
_QUESTION_CHARS = 20  # longer words tell something


def asks_another_service(ctx: Context) -> bool:
    """A short question the router is sure belongs to another service: answered there, and the
    form offered back, never stored as the form's free text. A statement stays the answer."""
    route = ctx.route
    return (route is not None and route.intent in _ASKED_ELSEWHERE and route.score >= NEW_REQUEST_SCORE
            and not route.ambiguous and len(ctx.text.strip()) <= _QUESTION_CHARS and bool(_ASKS.search(ctx.text)))


def small_talk(ctx: Context) -> bool:
    """Thanks, a greeting or a goodbye alone (你们这个真方便 谢谢啊): no answer to any question; small
    talk answers it and the form's question waits. An ok (行, 对) is left to the step: it may be a yes."""
    return bool(smalltalk_kinds(ctx.text) - {"ok"})


def leaves_free_text(ctx: Context) -> bool:
    """For a question answered in free words only a command, cancel, a call for a person or a
    greeting leaves: any other words are the answer. Thanks, a greeting or a goodbye alone
    (谢谢恁, 再见) tell nothing: small talk answers them and the question waits."""
    if is_command(ctx.text) or small_talk(ctx):
        return True
    route = ctx.route
    return (route is not None and route.intent in FREE_TEXT_EXITS and route.score >= NEW_REQUEST_SCORE
            and not route.ambiguous)
