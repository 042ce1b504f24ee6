"""What every kind of import (片区, 村, 人员) is made of: its columns, a row handler, and the
context a handler gets. The kinds are in area_import.py and people_import.py; import_jobs.py
runs them.

A handler takes the row's cells by field name and returns ("created" | "updated" |
"unchanged", a label for the log), or raises ValueError with the reason for the cadre (the row
is then rejected, the others go on). It runs in a SAVEPOINT of the step's transaction, or, for a
kind with a bulk mode, without one: it queues its inserts (`RowContext.bulk`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy.orm import Session

OUTCOMES = ("created", "updated", "unchanged")


@dataclass
class RowContext:
    session: Session
    now: datetime
    # JSON-safe, carried from step to step with the import (e.g. the names the file brought in).
    state: dict
    options: dict  # what the cadre chose on the form (e.g. {"days": 30}) and "import_id", "username"
    cache: dict = field(default_factory=dict)  # this step only: lookups loaded once per step
    # Bulk mode (a kind with `write_queued`): rows run without a SAVEPOINT each and queue their
    # inserts, written together at the end of the step; a database error redoes the step a row
    # at a time (import_jobs.step).
    bulk: bool = False


Handler = Callable[[RowContext, dict[str, str]], tuple[str, str]]


@dataclass(frozen=True)
class Kind:
    key: str  # areas | villages | people
    label: str  # 片区 | 村 | 人员
    headers: dict[str, tuple[str, ...]]  # field → the titles a column may have (English or Chinese)
    required: tuple[str, ...]
    handle: Handler
    # What makes two rows of a file the same thing (a later copy is rejected), from the cells.
    identity: Callable[[dict[str, str]], str]
    target_type: str  # for the audit log
    example: str = ""  # shown on the form: the header and one row
    # Writes what the handlers queued in bulk mode (None: this kind has no bulk mode).
    write_queued: Callable[[RowContext], None] | None = None
    # Loads what the step's rows will look up, in a few queries rather than one a row (None: nothing).
    prefetch: Callable[[RowContext, list[dict[str, str]]], None] | None = None


_DECORATION = re.compile(r"[\s*＊:：]|[（(]\s*(必填|选填|可不填|可选)\s*[)）]")


def title_key(title: str) -> str:
    """'姓名*', ' 手机号（必填）', 'Phone' → '姓名', '手机号', 'phone'."""
    return _DECORATION.sub("", title).lower()


def find_columns(kind: Kind, header: list[str]) -> dict[str, int] | None:
    """Field → column index, when the row has every required column; else None."""
    titles = [title_key(t) for t in header]
    found = {}
    for key, names in kind.headers.items():
        wanted = {title_key(n) for n in names}
        for i, title in enumerate(titles):
            if title in wanted:
                found[key] = i
                break
    return found if all(k in found for k in kind.required) else None


def missing_columns(kind: Kind, header: list[str]) -> str:
    titles = {title_key(t) for t in header}
    missing = [k for k in kind.required if not titles & {title_key(n) for n in kind.headers[k]}]
    return "、".join(kind.headers[k][1] for k in missing)
