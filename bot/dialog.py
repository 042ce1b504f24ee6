"""Dialog state per user (flow, step, slots; 10-minute idle expiry, a day for forms), in the database or Redis.

Handlers use the `DialogHandle` on their Context:

    ctx.dialog.start("booking", "kind", matter="低保")
    ctx.dialog.advance("phone", phone="138...")
    ctx.dialog.state.slots["matter"]
    ctx.dialog.finish()
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete
from sqlalchemy.orm import Session

from . import clock
from .models import DialogState
from .sqlutil import insert_or_ignore

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


class DatabaseDialogStore:
    """Rows in `dialog_states`, written in the caller's session (the request's transaction)."""

    def __init__(self, session: Session):
        self.session = session
        # Each user's row as this transaction last saw it (None: there is none). The session's
        # identity map holds rows only weakly and remembers no row it did not find, so without
        # this `save` would read the row again.
        self._rows: dict[str, DialogState | None] = {}

    def load(self, openid: str, now: datetime) -> FlowState | None:
        row = self.session.get(DialogState, openid)
        self._rows[openid] = row
        if row is None:
            return None
        if row.expires_at < now:  # kept a day means still there at the day's end
            # Deleted by statement, not `session.delete(row)`: the session would hand the
            # doomed row to a `save` in the same message, and the flush would delete the new flow.
            self.clear(openid)
            return None
        return FlowState(row.flow, row.step, dict(row.slots or {}), row.expires_at)

    def save(self, openid: str, state: FlowState) -> None:
        row = self._rows[openid] if openid in self._rows else self.session.get(DialogState, openid)
        if row is None:
            # Two first messages of a new follower at once (two workers) both start a flow:
            # insert-or-ignore, so the second waits for the first and updates its row instead
            # of failing on the primary key.
            insert_or_ignore(self.session, DialogState, {
                "openid": openid, "flow": state.flow, "step": state.step, "slots": dict(state.slots),
                "expires_at": state.expires_at, "updated_at": clock.now()}, ["openid"])
            row = self.session.get(DialogState, openid, populate_existing=True)
        self._rows[openid] = row
        row.flow, row.step, row.slots, row.expires_at = state.flow, state.step, dict(state.slots), state.expires_at
        row.updated_at = clock.now()

    def clear(self, openid: str) -> None:
        self.session.execute(delete(DialogState).where(DialogState.openid == openid))
        self._rows[openid] = None


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


class DialogHandle:
    """One user's dialog for one message: load once, change through these methods."""

    def __init__(self, store: DialogStore, openid: str, now: datetime, idle_seconds: int = 600,
                 forms: frozenset[str] = frozenset(), form_idle_seconds: int = 86400):
        self.store, self.openid, self.now = store, openid, now
        self.short_idle = timedelta(seconds=idle_seconds)
        self.form_idle = timedelta(seconds=form_idle_seconds)
        self.forms = forms
        self.state: FlowState | None = store.load(openid, now)
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
            store.save(openid, self.state)

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
        self.store.save(self.openid, self.state)
        return self.state

    # A form interrupted by another matter is paused, not lost: it stays in the row (paused), or
    # rides in the slots of a short flow started meanwhile, and comes back when that one ends.
    def pause(self) -> None:
        assert self.state is not None and self.state.flow in self.forms, "pause() outside a form"
        self.state.slots[PAUSED] = True
        self.just_paused = True
        self.store.save(self.openid, self.state)

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
        self.store.save(self.openid, self.state)
        return self.state

    def drop_all(self) -> None:
        """Leave everything, paused forms too (the user said 取消)."""
        self.state = None
        self.store.clear(self.openid)

    def advance(self, step: str, **slots) -> FlowState:
        assert self.state is not None, "advance() outside a flow"
        self.state.step = step
        self.state.slots.update(slots)
        self.state.expires_at = self.now + self._idle(self.state.flow)
        self.store.save(self.openid, self.state)
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
            self.store.save(self.openid, self.state)
            return
        self.state = None
        self.store.clear(self.openid)
