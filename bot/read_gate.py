"""When a per-process copy of rarely written rows must look at the database's version again.

A cache of guides or villages compares a version read from the database; reading it for every
message costs a statement per message for rows an admin changes a few times a year. A
`ReadGate` lets that version be read at most every `seconds` per database (engine) in this
process, and at once after this process flushed a row of one of its models (the admin boards
and the knowledge loader write them through the ORM). Another worker's write is seen within
`seconds`, as for the lexicon's additions (bot/lexicon_store.py).
"""
from __future__ import annotations

import threading
import time
import weakref

from sqlalchemy import event
from sqlalchemy.orm import Session

_gates: "weakref.WeakSet[ReadGate]" = weakref.WeakSet()


class ReadGate:
    """Per engine: when the version was last read, and whether a local write has happened since."""

    def __init__(self, seconds: float, *models: type):
        self.seconds = seconds
        self.models = models
        self._lock = threading.Lock()
        # engine → monotonic time of the last read; dropped with the engine (tests make many).
        self._read_at: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
        self.monotonic = time.monotonic  # tests put a stand-in here: the injected clock is wall time
        _gates.add(self)

    def due(self, session: Session) -> bool:
        """True when the version must be read now (then call `read` once it is)."""
        engine = session.get_bind().engine
        with self._lock:
            at = self._read_at.get(engine)
        return at is None or self.monotonic() - at >= self.seconds

    def read(self, session: Session) -> None:
        with self._lock:
            self._read_at[session.get_bind().engine] = self.monotonic()

    def forget(self) -> None:
        """The next look reads the version again, for every database."""
        with self._lock:
            self._read_at.clear()


@event.listens_for(Session, "after_flush")
def _local_write_forgets(session: Session, _flush_context) -> None:
    # Forgotten on flush, not on commit: a rolled-back write costs one extra read, never a stale copy.
    changed = None
    for gate in list(_gates):
        if changed is None:
            changed = {type(row) for rows in (session.new, session.dirty, session.deleted) for row in rows}
        if changed.intersection(gate.models):
            gate.forget()
