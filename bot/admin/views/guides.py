"""明白纸: the service guides, read by everyone, edited by county accounts.

An edit is checked by the same schema as the guide files (knowledge.guide_schema.check_guide),
then saved on the Guide row; the bot's guide cache (bot.guides) notices the new
`updated_at` and uses it on the next message, without a restart. `flask kb load` keeps the
edit (it differs from the file's hash) unless forced.
"""
from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.models import Area, Guide
from knowledge.checks import FileChecker
from knowledge.guide_schema import GUIDE_IDS, SAMPLE_MARKABLE, check_guide

from .. import audit
from ..blueprint import bp
from ..web import county_only, ok, scope, transaction

LIST_FIELDS = ("who", "materials", "steps", "policy")
FIELD_LABELS = {"title": "名称", "summary": "一句话说明", "who": "适用对象", "materials": "要带的材料",
                "steps": "办理步骤", "time_limit": "办理时限", "where": "去哪办", "where.default": "去哪办",
                "phone": "咨询电话", "cost": "费用", "policy": "政策依据", "checked": "核对日期",
                "sample": "样例标记", "id": "编号"}
MESSAGES = {"missing": "没有填", "is empty": "是空的", "must be one line": "只能写一行",
            "expected a non-empty text": "有空行", "unknown township (not in areas.yaml)": "不是本县的乡镇（街道）",
            "expected a text": "要填文字"}


def _lines(name: str) -> list[str]:
    return [line.strip() for line in (request.form.get(name) or "").splitlines() if line.strip()]


TOWNSHIP_WORD = "【乡镇】"


def _townships_from_form() -> dict[str, str]:
    overrides = {}
    for line in _lines("where_townships"):
        name, sep, place = line.replace("：", ":").partition(":")
        overrides[name.strip()] = place.strip() if sep else ""
    return overrides


def raw_from_form(guide_id: str) -> dict:
    """The form as a guide file's mapping (so the file schema can check it)."""
    raw: dict = {"id": guide_id}
    for name in ("title", "summary", "time_limit", "phone", "cost"):
        raw[name] = (request.form.get(name) or "").replace("\r\n", "\n").strip()
    for name in LIST_FIELDS:
        raw[name] = _lines(name)
    # Cadres write 【乡镇】; the guide files keep the placeholder {township} (filled in per villager).
    raw["where"] = {"default": (request.form.get("where_default") or "").strip().replace(TOWNSHIP_WORD, "{township}")}
    if overrides := _townships_from_form():
        raw["where"]["townships"] = overrides
    raw["checked"] = (request.form.get("checked") or "").strip()
    raw["sample"] = [name for name in request.form.getlist("sample") if name in SAMPLE_MARKABLE]
    return raw


def readable(error: str) -> str:
    """'guides/dibao.yaml: steps: is empty' → '办理步骤：是空的'."""
    _, _, rest = error.partition(": ")
    path, _, message = rest.partition(": ")
    label = FIELD_LABELS.get(path) or FIELD_LABELS.get(path.split("[")[0].split(".")[0], path)
    return f"{label}：{MESSAGES.get(message, message)}"


def _townships(s) -> list[str]:
    return sorted(t for t in s.scalars(select(Area.township).distinct()) if t)


@bp.route("/guides")
def guides():
    """All guides in CONTRACT order, with the date each was last checked."""
    with transaction() as s:
        rows = {g.id: g for g in s.scalars(select(Guide))}
    ordered = [rows[g] for g in GUIDE_IDS if g in rows] + [g for k, g in sorted(rows.items()) if k not in GUIDE_IDS]
    return render_template("admin/guides.html", guides=ordered, can_edit=scope().is_county)


@bp.route("/guides/<guide_id>")
def guide_detail(guide_id: str):
    """One guide as the bot shows its parts."""
    with transaction() as s:
        guide = s.get(Guide, guide_id)
        if guide is None:
            abort(404)
    return render_template("admin/guide_detail.html", guide=guide, data=guide.data or {},
                           can_edit=scope().is_county, labels=FIELD_LABELS)


@bp.route("/guides/<guide_id>/edit", methods=["GET", "POST"])
@county_only
def guide_edit(guide_id: str):
    """Edit a guide; it is checked like the guide files and used by the bot at once."""
    with transaction() as s:
        guide = s.get(Guide, guide_id)
        if guide is None:
            abort(404)
        townships = _townships(s)
        if request.method == "GET":
            return render_template("admin/guide_edit.html", guide=guide, data=guide.data or {},
                                   errors=[], townships=townships, markable=sorted(SAMPLE_MARKABLE),
                                   labels=FIELD_LABELS)
        raw = raw_from_form(guide_id)
        errors: list[str] = []
        checked = check_guide(FileChecker(f"guides/{guide_id}.yaml", errors), raw, guide_id, townships)
        if checked is None:
            return render_template("admin/guide_edit.html", guide=guide, data=raw,
                                   errors=[readable(e) for e in errors], townships=townships,
                                   markable=sorted(SAMPLE_MARKABLE), labels=FIELD_LABELS), 400
        before = dict(guide.data or {})
        changed = sorted(k for k in set(before) | set(checked) if before.get(k) != checked.get(k))
        if changed:
            guide.data = checked
            guide.title = checked["title"]
            guide.checked = date.fromisoformat(checked["checked"])
            s.flush()
            audit.record(s, "guide.edit", target_type="Guide", target_id=guide_id,
                         summary=f"修改明白纸“{guide.title}”：" + "、".join(FIELD_LABELS.get(k, k) for k in changed),
                         before={k: before.get(k) for k in changed}, after={k: checked.get(k) for k in changed})
    ok("已保存，机器人马上按新内容回答。" if changed else "没有改动。")
    return redirect(url_for("admin.guide_detail", guide_id=guide_id))
