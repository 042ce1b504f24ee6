"""导入: areas, villages or people from a CSV or Excel (.xlsx) file (county accounts), in steps
with a progress bar, and the rejected rows (line, reason) to read or download as CSV.

POST /import reads and checks the file (within READ_SECONDS), stores its rows as an import and
redirects to its page (303); the page takes the next steps for a few seconds each time it is
opened and reloads itself (a meta refresh: the admin page runs no script) until the import is
done. No request does more than that, so none comes near gunicorn's timeout (30 s in the
README's deploy line). See bot/admin/import_jobs.py.
"""
from __future__ import annotations

import csv
import io
import re

from flask import Response, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.db import get_db
from bot.models import ROLE_LABELS, AdminImport, InviteCode, Village

from .. import export
from ..blueprint import bp
from ..import_files import ImportFileError
from ..import_jobs import KINDS, MAX_ROWS, advance, rejected_rows, start_import, stop
from ..people_import import DEFAULT_DAYS, MAX_DAYS
from ..web import FormError, county_only, fail, int_field, local, ok, scope, transaction

REQUEST_SECONDS = 3.0  # each page load takes steps for this long
READ_SECONDS = 15.0  # reading the upload (calamine: ~2 µs a cell); longer → "split the file"
SHOWN_REJECTIONS = 200
STATUS_LABELS = {"running": "导入中", "done": "完成", "stopped": "已停止"}


def _form_page(status: int = 200):
    with transaction() as s:
        recent = s.scalars(select(AdminImport).order_by(AdminImport.id.desc()).limit(10)).all()
    return render_template("admin/import.html", kinds=KINDS, recent=recent, statuses=STATUS_LABELS,
                           max_rows=MAX_ROWS, default_days=DEFAULT_DAYS, max_days=MAX_DAYS), status


@bp.route("/import", methods=["GET", "POST"])
@county_only
def imports():
    """Upload a CSV or .xlsx of areas, villages or people; "check only" reports without saving."""
    if request.method == "GET":
        return _form_page()
    kind = request.form.get("kind", "")
    upload = request.files.get("file")
    if kind not in KINDS or upload is None or not upload.filename:
        fail("请选择导入的内容和文件。")
        return _form_page(400)
    try:
        days = int_field("days", 1, MAX_DAYS, "邀请码有效天数", default=DEFAULT_DAYS)
        with transaction() as s:
            job = start_import(s, kind, upload.filename, upload.read(), dry_run=bool(request.form.get("dry_run")),
                               options={"days": days} if kind == "people" else {},
                               account_id=scope().account_id, username=scope().username,
                               read_seconds=READ_SECONDS)
    except (ImportFileError, FormError) as error:
        fail(str(error))
        return _form_page(400)
    return redirect(url_for("admin.import_status", import_id=job.id), code=303)


def _job(s, import_id: int) -> AdminImport:
    job = s.get(AdminImport, import_id)
    if job is None:
        abort(404)
    return job


@bp.route("/import/<int:import_id>")
@county_only
def import_status(import_id: int):
    """The import's progress (taking its next steps first), or its report when done."""
    with transaction() as s:
        running = _job(s, import_id).running
    if running:
        advance(get_db(), import_id, REQUEST_SECONDS)
    with transaction() as s:
        job = _job(s, import_id)
        shown = rejected_rows(s, job, SHOWN_REJECTIONS)
        codes = s.scalar(select(InviteCode.id).where(InviteCode.import_id == job.id).limit(1)) is not None
        return render_template("admin/import_status.html", job=job, kind=KINDS[job.kind], shown=shown,
                               codes=codes, statuses=STATUS_LABELS)


@bp.route("/import/<int:import_id>/stop", methods=["POST"])
@county_only
def import_stop(import_id: int):
    """Stop a running import; the rows imported so far stay."""
    with transaction() as s:
        stop(s, _job(s, import_id))
    ok("导入已停止，已经导入的不变。")
    return redirect(url_for("admin.import_status", import_id=import_id), code=303)


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value) -> str:
    """Opened in Excel, a cell that starts like a formula would run as one: keep it text."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) and not re.fullmatch(r"-?\d+(\.\d+)?", text) else text


def _csv(filename: str, header: list[str], rows) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(h) for h in header])
    writer.writerows([_cell(c) for c in row] for row in rows)
    # UTF-8 with a BOM: Excel in China opens it with the right characters.
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.route("/import/template/<kind>.xlsx")
@county_only
def import_template(kind: str):
    """An Excel file to fill in: the Chinese column names of the kind and its example row."""
    spec = KINDS.get(kind)
    if spec is None:
        abort(404)
    header_words, _, example = spec.example.partition("　例：")
    return export.respond(f"import-{kind}", f"{spec.label}导入", header_words.split(","), [example.split(",")],
                          "xlsx")


@bp.route("/import/<int:import_id>/rejected.csv")
@county_only
def import_rejected(import_id: int):
    """The rejected rows: line, reason, then the row as it was (fix it and upload these again)."""
    with transaction() as s:
        job = _job(s, import_id)
        rows = [[r.line, r.reason, *r.cells] for r in rejected_rows(s, job)]
        header = ["行号", "原因", *job.header]
    return _csv(f"rejected-{import_id}.csv", header, rows)


@bp.route("/import/<int:import_id>/codes.csv")
@county_only
def import_codes(import_id: int):
    """The invite codes a people import made: hand each to the person named."""
    with transaction() as s:
        job = _job(s, import_id)
        found = s.execute(select(InviteCode, Village.name).outerjoin(Village, InviteCode.village_id == Village.id)
                          .where(InviteCode.import_id == job.id).order_by(InviteCode.id)).all()
        rows = [[i.person_name, i.phone, village or "", ROLE_LABELS.get(i.role, i.role), i.group_code or "",
                 i.code, local(i.expires_at, "%Y-%m-%d"), "已用" if i.used_by else "未用"] for i, village in found]
    return _csv(f"invite-codes-{import_id}.csv",
                ["姓名", "电话", "村", "身份", "党代表活动组", "邀请码", "有效期至", "状态"], rows)
