"""导入片区: areas and villages from a CSV file (county accounts), with the rejected rows and why."""
from __future__ import annotations

from flask import render_template, request

from .. import audit
from ..area_import import ImportFileError, import_csv
from ..blueprint import bp
from ..web import county_only, fail, ok, transaction

KINDS = {"areas": "片区", "villages": "村"}


@bp.route("/import", methods=["GET", "POST"])
@county_only
def imports():
    """Upload a CSV of areas or villages; "check only" reports without saving."""
    if request.method == "GET":
        return render_template("admin/import.html", report=None, kinds=KINDS)
    kind = request.form.get("kind", "")
    upload = request.files.get("file")
    dry_run = bool(request.form.get("dry_run"))
    if kind not in KINDS or upload is None or not upload.filename:
        fail("请选择导入的内容和文件。")
        return render_template("admin/import.html", report=None, kinds=KINDS), 400
    with transaction() as s:
        try:
            report = import_csv(s, kind, upload.read())
        except ImportFileError as error:
            fail(str(error))
            return render_template("admin/import.html", report=None, kinds=KINDS), 400
        if dry_run:
            s.rollback()
        elif report.created or report.updated:
            audit.record(s, f"import.{kind}", target_type="Area" if kind == "areas" else "Village",
                         target_id=upload.filename[:60],
                         summary=f"导入{KINDS[kind]}：新增{len(report.created)}，更新{len(report.updated)}，"
                                 f"拒绝{len(report.rejected)}",
                         after={"created": report.created[:200], "updated": report.updated[:200],
                                "rejected": len(report.rejected)})
    if not dry_run:
        ok(f"导入完成：新增 {len(report.created)}，更新 {len(report.updated)}，没有变化 {report.unchanged}，"
           f"拒绝 {len(report.rejected)}。")
    return render_template("admin/import.html", report=report, kinds=KINDS, dry_run=dry_run)
