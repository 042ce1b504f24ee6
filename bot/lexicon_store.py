"""The cadres' added examples (table lexicon_additions): stored after the gate, in force in every worker.

    assign(session, "intent", "affairs", ["村里大喇叭喊的啥"], "area_a", files)  # GateResult
    sync(session)   # before routing: rebuild this worker's router when the version changed

The gate (bot/nlu/gate.py) runs the files' own validation, checks the phrasings now route to
their target, and runs the labelled routing files (`ROUTING_GATE_FILES`; by default the routing
dev set of ../shared/eval when present): a line that routed right and no longer does refuses
the assignment. The version is the rows' count and latest id, read before routing at most every
SYNC_SECONDS per worker (not a query per message), so every worker routes with an assignment
within seconds; the worker that stored it, at once.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .config import KNOWLEDGE_DIR
from .models import LexiconAddition
from .nlu import gate, router
from .nlu.lexicon import Addition

DEV_SET = KNOWLEDGE_DIR.resolve().parents[1] / "shared" / "eval" / "routing-dev.jsonl"


def gate_files(setting: str | None) -> list[Path]:
    """The labelled files an assignment must not make worse: the setting's, else the dev set."""
    if setting:
        return [Path(p.strip()) for p in setting.split(",") if p.strip()]
    return [DEV_SET] if DEV_SET.exists() else []


def version(session: Session) -> str:
    count, latest = session.execute(select(func.count(), func.max(LexiconAddition.id))).one()
    return f"{count}:{latest or 0}"


def in_force(session: Session) -> tuple[str, tuple[Addition, ...]]:
    rows = session.scalars(select(LexiconAddition).order_by(LexiconAddition.id)).all()
    additions = tuple((row.kind, row.target, tuple(row.phrasings)) for row in rows)
    return version(session), additions


SYNC_SECONDS = 5.0  # how stale this worker's additions may be; an assignment is rare
_checked: dict[str, object] = {"in_force": None, "at": float("-inf")}
_checked_lock = threading.Lock()


def sync(session: Session) -> None:
    """Put the stored additions in force in this worker when their version changed; the stored
    version is read at most every SYNC_SECONDS, or at once after the additions here changed."""
    now = time.monotonic()
    with _checked_lock:
        if _checked["in_force"] is router.additions_in_force() and now - float(_checked["at"]) < SYNC_SECONDS:
            return
        _checked["at"] = now
    if version(session) != router.additions_version():
        router.use_additions(*in_force(session))
    _checked["in_force"] = router.additions_in_force()


def assign(session: Session, kind: str, target: str, phrasings: list[str], by: str,
           files: list[Path]) -> tuple[gate.GateResult, LexiconAddition | None]:
    """Run the gate; when it passes, store the addition and put it in force here."""
    clean = tuple(dict.fromkeys(p.strip()[:200] for p in phrasings if p and p.strip()))
    _, current = in_force(session)
    result = gate.check_addition(current, (kind, target, clean), files)
    if not result.ok:
        return result, None
    row = LexiconAddition(kind=kind, target=target, phrasings=list(clean), created_by=by[:80])
    session.add(row)
    session.flush()
    router.use_additions(*in_force(session))
    return result, row


def assigned_texts(session: Session) -> set[str]:
    """Every phrasing already assigned (the board hides them)."""
    return {text for row in session.scalars(select(LexiconAddition.phrasings)) for text in row}
