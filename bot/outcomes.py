"""The domain's one result shape: whether a rule let an action through, and why, as a typed reason.

Every capability's reasons are an `Enum` of its own (`bot.workitems.Reason` for errands and
needs, `VolunteerReason`, `NoticeReason`, `BookingReason`, `ThemeReason`, ...). The domain never
holds the words people read: chat, the admin page and the CLI word a reason through the
capability's `texts.py`, which chooses the words by reason.

Two ways to carry one:
- `Outcome`: an action that may be refused as a matter of course (take a work item somebody else
  took) answers with one: ok, reason, the item as it is now.
- `Refused`: a rule that stops an action part way (a task already begun, a full slot) raises it
  (each capability names its subclass: `VolunteerError`, `AffairsError`, `BookingError`,
  `ThemeRuleError`); `facts` are the values its words need (a number, a name), `item` the row in
  the way, if any. The caller's transaction is rolled back or the caller answers, never both.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Generic, Mapping, TypeVar

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of an action: ok, why (an Enum member), and the item as it is now."""

    ok: bool
    reason: Enum
    item: T | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.reason, Enum):  # a free string is no reason: words are chosen by it
            raise TypeError(f"an Outcome's reason is an Enum member, not {self.reason!r}")


class Refused(Exception):
    """A rule said no. `reason` says which (an Enum member), `facts` what its words need."""

    def __init__(self, reason: Enum, item: Any = None, **facts: Any) -> None:
        if not isinstance(reason, Enum):
            raise TypeError(f"a refusal's reason is an Enum member, not {reason!r}")
        super().__init__(f"{reason.value}" + "".join(f" {k}={v}" for k, v in facts.items()))  # for logs
        self.reason = reason
        self.item = item
        self.facts = facts


def wording(reasons: type[E], words: Mapping[E, str]) -> Callable[[Refused], str]:
    """A capability's `texts.refusal(error)`: the words for each reason, `{fact}`s filled in.

    Every member of `reasons` must have its words: a missing one fails at import, not when a
    villager meets it."""
    missing = [reason.name for reason in reasons if reason not in words]
    if missing:
        raise ValueError(f"{reasons.__name__}: no words for {', '.join(missing)}")

    def refusal(error: Refused) -> str:
        return words[error.reason].format(**error.facts)  # type: ignore[index]

    return refusal
