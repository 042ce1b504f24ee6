"""Claimable work items (errands, needs): one result type, one way to change state, one history.

An errand and a need live the same life: it is offered or whistled to people, one of them takes
it, reports progress, closes it, and two people (or a person and the scheduler) may act on it at
the same moment. So every change is `transition(...)`: `UPDATE … SET values WHERE id = item AND
<the state the caller saw>`, won by exactly one caller (PostgreSQL re-checks the WHERE after the
winner commits; SQLite writers are serialised by BEGIN IMMEDIATE). Every step is a history row
(`add_event`), and every action answers with an `Outcome` (bot/outcomes.py, the domain's one
result type) whose reason is a `Reason`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Callable, cast

from sqlalchemy import CursorResult, inspect, update
from sqlalchemy.orm import Session

from . import clock
from .outcomes import Outcome

__all__ = ["MAX_NOTE_CHARS", "Holding", "Outcome", "Reason", "add_event", "clip_note", "close_held", "holder_step", "now_or",
           "report_progress", "transition"]

MAX_NOTE_CHARS = 300  # a progress or closing note; longer ones are cut

class Reason(StrEnum):
    """Why an action on a work item did or did not happen (chat and admin page word it)."""

    # done
    ACCEPTED = "accepted"
    ALERTED = "alerted"
    ASSIGNED = "assigned"
    CANCELLED = "cancelled"
    CHANGED = "changed"
    CLAIMED = "claimed"
    CLOSED = "closed"
    DECLINED = "declined"
    DONE = "done"
    ESCALATED = "escalated"
    GIVEN_BACK = "given_back"  # a claimed need let go by its representative (bot/needs/giving_back.py)
    PROGRESS = "progress"
    REASSIGNED = "reassigned"
    REOPENED = "reopened"
    REROUTED = "rerouted"
    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"  # a rating stored, not satisfied (an errand's; a need reopens)
    # refused
    ALREADY_YOURS = "already_yours"
    CLOSED_ALREADY = "closed_already"
    EMPTY_NOTE = "empty_note"
    NOT_ALERTED = "not_alerted"
    NOT_COLLECTED = "not_collected"
    NOT_FOUND = "not_found"
    NOT_HELD = "not_held"
    NOT_MEMBER = "not_member"
    NOT_YOUR_GROUP = "not_your_group"
    NOT_YOURS = "not_yours"
    NOTHING_TO_RATE = "nothing_to_rate"
    SAME_GROUP = "same_group"
    TAKEN = "taken"
    TOP = "top"  # escalation has no level above
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_GROUP = "unknown_group"


def now_or(now: datetime | None) -> datetime:
    return now or clock.now()


def clip_note(note: str) -> str:
    return note.strip()[:MAX_NOTE_CHARS]


def transition(session: Session, item: Any, expect: dict[str, Any], values: dict[str, Any]) -> bool:
    """UPDATE <item's table> SET values WHERE id = item AND expect; True if this call won the row.

    `expect` maps a column to a value, None (IS NULL) or a tuple (IN).
    """
    model = type(item)
    conditions = []
    for name, value in expect.items():
        column = getattr(model, name)
        if value is None:
            conditions.append(column.is_(None))
        elif isinstance(value, tuple):
            conditions.append(column.in_(value))
        else:
            conditions.append(column == value)
    result = cast(CursorResult[Any], session.execute(
        update(model).where(model.id == item.id, *conditions).values(**values)
        .execution_options(synchronize_session=False)))
    session.refresh(item)
    return result.rowcount == 1


def add_event(session: Session, item: Any, kind: str, user: Any | None, now: datetime, note: str = "") -> Any:
    """Add a row to the item's history (its `events` relationship: ErrandEvent, NeedEvent)."""
    events = inspect(type(item)).relationships["events"]
    (foreign_key,) = events.remote_side
    event = events.mapper.class_(**{foreign_key.key: item.id}, kind=kind, user_id=user.id if user else None,
                                 note=note, created_at=now)
    session.add(event)
    session.flush()
    return event


def holder_step(session: Session, item: Any, refused: Reason | None, holder: Any, kind: str, now: datetime, *,
                done: Reason, lost: Reason, values: dict[str, Any], expect: dict[str, Any] | None = None,
                note: str = "", note_needed: bool = False,
                notify: Callable[[Any], object] | None = None) -> Outcome[Any]:
    """One step the holder of a work item takes (进展, 办结): errands' and needs' one way of doing it.

    `refused` is the caller's check of the item (not found, not theirs: None when it may go on).
    The note is cut to MAX_NOTE_CHARS; `note_needed` refuses an empty one (a progress report).
    With `expect`, `values` are set by `transition` (lost to a concurrent change → `lost`);
    without, they are set on the item as it is. Then the history row (`kind`) and `notify(event)`.
    """
    if refused is not None:
        return Outcome(False, refused, item)
    note = clip_note(note)
    if note_needed and not note:
        return Outcome(False, Reason.EMPTY_NOTE, item)
    if expect is None:
        for name, value in values.items():
            setattr(item, name, value)
    elif not transition(session, item, expect, values):
        return Outcome(False, lost, item)
    event = add_event(session, item, kind, holder, now, note)
    if notify is not None:
        notify(event)
    return Outcome(True, done, item)


@dataclass(frozen=True)
class Holding:
    """Who holds a kind of work item and in which states they act on it (进展, 办结).

    errands: `Holding("assignee_id", ("accepted",), Reason.CLOSED, gone_states=("done", "cancelled"))`;
    needs: `Holding("claimed_by", HELD_STATES, Reason.CLOSED_ALREADY)`.
    """

    holder: str  # the column naming the user who holds it
    states: tuple[str, ...]  # the states in which the holder acts
    gone: Reason  # why not, once it has left those states
    gone_states: tuple[str, ...] | None = None  # those states (None: every other); in the rest, NOT_YOURS

    def refused(self, item: Any | None, user: Any) -> Reason | None:
        """Why `user` may not act on `item` now (None: they hold it)."""
        if item is None:
            return Reason.NOT_FOUND
        if getattr(item, self.holder) != user.id:
            return Reason.NOT_YOURS
        if item.state in self.states:
            return None
        return self.gone if self.gone_states is None or item.state in self.gone_states else Reason.NOT_YOURS

    def expect(self, user: Any) -> dict[str, Any]:
        """The `transition` condition: still held by `user`."""
        return {self.holder: user.id, "state": self.states}


def report_progress(session: Session, item: Any | None, holding: Holding, user: Any, note: str, now: datetime, *,
                    values: dict[str, Any], notify: Callable[[Any], object]) -> Outcome[Any]:
    """进展: the holder's note on how far it has got (an empty one refused); `values` set with it."""
    return holder_step(session, item, holding.refused(item, user), user, "progress", now, note=note,
                       note_needed=True, expect=holding.expect(user), values={**values, "updated_at": now},
                       done=Reason.PROGRESS, lost=holding.gone, notify=notify)


def close_held(session: Session, item: Any | None, holding: Holding, user: Any, note: str, now: datetime, *,
               kind: str, done: Reason, values: dict[str, Any], notify: Callable[[Any], object]) -> Outcome[Any]:
    """办结: the holder closes the item (history row `kind`), answered `done`; `values` set with it."""
    return holder_step(session, item, holding.refused(item, user), user, kind, now, note=note,
                       expect=holding.expect(user), values={**values, "updated_at": now}, done=done,
                       lost=holding.gone, notify=notify)
