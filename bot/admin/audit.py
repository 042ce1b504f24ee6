"""The audit log: every change made on the admin page, written in the same transaction as the change."""
from __future__ import annotations

from typing import Any

from flask import g, request
from sqlalchemy.orm import Session

from bot.models import AuditEntry, utcnow

MAX_SUMMARY = 500


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """JSON-safe copy: datetimes and other objects become text."""
    if values is None:
        return None
    return {key: value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
            for key, value in values.items()}


def record(session: Session, action: str, *, target_type: str = "", target_id: Any = "",
           area_id: int | None = None, summary: str = "", before: dict | None = None,
           after: dict | None = None, username: str | None = None, account_id: int | None = None) -> AuditEntry:
    """Note who did `action` to what (e.g. "task.create", "Task", 12) with a before/after summary."""
    scope = getattr(g, "scope", None)
    entry = AuditEntry(
        at=utcnow(), account_id=account_id if account_id is not None else (scope.account_id if scope else None),
        username=(username or (scope.username if scope else "?"))[:40], action=action[:60],
        target_type=target_type[:40], target_id=str(target_id)[:60], area_id=area_id,
        summary=summary[:MAX_SUMMARY], before=_plain(before), after=_plain(after),
        ip=(request.remote_addr or "")[:45] if request else "")
    session.add(entry)
    session.flush()
    return entry
