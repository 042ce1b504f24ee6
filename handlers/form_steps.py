"""The steps every form's handlers share: move to a step, ask the first missing field, leave or not."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bot.dispatch import NEW_REQUEST_SCORE, Context, is_new_request
from bot.messages import Reply

from .answers import is_command

# A free-words answer (the matter, the time, the story) is left only for these.
FREE_TEXT_EXITS = frozenset({"cancel", "human", "menu"})
Ask = Callable[[Context], Reply]


@dataclass(frozen=True)
class Field:
    """One field of a form: the slot it fills, the step that asks it, and how it is asked."""

    slot: str
    step: str
    ask: Ask


def step(ctx: Context, flow: str, name: str, **slots) -> None:
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


def leaves(ctx: Context, own_intents: tuple[str, ...] = ()) -> bool:
    """A command or a clearly different request: the dispatcher answers it (the form waits)."""
    return is_command(ctx.text) or is_new_request(ctx, own_intents)


def leaves_free_text(ctx: Context) -> bool:
    """For a question answered in free words only a command, cancel, a call for a person or a
    greeting leaves: any other words are the answer."""
    if is_command(ctx.text):
        return True
    route = ctx.route
    return (route is not None and route.intent in FREE_TEXT_EXITS and route.score >= NEW_REQUEST_SCORE
            and not route.ambiguous)
