"""便民代办: errands in scope by state, one errand with its history, hand it to a member, close it."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from bot import clock
from bot import errands as errand_rules
from bot.models import Errand, User, Village

from .. import audit, export
from ..blueprint import bp
from ..bounds import db_id
from ..figures import ERRAND_LABELS, RATING_LABELS
from ..listing import Filters
from ..today import overdue_errands
from ..truth import item_pushes
from ..web import audit_export, fail, local, ok, row_in_scope, scope, transaction, tz

REASONS = {"closed": "这件代办已经结束了。", "not_member": "只能交给本片区的党员代办员。",
           "already_yours": "已经在这位党员手上了。", "taken": "刚刚有人动过这件代办，请刷新后再看。",
           "not_found": "没有这件代办。"}
EVENT_LABELS = {"created": "群众提出", "offered": "派给", "declined": "不接", "timed_out": "超时未接",
                "escalated": "没人接，转片区", "accepted": "接单", "progress": "进展", "done": "办结",
                "cancelled": "取消", "rated": "群众评价", "reopened": "群众不满意，重新办"}


SORTS = {"old": "等得久的在前", "new": "新的在前"}


@bp.route("/errands")
def errands():
    """Errands of the areas in scope, open ones first; ?state= ?overdue=1 and the shared filters."""
    state = request.args.get("state", "")
    overdue = request.args.get("overdue") == "1"
    f = Filters.from_request(tz(), tuple(SORTS))
    with transaction() as s:
        query = select(Errand).where(scope().where_area(s, Errand.area_id)).options(
            selectinload(Errand.villager), selectinload(Errand.assignee))
        if state in ERRAND_LABELS:
            query = query.where(Errand.state == state)
        if overdue:
            query = query.where(overdue_errands(clock.now()))
        if f.village:
            query = query.where(Errand.village_id == f.village)
        if f.q:
            words = f.like()
            people = select(User.id).where(User.name.like(words, escape="\\"))
            clauses = [Errand.matter.like(words, escape="\\"), Errand.phone.like(words, escape="\\"),
                       Errand.villager_id.in_(people)]
            if f.q.isdigit():
                clauses.append(Errand.id == int(f.q))
            query = query.where(or_(*clauses))
        query = f.apply_dates(query, Errand.created_at)
        closed = Errand.state.in_(("done", "cancelled"))
        query = query.order_by(closed, Errand.id if f.sort == "old" else Errand.id.desc())
        rows, total, pages = f.page_of(s, query)
        areas = {a.id: a.name for a in scope().areas(s)}
        villages = list(s.scalars(select(Village).where(scope().where_area(s, Village.area_id)).order_by(Village.name)))
    if f.export:
        header = ["编号", "事项", "群众", "电话", "片区", "经办党员", "状态", "提出时间", "办结时间"]
        table = [[e.number, e.matter, e.villager.name or "（未留姓名）", e.phone, areas.get(e.area_id, ""),
                  e.assignee.name if e.assignee else "", ERRAND_LABELS.get(e.state, e.state), local(e.created_at),
                  local(e.done_at)] for e in rows]
        audit_export("errands", total)
        return export.respond("errands", "便民代办", header, table, f.export)
    extra = {k: v for k, v in {"state": state or None, "overdue": 1 if overdue else None}.items() if v}
    return render_template("admin/errands.html", errands=rows, areas=areas, state=state, labels=ERRAND_LABELS,
                           f=f, pages=pages, total=total, villages=villages, sorts=SORTS, overdue=overdue, extra=extra,
                           ratings=RATING_LABELS)


@bp.route("/errands/<int:errand_id>")
def errand_detail(errand_id: int):
    """One errand: the request, who holds it, its history, and the staff actions."""
    with transaction() as s:
        errand = row_in_scope(s, Errand, errand_id)
        events = [(e, e.user.name if e.user else "") for e in errand.events]
        members = errand_rules.area_members(s, errand.area_id)
        pushes = item_pushes(s, "errand", errand.number)
        _ = (errand.villager.name, errand.villager.village, errand.assignee)
    return render_template("admin/errand_detail.html", errand=errand, events=events, members=members, pushes=pushes,
                           labels=ERRAND_LABELS, event_labels=EVENT_LABELS, ratings=RATING_LABELS)


@bp.route("/errands/<int:errand_id>/reassign", methods=["POST"])
def errand_reassign(errand_id: int):
    """Offer the errand to a chosen party member of its area."""
    with transaction() as s:
        errand = row_in_scope(s, Errand, errand_id)
        before = {"state": errand.state, "assignee_id": errand.assignee_id}
        raw = request.form.get("member_id", "")
        member = s.get(User, db_id(raw)) if db_id(raw) else None
        if member is None:
            fail("请选择党员。")
            return redirect(url_for("admin.errand_detail", errand_id=errand_id))
        result = errand_rules.reassign(s, errand.id, member, scope().username)
        if not result.ok:
            s.rollback()
            fail(REASONS.get(result.reason, "没有改成。"))
            return redirect(url_for("admin.errand_detail", errand_id=errand_id))
        audit.record(s, "errand.reassign", target_type="Errand", target_id=errand.number, area_id=errand.area_id,
                     summary=f"{errand.number}号代办改派给 {member.name or member.openid[:8]}",
                     before=before, after={"state": errand.state, "assignee_id": errand.assignee_id})
    ok("已改派，党员会收到通知。")
    return redirect(url_for("admin.errand_detail", errand_id=errand_id))


@bp.route("/errands/<int:errand_id>/close", methods=["POST"])
def errand_close(errand_id: int):
    """Close the errand as done or ended, with a note the villager sees."""
    state = request.form.get("state", "")
    if state not in errand_rules.CLOSE_STATES:
        abort(400)
    with transaction() as s:
        errand = row_in_scope(s, Errand, errand_id)
        before = {"state": errand.state, "assignee_id": errand.assignee_id}
        result = errand_rules.close(s, errand.id, state, request.form.get("note", ""), scope().username)
        if not result.ok:
            s.rollback()
            fail(REASONS.get(result.reason, "没有关成。"))
            return redirect(url_for("admin.errand_detail", errand_id=errand_id))
        audit.record(s, "errand.close", target_type="Errand", target_id=errand.number, area_id=errand.area_id,
                     summary=f"{errand.number}号代办关闭为“{ERRAND_LABELS[state]}”",
                     before=before, after={"state": errand.state})
    ok("代办已关闭，群众会收到通知。")
    return redirect(url_for("admin.errand_detail", errand_id=errand_id))
