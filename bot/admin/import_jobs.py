"""Running an import in steps: start it from an upload, take it forward a step at a time, stop it.

    job = start_import(session, "people", "名单.xlsx", data, dry_run=False, options={"days": 30},
                       account_id=1, username="laowang", read_seconds=15)  # reads, checks, stores the rows
    advance(db, job.id, seconds=3.0)   # steps, each its own transaction, until done or the time is up

A step takes the import's row FOR UPDATE SKIP LOCKED (a worker that finds it taken leaves it to
the other), handles up to STEP_ROWS rows inside a SAVEPOINT (rolled back when only checking),
records the rejected rows and the new position, and commits: the progress the page shows is
what is saved. Any gunicorn worker may take the next step; a worker killed mid-step loses only
that step's uncommitted work, which the next step does again. The page that shows the progress
takes the steps (the admin page runs no script; it reloads itself while the import runs).
"""
from __future__ import annotations

import copy
import logging
import secrets
import time
from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import flag_modified

from bot.db import Database
from bot.models import AdminImport, AdminImportRejection, utcnow

from . import audit
from .area_import import AREAS, VILLAGES
from .import_files import ImportFileError, read_table
from .import_rows import Kind, RowContext, find_columns, missing_columns
from .people_import import PEOPLE

log = logging.getLogger(__name__)

KINDS: dict[str, Kind] = {k.key: k for k in (AREAS, VILLAGES, PEOPLE)}
MAX_ROWS = 20000
HEADER_SEARCH = 5  # a title row or two above the header ("代村片区党员名单") is fine
# Rows a step takes at most (and no more than STEP_SECONDS of them): a kind with a bulk mode
# (people) writes them together (one executemany, COPY on PostgreSQL), ~0.03 ms a row when
# quiet; others take a SAVEPOINT a row. Fewer, larger steps: each step's lookups and commit
# are paid once for 5,000 rows (20,000 rows: 4 steps, not 10).
STEP_ROWS = 5000
STEP_SECONDS = 2.0
SAMPLE = 200  # labels kept for the audit log


def start_import(session: Session, kind: str, filename: str, data: bytes, *, dry_run: bool,
                 options: dict, account_id: int | None, username: str,
                 read_seconds: float | None = None) -> AdminImport:
    """Read and check the file (within `read_seconds`); store it as a running import.

    Raises ImportFileError with the reason for the cadre. Takes no step: the request that
    uploads has spent its time reading.
    """
    spec = KINDS[kind]
    table = read_table(data, filename, MAX_ROWS + HEADER_SEARCH, read_seconds)
    if not table.rows:
        raise ImportFileError("文件是空的")
    header_at, columns = next(((i, c) for i, (_, cells) in enumerate(table.rows[:HEADER_SEARCH])
                               if (c := find_columns(spec, cells)) is not None), (None, None))
    if columns is None:
        raise ImportFileError(f"第一行要有表头，缺少：{missing_columns(spec, table.rows[0][1])}")
    rows = table.rows[header_at + 1:]
    more = rows[MAX_ROWS][0] if len(rows) > MAX_ROWS else table.more  # the first line left out
    rows = rows[:MAX_ROWS]
    identities = Counter(spec.identity(_values(columns, cells)) for _, cells in rows)
    job = AdminImport(kind=kind, filename=filename[:200], dry_run=dry_run, status="running",
                      account_id=account_id, username=username[:40], total=len(rows), options=options,
                      header=table.rows[header_at][1], columns=columns, rows=[list(r) for r in rows],
                      state={"repeats": [i for i, n in identities.items() if n > 1 and i],
                             "rows_token": secrets.token_hex(8)})
    session.add(job)
    session.flush()
    if more is not None:
        job.rejected += 1
        session.add(AdminImportRejection(import_id=job.id, line=more, cells=[],
                                         reason=f"一次最多导入{MAX_ROWS}行，从这一行起没有导入"))
    return job


def _values(columns: dict[str, int], cells: list[str]) -> dict[str, str]:
    return {key: (cells[i].strip() if i < len(cells) else "") for key, i in columns.items()}


def _handle(spec: Kind, ctx: RowContext, line: int, values: dict[str, str]) -> tuple[str, str]:
    """One row; a later copy of an accepted row (same code, name or person) is rejected."""
    identity = spec.identity(values)
    if "repeats" not in ctx.cache:
        ctx.cache["repeats"] = set(ctx.state["repeats"])  # identities found more than once in the file
    repeated, taken = identity in ctx.cache["repeats"], ctx.state.setdefault("taken", {})
    if repeated and identity in taken:
        raise ValueError(f"和第{taken[identity]}行重复了")
    if ctx.bulk:  # no SAVEPOINT: a database error ends the bulk attempt (step() redoes it)
        outcome, label = spec.handle(ctx, values)
    else:
        with ctx.session.begin_nested():
            outcome, label = spec.handle(ctx, values)
    if repeated:
        taken[identity] = line
    return outcome, label


# An import's stored rows never change while it runs: each process reads and parses them once
# (20,000 rows are ~2 MB of JSON), not at every step.
_ROWS_KEPT = 2
_parsed_rows: dict[tuple[str, int], list] = {}


def _stored_rows(session: Session, job: AdminImport) -> list:
    # The token drawn at the upload names these rows (an id may come back after deletions).
    token = (job.state or {}).get("rows_token")
    key = (str(session.get_bind().engine.url), job.id, token)
    rows = _parsed_rows.get(key) if token else None
    if rows is None:
        rows = session.scalar(select(AdminImport.rows).where(AdminImport.id == job.id)) or []
        if len(_parsed_rows) >= _ROWS_KEPT:
            _parsed_rows.clear()
        if token:
            _parsed_rows[key] = rows
    return rows


class _BulkFailed(Exception):
    """A database error in bulk mode: the step is done again a row at a time."""


def _take_rows(job: AdminImport, spec: Kind, ctx: RowContext, rows: list, deadline: float) -> tuple:
    """Handle rows from the job's position on: (new position, counts, rejected, samples)."""
    counts: Counter = Counter()
    rejected: list = []
    samples: dict[str, list] = {"created": [], "updated": []}
    position = job.position
    batch = [_values(job.columns, cells) for _, cells in rows[position:position + STEP_ROWS]]
    if spec.prefetch is not None:
        spec.prefetch(ctx, batch)
    while position < len(rows) and position - job.position < STEP_ROWS and (
            position == job.position or time.monotonic() < deadline):  # at least one row a step
        line, cells = rows[position]
        values = batch[position - job.position]
        position += 1
        try:
            outcome, label = _handle(spec, ctx, line, values)
        except ValueError as error:
            rejected.append((line, str(error), cells))
        except SQLAlchemyError as error:
            if ctx.bulk:
                raise _BulkFailed() from error
            if isinstance(error, IntegrityError):
                rejected.append((line, "和已有的数据冲突（重复的代码、村名或邀请码）", cells))
            else:  # e.g. a value the database refuses
                log.warning("import %s line %s not stored: %s", job.id, line, error)
                rejected.append((line, "这一行存不进去，请检查格式", cells))
        else:
            counts[outcome] += 1
            if outcome in samples:
                samples[outcome].append(label)
    if ctx.bulk and spec.write_queued is not None:
        try:
            spec.write_queued(ctx)
        except SQLAlchemyError as error:
            raise _BulkFailed() from error
    return position, counts, rejected, samples


def step(db: Database, import_id: int, now: datetime | None = None) -> AdminImport | None:
    """Handle the next rows of a running import; None when another worker holds it right now.

    A kind with a bulk mode handles its rows without a SAVEPOINT each and writes them together
    (many rows per INSERT); when the database refuses something there, the step's work is
    rolled back and done again the careful way, each row in its own SAVEPOINT, so exactly the
    offending rows are rejected."""
    deadline = time.monotonic() + STEP_SECONDS  # reading the stored rows counts too
    with db.session() as s:
        job = s.scalars(select(AdminImport).where(AdminImport.id == import_id)
                        .options(defer(AdminImport.rows)).with_for_update(skip_locked=True)).first()
        if job is None or not job.running:
            return job
        spec, rows = KINDS[job.kind], _stored_rows(s, job)

        def context(bulk: bool) -> RowContext:
            return RowContext(s, now or utcnow(), copy.deepcopy(job.state),
                              {**job.options, "import_id": job.id, "username": job.username}, bulk=bulk)

        ctx = context(bulk=spec.write_queued is not None)
        work = s.begin_nested()
        try:
            try:
                position, counts, rejected, samples = _take_rows(job, spec, ctx, rows, deadline)
            except _BulkFailed:
                log.info("import %s: bulk step refused by the database; one row at a time", job.id)
                work.rollback()
                ctx = context(bulk=False)
                work = s.begin_nested()
                position, counts, rejected, samples = _take_rows(job, spec, ctx, rows,
                                                                 time.monotonic() + STEP_SECONDS)
            if job.dry_run:
                work.rollback()
            else:
                work.commit()
        except BaseException:
            work.rollback()
            raise
        s.add_all(AdminImportRejection(import_id=job.id, line=line, reason=reason[:500], cells=cells)
                  for line, reason, cells in rejected)
        for outcome in ("created", "updated"):
            kept = ctx.state.setdefault(f"{outcome}_sample", [])
            kept.extend(samples[outcome][:SAMPLE - len(kept)])
        job.created += counts["created"]
        job.updated += counts["updated"]
        job.unchanged += counts["unchanged"]
        job.rejected += len(rejected)
        job.position, job.state, job.updated_at = position, ctx.state, ctx.now
        flag_modified(job, "state")  # its lists grew in place
        if position >= len(rows):
            _finish(s, job, "done")
        return job


def _finish(session: Session, job: AdminImport, status: str) -> None:
    job.status, job.finished_at, job.rows = status, utcnow(), None  # the rows (phones …) go
    if job.dry_run or not (job.created or job.updated):
        return
    spec = KINDS[job.kind]
    stopped = "（中途停止）" if status == "stopped" else ""
    audit.record(session, f"import.{job.kind}", target_type=spec.target_type, target_id=job.filename[:60],
                 summary=f"导入{spec.label}{stopped}：新增{job.created}，更新{job.updated}，拒绝{job.rejected}",
                 after={"import_id": job.id, "created": job.state.get("created_sample", []),
                        "updated": job.state.get("updated_sample", []), "rejected": job.rejected},
                 username=job.username, account_id=job.account_id)


def advance(db: Database, import_id: int, seconds: float) -> None:
    """Take a step, and more while another as long as the last still fits in `seconds` (one
    request's share), or until the import is done."""
    deadline = time.monotonic() + seconds
    while True:
        began = time.monotonic()
        job = step(db, import_id)
        now = time.monotonic()
        if job is None or not job.running or now + (now - began) >= deadline:
            return


def stop(session: Session, job: AdminImport) -> None:
    """Stop a running import: what was imported stays, the rest is not."""
    locked = session.scalars(select(AdminImport).where(AdminImport.id == job.id).with_for_update()).one()
    if locked.running:
        _finish(session, locked, "stopped")


def rejected_rows(session: Session, job: AdminImport, limit: int | None = None) -> list[AdminImportRejection]:
    query = (select(AdminImportRejection).where(AdminImportRejection.import_id == job.id)
             .order_by(AdminImportRejection.line, AdminImportRejection.id))
    return list(session.scalars(query.limit(limit) if limit else query))
