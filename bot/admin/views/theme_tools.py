"""每月主题, county tools: push this month's themes now, load a themes file (`flask themes push|load`).

Both act on every group, so only county accounts have them.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import redirect, render_template, request, url_for

from bot.models import utcnow
from bot.themes import push_due_themes
from bot.themes import ThemeDataError, load_themes, month_of, month_words, push_due_at, read_themes_file

from .. import audit
from ..blueprint import bp
from ..web import county_only, fail, ok, transaction, tz

MAX_FILE_BYTES = 1_000_000


@bp.route("/themes/push", methods=["POST"])
@county_only
def themes_push():
    """Enqueue this month's published themes now (everyone gets each theme once a month)."""
    now = utcnow()
    month = month_of(now, tz())
    if now < push_due_at(month, tz()):
        fail(f"{month_words(month)}的主题要到1日上午9点才推送。")
        return redirect(url_for("admin.themes"))
    with transaction() as s:
        written = push_due_themes(s, now, tz(), only_if_waiting=False)
        if written:
            audit.record(s, "theme.push", target_type="Theme", target_id=month,
                         summary=f"现在推送{month_words(month)}主题：新推送 {written} 条", after={"pushes": written})
    ok(f"新推送 {written} 条。" if written else "没有要推送的：已发布的主题都推送过了。")
    return redirect(url_for("admin.themes"))


def _read_upload(data: bytes) -> dict:
    """The uploaded file, checked exactly as `flask themes load` checks knowledge/themes.yaml."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ThemeDataError("文件要存成 UTF-8 编码") from None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "themes.yaml"
        path.write_bytes(data)
        return read_themes_file(path)


@bp.route("/themes/import", methods=["GET", "POST"])
@county_only
def themes_import():
    """Upload a themes file (like knowledge/themes.yaml); themes changed on this page are kept
    unless "overwrite" is ticked. Loaded themes are published."""
    if request.method == "GET":
        return render_template("admin/themes_import.html", report=None)
    upload = request.files.get("file")
    data = upload.read(MAX_FILE_BYTES + 1) if upload is not None and upload.filename else b""
    if not data:
        fail("请选择主题文件。")
        return render_template("admin/themes_import.html", report=None), 400
    if len(data) > MAX_FILE_BYTES:
        fail("文件太大了（最多1MB）。")
        return render_template("admin/themes_import.html", report=None), 400
    force = bool(request.form.get("force"))
    try:
        themes = _read_upload(data)
    except ThemeDataError as error:
        fail(f"文件有错，没有导入：{error}")
        return render_template("admin/themes_import.html", report=None), 400
    with transaction() as s:
        report = load_themes(s, data=themes, force=force)
        if report.created or report.updated or report.specialities_changed:
            audit.record(s, "theme.import", target_type="Theme", target_id=upload.filename[:60],
                         summary=f"导入主题文件：新增 {report.created}，更新 {report.updated}，"
                                 f"保留页面上改过的 {len(report.kept_edits)}",
                         after={"created": report.created, "updated": report.updated, "force": force,
                                "unknown_groups": report.unknown_groups[:50]})
    ok(f"导入完成：新增 {report.created}，更新 {report.updated}，特色改了 {report.specialities_changed} 个组。")
    return render_template("admin/themes_import.html", report=report)
