"""Dialog state per user (flow, step, slots; 10-minute idle expiry, a day for forms), in the database or Redis.

Handlers use the `DialogHandle` on their Context:

    ctx.dialog.start("booking", "kind", matter="低保")
    ctx.dialog.advance("phone", phone="138...")
    ctx.dialog.state.slots["matter"]
    ctx.dialog.finish()
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, delete, event, select
from sqlalchemy.orm import Session

from . import clock
from .models import DialogState
from .kept_sql import KeptSql

PAUSED, PARKED = "_paused", "_parked"  # slot keys of the form-keeping below


@dataclass
class FlowState:
    flow: str
    step: str
    slots: dict = field(default_factory=dict)
    expires_at: datetime | None = None


class DialogStore(Protocol):
    def load(self, openid: str, now: datetime) -> FlowState | None: ...
    def save(self, openid: str, state: FlowState) -> None: ...
    def clear(self, openid: str) -> None: ...


_DIALOGS = DialogState.__table__
DIALOG_COLUMNS = (_DIALOGS.c.flow, _DIALOGS.c.step, _DIALOGS.c.slots, _DIALOGS.c.expires_at)
# Kept statements: one round trip each, no ORM object per message.
_LOAD = select(*DIALOG_COLUMNS).where(_DIALOGS.c.openid == bindparam("openid"))
# session.info: dialog rows read along with the sender (bot/conversation.py), by openid, for
# the store's first load in this transaction (None: the user has no row).
_READ_ALONG = "dialog_rows_read"


def with_dialog_row(statement, openid_column):
    """`statement` also reading the user's dialog row (DIALOG_COLUMNS, NULL without one): the
    sender's query brings it, and the message's first `load` needs no statement of its own."""
    return statement.add_columns(*DIALOG_COLUMNS).outerjoin(_DIALOGS, _DIALOGS.c.openid == openid_column)


def note_dialog_row(session: Session, openid: str, flow, step, slots, expires_at) -> None:
    """The dialog row read along with the sender, in this transaction (flow None: no row)."""
    session.info.setdefault(_READ_ALONG, {})[openid] = \
        None if flow is None else _Row(flow, step, slots, expires_at)


@event.listens_for(Session, "after_transaction_end")
def _forget_rows_read(session: Session, _transaction) -> None:
    session.info.pop(_READ_ALONG, None)


@dataclass(frozen=True)
class _Row:
    flow: str
    step: str
    slots: dict | None
    expires_at: datetime
_CLEAR = delete(_DIALOGS).where(_DIALOGS.c.openid == bindparam("openid"))


def _upsert(insert):
    """Insert the user's row, or overwrite it: two first messages of a new follower at once (two
    workers) may both start a flow; the second waits for the first and overwrites its row
    instead of failing on the primary key."""
    statement = insert(_DIALOGS)
    return statement.on_conflict_do_update(
        index_elements=["openid"],
        set_={name: statement.excluded[name] for name in ("flow", "step", "slots", "expires_at", "updated_at")})


# The upsert run on the DBAPI cursor (bot/kept_sql.py): nearly every message saves its dialog.
_SAVE = KeptSql(_upsert, ("openid", "flow", "step", "slots", "expires_at", "updated_at"))


class DatabaseDialogStore:
    """Rows in `dialog_states`, written in the caller's session (the request's transaction)."""

    def __init__(self, session: Session):
        self.session = session

    def load(self, openid: str, now: datetime) -> FlowState | None:
        read_along = self.session.info.get(_READ_ALONG)
        if read_along and openid in read_along:
            row = read_along.pop(openid)  # once: a later load reads what this transaction wrote
        else:
            row = self.session.execute(_LOAD, {"openid": openid}).first()
        if row is None:
            return None
        if row.expires_at < now:  # kept a day means still there at the day's end
            # Ended, not deleted here: the next save overwrites the row, and the scheduler's
            # dialog-expiry job (purge_expired_dialogs) deletes the rest; a DELETE on every
            # message after a pause would cost a statement for nothing.
            return None
        return FlowState(row.flow, row.step, dict(row.slots or {}), row.expires_at)

    def save(self, openid: str, state: FlowState) -> None:
        _SAVE.run_in(self.session, {
            "openid": openid, "flow": state.flow, "step": state.step, "slots": dict(state.slots),
            "expires_at": state.expires_at, "updated_at": clock.now()})

    def clear(self, openid: str) -> None:
        self.session.execute(_CLEAR, {"openid": openid})


def purge_expired_dialogs(session: Session, now: datetime) -> int:
    """Delete idle flows (the scheduler's dialog-expiry job)."""
    result = session.execute(delete(DialogState).where(DialogState.expires_at < now))
    return result.rowcount or 0


class RedisDialogStore:
    """JSON under `dialog:<openid>` with a TTL, shared by every worker."""

    def __init__(self, redis_client, prefix: str = "dialog:"):
        self.redis = redis_client
        self.prefix = prefix

    def load(self, openid: str, now: datetime) -> FlowState | None:
        raw = self.redis.get(self.prefix + openid)
        if raw is None:
            return None
        data = json.loads(raw)
        expires_at = datetime.fromisoformat(data["expires_at"])
        if expires_at < now:
            self.clear(openid)
            return None
        return FlowState(data["flow"], data["step"], data.get("slots") or {}, expires_at)

    def save(self, openid: str, state: FlowState) -> None:
        ttl = max(1, int((state.expires_at - clock.now()).total_seconds()) + 60)
        data = {"flow": state.flow, "step": state.step, "slots": state.slots,
                "expires_at": state.expires_at.isoformat()}
        self.redis.set(self.prefix + openid, json.dumps(data, ensure_ascii=False), ex=ttl)

    def clear(self, openid: str) -> None:
        self.redis.delete(self.prefix + openid)


_CLEARED = object()  # DialogHandle's pending write: the flow ended
_PLAIN = (str, int, float, bool, type(None))


def _copied(value):
    """`copy.deepcopy(value)` for the slots' JSON-like values, without deepcopy's machinery per
    value (issue 17: every message copies its flow's slots); any other type goes to deepcopy. The
    copy is only written, never changed: values shared inside the slots need not stay shared."""
    kind = type(value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        return [_copied(item) for item in value]
    if kind in _PLAIN:
        return value
    return copy.deepcopy(value)


class DialogHandle:
    """One user's dialog for one message: load once, change through these methods."""

    def __init__(self, store: DialogStore, openid: str, now: datetime, idle_seconds: int = 600,
                 forms: frozenset[str] = frozenset(), form_idle_seconds: int = 86400,
                 defer_keep_alive: bool = False):
        self.store, self.openid, self.now = store, openid, now
        # With `defer_keep_alive` (the webhook's messages, which call `flush()` at the end) the
        # flow's writes wait for `flush()`, and only the last is made: one write per message at
        # most (a flow ended then another started was a DELETE and an upsert), none for a flow
        # neither kept alive nor changed. Without it, each change is written at once.
        self._deferred = defer_keep_alive
        self._keep_alive: FlowState | object | None = None  # the pending write: a state, or _CLEARED
        self.short_idle = timedelta(seconds=idle_seconds)
        self.form_idle = timedelta(seconds=form_idle_seconds)
        self.forms = forms
        self.state: FlowState | None = store.load(openid, now)
        self._loaded = self.state is not None
        # A form left longer than the short idle is kept (a villager may come back later in
        # the day) but marked, so that it is offered back instead of taking the next message blindly.
        self.came_back = False
        self.just_paused = False
        # When the flow last heard from the user (before this message): a push since then is
        # what a bare "1" answers, not the flow's old question (bot/context.py).
        self.touched_at: datetime | None = None
        if self.state is not None:  # any message in a flow keeps it alive
            last = (self.state.expires_at - self._idle(self.state.flow)) if self.state.expires_at else now
            self.touched_at = last
            self.came_back = self.state.flow in forms and now - last > self.short_idle
            self.state.expires_at = now + self._idle(self.state.flow)
            if defer_keep_alive:  # as it is now: a handler's stray change of the slots is not saved
                self._keep_alive = FlowState(self.state.flow, self.state.step,
                                             _copied(self.state.slots), self.state.expires_at)
            else:
                store.save(openid, self.state)

    def _save(self) -> None:
        if self._deferred:  # as it is now: a later stray change of the slots is not saved
            self._keep_alive = FlowState(self.state.flow, self.state.step, _copied(self.state.slots),
                                         self.state.expires_at)
            return
        self.store.save(self.openid, self.state)

    def _clear(self) -> None:
        if self._deferred:
            self._keep_alive = _CLEARED
            return
        self.store.clear(self.openid)

    def flush(self) -> None:
        """Write what this message left of the flow: its last change, or the keep-alive."""
        pending, self._keep_alive = self._keep_alive, None
        if pending is _CLEARED:
            if self._loaded:  # nothing stored to clear otherwise
                self.store.clear(self.openid)
        elif pending is not None:
            self.store.save(self.openid, pending)

    def _idle(self, flow: str) -> timedelta:
        return self.form_idle if flow in self.forms else self.short_idle

    @property
    def idle(self) -> timedelta:
        return self._idle(self.state.flow) if self.state else self.short_idle

    def in_form(self) -> bool:
        """A form (errand, booking, need) is in progress, not a menu or a list being browsed."""
        return self.state is not None and self.state.flow in self.forms

    def in_flow(self, flow: str | None = None) -> bool:
        return self.state is not None and (flow is None or self.state.flow == flow)

    @property
    def slots(self) -> dict:
        return self.state.slots if self.state else {}

    def start(self, flow: str, step: str, **slots) -> FlowState:
        form = self.paused_form()
        # A look at a guide or a list keeps the form; so does another form begun meanwhile (约调解
        # while an errand waits for its phone): the first comes back when the second is done.
        if form is not None and (flow not in self.forms or flow != form.flow):
            kept = {k: v for k, v in form.slots.items() if k != PAUSED}
            slots[PARKED] = {"flow": form.flow, "step": form.step, "slots": kept}
        self.state = FlowState(flow, step, dict(slots), self.now + self._idle(flow))
        self._save()
        return self.state

    # A form interrupted by another matter is paused, not lost: it stays in the row (paused), or
    # rides in the slots of a short flow started meanwhile, and comes back when that one ends.
    def pause(self) -> None:
        assert self.state is not None and self.state.flow in self.forms, "pause() outside a form"
        self.state.slots[PAUSED] = True
        self.just_paused = True
        self._save()

    def paused_form(self) -> FlowState | None:
        state = self.state
        if state is None:
            return None
        if state.flow in self.forms:
            return state if state.slots.get(PAUSED) else None
        parked = state.slots.get(PARKED)
        return FlowState(parked["flow"], parked["step"], dict(parked["slots"])) if parked else None

    def busy(self) -> bool:
        """A flow is waiting for this message's answer (a paused form is not)."""
        return self.state is not None and not self.is_paused()

    def is_paused(self) -> bool:
        return self.state is not None and self.state.flow in self.forms and bool(self.state.slots.get(PAUSED))

    def resume(self) -> FlowState | None:
        """Take the paused form up again (it becomes the flow in progress)."""
        form = self.paused_form()
        if form is None:
            return None
        form.slots.pop(PAUSED, None)
        self.state = FlowState(form.flow, form.step, form.slots, self.now + self.form_idle)
        self._save()
        return self.state

    def drop_all(self) -> None:
        """Leave everything, paused forms too (the user said 取消)."""
        self.state = None
        self._clear()

    def advance(self, step: str, **slots) -> FlowState:
        assert self.state is not None, "advance() outside a flow"
        self.state.step = step
        self.state.slots.update(slots)
        self.state.expires_at = self.now + self._idle(self.state.flow)
        self._save()
        return self.state

    def finish(self) -> None:
        """End this flow; a form paused under it comes back (still paused). A paused form itself is
        not another handler's to end: only `resume`, `drop_all` or a new form replace it."""
        if self.is_paused():
            return
        parked = self.state.slots.get(PARKED) if self.state else None
        if parked:
            if self.state.flow in self.forms:  # a form done: the one it interrupted is offered back
                self.just_paused = True
            slots = dict(parked["slots"], **{PAUSED: True})
            self.state = FlowState(parked["flow"], parked["step"], slots, self.now + self.form_idle)
            self._save()
            return
        self.state = None
        self._clear()
