"""每月主题: the representative groups' monthly themes — see, write, publish, and what went out.

Everyone sees the groups that serve an area of their scope (county groups serve all). A theme
may be written and published by an account whose scope holds every area the group serves: the
county for county groups, a township for its own groups, an area for a group of that area only.
The rules are bot/themes/staff.py's (checks: bot.themes.check_theme, the file's); this
module reads forms, checks the scope and writes the audit log.
"""
from __future__ import annotations

import re
from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.models import Area, RepGroup, Theme, utcnow
from bot.themes import (texts, ThemeRuleError, find_theme, month_is_past, publish_theme, push_status,
                                  save_theme, unpublish_theme)
from bot.themes import (MAX_ACTIVITIES, ThemeDataError, is_month, month_of, month_words, push_due_at,
                        theme_text)

from .. import audit
from ..blueprint import bp
from ..web import fail, local, ok, scope, transaction, tz

MONTHS_SHOWN = 3
FIELDS = {"title": "主题", "description": "说明", "activities": "活动"}


def shift(month: str, months: int) -> str:
    year, number = map(int, month.split("-"))
    index = year * 12 + number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_title(month: str) -> str:
    return f"{month[:4]}年{month_words(month)}"


def readable(error: ThemeDataError) -> str:
    """'theme.title: longer than 30 characters' → '主题太长了（最多30个字）'."""
    path, _, problem = str(error).partition(": ")
    label = FIELDS.get(path.rsplit(".", 1)[-1].split("[", 1)[0], "主题")  # "activities[2]" → "activities"
    if problem == "expected some words":
        return f"请填写{label}" if label != "活动" else "活动不能有空行"
    if problem.startswith("longer than"):
        limit = re.search(r"\d+", problem).group()
        return f"{label}太长了（最多{limit}个字）" if label != "活动" else f"每条活动最多{limit}个字"
    if problem.startswith("must be a list"):
        return f"活动要写1到{MAX_ACTIVITIES}条（一行一条）"
    return f"{label}：{problem}"


# --- scope ---------------------------------------------------------------------------------------

def _codes_in_scope(s) -> set[str] | None:
    """Area codes of the account's scope; None for the county (everything)."""
    ids = scope().area_ids(s)
    if ids is None:
        return None
    return set(s.scalars(select(Area.code).where(Area.id.in_(ids)))) if ids else set()


def _visible(group: RepGroup, codes: set[str] | None) -> bool:
    return codes is None or bool(set(group.area_codes or []) & codes)


def _editable(group: RepGroup, codes: set[str] | None) -> bool:
    """Only who answers for everyone the theme reaches may change it."""
    served = set(group.area_codes or [])
    return codes is None or (group.level != "county" and bool(served) and served <= codes)


def _load(s, group_code: str, month: str, edit: bool = False) -> tuple[RepGroup, Theme | None]:
    if not is_month(month):
        abort(404)
    group = s.scalar(select(RepGroup).where(RepGroup.code == group_code))
    if group is None:
        abort(404)
    codes = _codes_in_scope(s)
    if not (_editable(group, codes) if edit else _visible(group, codes)):
        abort(403)
    return group, find_theme(s, group_code, month)


def _audit_area(s, group: RepGroup) -> int | None:
    """A group of one area is that area's business in the log; wider groups are no one area's."""
    served = group.area_codes or []
    return s.scalar(select(Area.id).where(Area.code == served[0])) if len(served) == 1 else None


# --- what the board says about a theme ---------------------------------------------------------

def state_words(theme: Theme | None, status, now: datetime) -> tuple[str, str]:
    """(badge class, words): draft, published and when it goes out, or pushed to how many."""
    if theme is None:
        return "", "还没有"
    if not theme.published:
        return "open", "草稿（不推送）"
    if status is not None and status.count:
        return "done", f"已推送 {status.count} 人（{local(status.first_at, '%m-%d %H:%M')}）"
    if theme.pushed_at is not None:
        return "done", f"已推送（{local(theme.pushed_at, '%m-%d %H:%M')}，没有可推送的人）"
    if now < push_due_at(theme.month, tz()):
        return "open", f"已发布，{month_words(theme.month)}1日上午9点推送"
    if theme.month == month_of(now, tz()):
        return "open", "已发布，等下一次定时推送（一刻钟内）"
    return "", "已发布（那个月没有推送）"


@bp.route("/themes")
def themes():
    """The groups in scope × three months: each month's theme and whether it went out."""
    now = utcnow()
    current = month_of(now, tz())
    start = request.args.get("from", "")
    start = start if is_month(start) else current
    months = [shift(start, i) for i in range(MONTHS_SHOWN)]
    with transaction() as s:
        codes = _codes_in_scope(s)
        groups = sorted((g for g in s.scalars(select(RepGroup)) if _visible(g, codes)),
                        key=lambda g: (g.level != "township", g.township, g.code))
        rows = {(t.group_code, t.month): t for t in s.scalars(
            select(Theme).where(Theme.group_code.in_([g.code for g in groups]), Theme.month.in_(months)))}
        status = push_status(s, [t for t in rows.values() if t.month <= current])
        cells = {key: (theme, state_words(theme, status.get(theme.id), now)) for key, theme in rows.items()}
        editable = {g.code for g in groups if _editable(g, codes)}
    return render_template("admin/themes.html", groups=groups, months=months, cells=cells, editable=editable,
                           current=current, month_title=month_title, earlier=shift(start, -MONTHS_SHOWN),
                           later=shift(start, MONTHS_SHOWN))


def _form_values() -> dict:
    lines = (request.form.get("activities") or "").replace("\r\n", "\n").split("\n")
    return {"title": (request.form.get("title") or "").strip(),
            "description": (request.form.get("description") or "").strip(),
            "activities": [line.strip() for line in lines if line.strip()]}


def _seen() -> datetime | None:
    try:
        return datetime.fromisoformat(request.form.get("seen", ""))
    except ValueError:
        return None


def _page(s, group: RepGroup, theme: Theme | None, month: str, form: dict | None = None,
          errors: list[str] | None = None, status_code: int = 200):
    now = utcnow()
    status = push_status(s, [theme])[theme.id] if theme is not None else None
    areas = list(s.scalars(select(Area.name).where(Area.code.in_(group.area_codes or [])).order_by(Area.code)))
    form = form if form is not None else (
        {"title": theme.title, "description": theme.description, "activities": theme.activities}
        if theme is not None else {"title": "", "description": "", "activities": []})
    html = render_template(
        "admin/theme.html", group=group, theme=theme, month=month, month_title=month_title(month),
        state=state_words(theme, status, now), status=status, areas=areas, form=form, errors=errors or [],
        editable=_editable(group, _codes_in_scope(s)) and not month_is_past(month, now, tz()),
        previews=[("群众收到的", theme_text(group, theme, False)), ("组员收到的", theme_text(group, theme, True))]
        if theme is not None else [], max_activities=MAX_ACTIVITIES)
    return html, status_code


@bp.route("/themes/<group_code>/<month>", methods=["GET", "POST"])
def theme_edit(group_code: str, month: str):
    """One group's theme of one month: what villagers get, and the form to write or change it."""
    with transaction() as s:
        group, theme = _load(s, group_code, month, edit=request.method == "POST")
        if request.method == "GET":
            return _page(s, group, theme, month)
        form = _form_values()
        try:
            change = save_theme(s, group.code, month, form, utcnow(), tz(), seen=_seen())
        except ThemeDataError as error:
            s.rollback()
            return _page(s, group, theme, month, form, [readable(error)], 400)
        except ThemeRuleError as error:
            s.rollback()
            return _page(s, group, find_theme(s, group.code, month), month, form, [texts.refusal(error)], 409)
        if change.changed:
            what = "新建" if change.created else "修改"
            audit.record(s, "theme.create" if change.created else "theme.edit", target_type="Theme",
                         target_id=f"{group.code} {month}", area_id=_audit_area(s, group),
                         summary=f"{what}{group.name}{month_title(month)}主题“{change.theme.title}”"
                         + ("（草稿）" if change.created else "：" + "、".join(FIELDS[k] for k in change.after)),
                         before=change.before, after=change.after)
        pushed = not change.created and change.theme.published and (
            change.theme.pushed_at is not None or push_status(s, [change.theme])[change.theme.id].count)
    if not change.changed:
        ok("没有改动。")
    elif change.created:
        ok("已保存为草稿。检查无误后点“发布”，才会推送。")
    else:
        ok("已保存。" + ("这个主题已经推送过，改动不会再推送，群众问“这个月有什么活动”时看到新内容。" if pushed else ""))
    return redirect(url_for("admin.theme_edit", group_code=group_code, month=month))


@bp.route("/themes/<group_code>/<month>/publish", methods=["POST"])
def theme_publish(group_code: str, month: str):
    """Publish a draft: pushed on its 1st at 09:00, or at the next run when that has passed."""
    now = utcnow()
    with transaction() as s:
        group, theme = _load(s, group_code, month, edit=True)
        if theme is None:
            abort(404)
        try:
            changed = publish_theme(s, theme, now, tz())
        except ThemeRuleError as error:
            s.rollback()
            fail(texts.refusal(error))
            return redirect(url_for("admin.theme_edit", group_code=group_code, month=month))
        if changed:
            audit.record(s, "theme.publish", target_type="Theme", target_id=f"{group.code} {month}",
                         area_id=_audit_area(s, group), summary=f"发布{group.name}{month_title(month)}主题“{theme.title}”",
                         before={"published": False}, after={"published": True})
    if not changed:
        ok("这个主题已经是发布状态。")
    elif now >= push_due_at(month, tz()):
        ok("已发布。下一次定时推送（一刻钟内）发给组员和所服务片区的群众。")
    else:
        ok(f"已发布，{month_title(month)}1日上午9点推送。")
    return redirect(url_for("admin.theme_edit", group_code=group_code, month=month))


@bp.route("/themes/<group_code>/<month>/unpublish", methods=["POST"])
def theme_unpublish(group_code: str, month: str):
    """Back to a draft, while it has not been pushed."""
    with transaction() as s:
        group, theme = _load(s, group_code, month, edit=True)
        if theme is None:
            abort(404)
        try:
            changed = unpublish_theme(s, theme, utcnow(), tz())
        except ThemeRuleError as error:
            s.rollback()
            fail(texts.refusal(error))
            return redirect(url_for("admin.theme_edit", group_code=group_code, month=month))
        if changed:
            audit.record(s, "theme.unpublish", target_type="Theme", target_id=f"{group.code} {month}",
                         area_id=_audit_area(s, group), summary=f"撤回{group.name}{month_title(month)}主题“{theme.title}”",
                         before={"published": True}, after={"published": False})
    ok("已撤回为草稿，不会推送。" if changed else "这个主题本来就是草稿。")
    return redirect(url_for("admin.theme_edit", group_code=group_code, month=month))
