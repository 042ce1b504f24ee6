"""群众需求 (吹哨报到): needs in scope by field and state, one need with its history, and the cadre's
actions on it (hand to a representative, send to another field, whistle or escalate now, close),
each through bot.needs.staff; also `flask needs whistle` / `escalate` for the account's areas.

Every action form carries the need's version as the cadre saw it (`seen`): if the need changed
meanwhile the action is refused with a message, and the cadre sees the new state first.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import redirect, render_template, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from bot import clock
from bot.models import CLAIMABLE_STATES, HELD_STATES, Need, RepGroup, User, Village
from bot.needs import claim_timeouts, escalate_unclaimed, whistle_round
from bot.needs import notices, staff
from bot.needs.fields import SURE
from bot.workitems import MAX_NOTE_CHARS

from .. import audit, export
from ..blueprint import bp
from ..bounds import db_id
from ..figures import NEED_STATE_LABELS, duration_words
from ..listing import Filters
from ..today import needs_waiting_too_long, nobody_told_needs
from ..truth import NEED_WORDS, item_pushes, need_truth, needs_truths
from ..web import audit_export, confirmed_reason, fail, local, ok, row_in_scope, scope, transaction, tz

STATE_GROUPS = {"waiting": ("待认领（全部）", CLAIMABLE_STATES), "held": ("在办（全部）", HELD_STATES)}
STATE_EXTRA = {"nobody": "没人可通知"}
INPUT_LABELS = {"text": "打字", "voice": "语音", "photo": "照片", "location": "位置"}
EVENT_LABELS = {"reported": "群众反映", "alerted": "吹哨通知", "escalated": "催办", "claimed": "接手",
                "progress": "进展", "closed": "办结", "satisfied": "群众满意", "reopened": "群众不满意，重新办",
                "assigned": "转给乡镇综合组", "rerouted": "转到别的活动组"}
REASONS = {
    "not_found": "没有这条需求。",
    "changed": "这条需求刚刚有了变化（比如党代表认领了、已经催办了），请看过现在的情况再操作。",
    "closed_already": "这条需求已经办结了。",
    "not_held": "还没有党代表接手，不能办结。请先指派一位党代表。",
    "unknown_group": "这个活动组不管这个片区。",
    "not_your_group": "这位党代表不在这个活动组，或不管这个片区。",
    "already_yours": "已经在这位党代表手上了。",
    "taken": "已经有党代表接手了，不用再催。",
    "unknown_field": "这个片区没有管这个领域的活动组。",
    "same_group": "已经在这个活动组了。",
    "not_alerted": "还没吹哨，请先点“现在吹哨”。",
    "not_collected": "已经吹过哨了。",
    "top": "已经催到片区书记了，不能再往上催。请直接指派党代表。",
    "empty_note": "请写上办结说明（群众能看到）。",
}


def _facts(need: Need) -> dict:
    return {"state": need.state, "claimed_by": need.claimed_by, "group_code": need.group_code,
            "field": need.field, "escalation_level": need.escalation_level}


def _back(need_id: int):
    return redirect(url_for("admin.need_detail", need_id=need_id))


def _refused(s, need_id: int, reason: str):
    s.rollback()
    fail(REASONS.get(reason, reason))
    return _back(need_id)


def _seen() -> str:
    return request.form.get("seen", "")


def _readable(event, groups: dict[str, str]) -> str:
    """A history note in plain words: group codes as names, escalation levels as whom."""
    note = event.note or ""
    if event.kind == "reported":
        field, _, confidence = note.partition(" ")
        try:
            return f"分到“{field}”（把握{float(confidence):.0%}）"
        except ValueError:
            return note
    if event.kind == "escalated":
        note = note.replace("level 1", "催组长").replace("level 2", "催片区书记")
    for code, name in sorted(groups.items(), key=lambda item: -len(item[0])):  # longest first
        note = note.replace(code, name)
    return note


def _waited(need: Need, now: datetime, timeouts: dict[str, timedelta]) -> tuple[str, bool]:
    """How long the villager has waited for someone to take it on, and whether that is too long."""
    if need.state not in CLAIMABLE_STATES:
        return "", False
    span = now - need.created_at
    return duration_words(span), span > timeouts[need.urgency]


SORTS = {"urgent": "很急、等得久的在前", "new": "新的在前", "old": "旧的在前"}


def _need_query(s, f: Filters, field: str, state: str, urgent: bool, late: bool, now: datetime):
    in_scope = scope().where_area(s, Need.area_id)
    query = select(Need).where(in_scope)
    if field:
        query = query.where(Need.field == field)
    if state == "nobody":
        query = query.where(nobody_told_needs())
    elif state in STATE_GROUPS:
        query = query.where(Need.state.in_(STATE_GROUPS[state][1]))
    elif state in NEED_STATE_LABELS:
        query = query.where(Need.state == state)
    if urgent:
        query = query.where(Need.urgency == "urgent")
    if late:
        query = query.where(needs_waiting_too_long(now))
    if f.village:
        query = query.where(Need.village_id == f.village)
    if f.q:
        words = f.like()
        people = select(User.id).where(or_(User.name.like(words, escape="\\"), User.phone.like(words, escape="\\")))
        clauses = [Need.text.like(words, escape="\\"), Need.villager_id.in_(people)]
        if f.q.isdigit():
            clauses.append(Need.id == int(f.q))
        query = query.where(or_(*clauses))
    query = f.apply_dates(query, Need.created_at)
    if f.sort == "urgent":  # open first; urgent first; the longest wait first
        return query.order_by(Need.state == "closed", Need.urgency != "urgent", Need.created_at, Need.id)
    if f.sort == "old":
        return query.order_by(Need.id)
    return query.order_by(Need.state == "closed", Need.id.desc())


@bp.route("/needs")
def needs():
    """Needs of the areas in scope; filters: field, state (also 没人可通知), 很急, 超时, village, dates, words."""
    field = (request.args.get("field") or "")[:20]
    state = request.args.get("state", "")
    urgent = request.args.get("urgent") == "1"
    late = request.args.get("late") == "1"
    f = Filters.from_request(tz(), tuple(SORTS))
    now = clock.now()
    with transaction() as s:
        in_scope = scope().where_area(s, Need.area_id)
        fields = sorted(f or "" for f in s.scalars(select(Need.field).where(in_scope).distinct()))
        villages = list(s.scalars(select(Village).where(scope().where_area(s, Village.area_id)).order_by(Village.name)))
        query = _need_query(s, f, field, state, urgent, late, now).options(
            selectinload(Need.villager), selectinload(Need.village), selectinload(Need.area),
            selectinload(Need.claimer))
        rows, total, pages = f.page_of(s, query)
        groups = dict(s.execute(select(RepGroup.code, RepGroup.name)).all())
        timeouts = claim_timeouts()
        truths = needs_truths(s, rows)
        listed = [(n, groups.get(n.group_code, ""), *_waited(n, now, timeouts), truths[n.id]) for n in rows]
    if f.export:
        header = ["编号", "很急", "事情", "村", "领域", "状态", "群众", "谁在办", "等了多久", "反映时间", "办结时间", "评价"]
        table = [[n.number, "很急" if n.urgency == "urgent" else "", n.text, n.village.name if n.village else n.area.name,
                  n.field or "未分类", truth.words, n.villager.name or "（未留姓名）",
                  n.claimer.name if n.claimer else "", waited, local(n.created_at), local(n.closed_at),
                  {"satisfied": "满意", "unsatisfied": "不满意"}.get(n.satisfaction or "", "")]
                 for n, _, waited, _, truth in listed]
        audit_export("needs", total)
        return export.respond("needs", "群众需求", header, table, f.export)
    extra = {k: v for k, v in {"field": field or None, "state": state or None, "urgent": 1 if urgent else None,
                               "late": 1 if late else None}.items() if v}
    return render_template("admin/needs.html", needs=listed, fields=fields, field=field, state=state,
                           urgent=urgent, late=late, f=f, pages=pages, total=total, labels=NEED_WORDS,
                           state_groups=STATE_GROUPS, villages=villages, sorts=SORTS, extra=extra)


@bp.route("/needs/<int:need_id>")
def need_detail(need_id: int):
    """One need: the villager's words and attachments, where it stands, its history, the actions."""
    now = clock.now()
    with transaction() as s:
        need = row_in_scope(s, Need, need_id)
        groups = dict(s.execute(select(RepGroup.code, RepGroup.name)).all())
        events = [(e, e.user.name if e.user else "", _readable(e, groups)) for e in need.events]
        choices = staff.groups_serving(s, need)
        group = next((c for c in choices if c.group.code == need.group_code), None)
        leaders = [u for u in group.reps if u.id in group.leaders] if group else []
        fields: dict[str, RepGroup] = {}
        for choice in choices:  # township groups first: the one field_group() would pick
            fields.setdefault(choice.group.field, choice.group)
        group_name = groups.get(need.group_code or "", "")
        waited, overdue = _waited(need, now, claim_timeouts())
        pushes = item_pushes(s, "need", need.number)
        truth = need_truth(s, need, pushes)
        _ = (need.villager.name, need.village, need.area.name, need.claimer)
    return render_template("admin/need_detail.html", need=need, events=events, choices=choices,
                           fields=fields, group_name=group_name, leaders=leaders, waited=waited,
                           overdue=overdue, version=staff.version(need), sure=need.confidence >= SURE,
                           labels=NEED_STATE_LABELS, event_labels=EVENT_LABELS, input_labels=INPUT_LABELS,
                           claimable=need.state in CLAIMABLE_STATES, held=need.state in HELD_STATES,
                           note_max=MAX_NOTE_CHARS, truth=truth, pushes=pushes)


@bp.route("/needs/<int:need_id>/assign", methods=["POST"])
def need_assign(need_id: int):
    """Hand the need to a chosen representative of a group serving its area."""
    group_code, _, raw = request.form.get("rep", "").partition(":")
    with transaction() as s:
        need = row_in_scope(s, Need, need_id)
        before = _facts(need)
        rep = s.get(User, db_id(raw)) if db_id(raw) else None
        if rep is None:
            return _refused(s, need_id, "请选择党代表。")
        outcome = staff.assign_rep(s, need.id, rep, group_code, scope().username, _seen())
        if not outcome.ok:
            return _refused(s, need_id, outcome.reason)
        audit.record(s, "need.assign", target_type="Need", target_id=need.number, area_id=need.area_id,
                     summary=f"{need.number}号需求指派给 {rep.name or rep.openid[:8]}（{group_code}）",
                     before=before, after=_facts(need))
    ok("已指派，党代表和群众都会收到通知。")
    return _back(need_id)


@bp.route("/needs/<int:need_id>/field", methods=["POST"])
def need_field(need_id: int):
    """Send the need to the group of another field; that group is whistled at once."""
    field = (request.form.get("field") or "").strip()[:20]
    with transaction() as s:
        need = row_in_scope(s, Need, need_id)
        before = _facts(need)
        if not field:
            return _refused(s, need_id, "请选择领域。")
        outcome = staff.change_field(s, need.id, field, scope().username, _seen())
        if not outcome.ok:
            return _refused(s, need_id, outcome.reason)
        audit.record(s, "need.field", target_type="Need", target_id=need.number, area_id=need.area_id,
                     summary=f"{need.number}号需求改为“{field}”，转给 {need.group_code}",
                     before=before, after=_facts(need))
    ok(f"已转到“{field}”的活动组，他们的党代表会收到吹哨。")
    return _back(need_id)


@bp.route("/needs/<int:need_id>/whistle", methods=["POST"])
def need_whistle(need_id: int):
    """Blow the whistle for this collected need now, not at the next round."""
    with transaction() as s:
        need = row_in_scope(s, Need, need_id)
        before = _facts(need)
        outcome = staff.whistle_now(s, need.id, _seen())
        if not outcome.ok:
            return _refused(s, need_id, outcome.reason)
        audit.record(s, "need.whistle", target_type="Need", target_id=need.number, area_id=need.area_id,
                     summary=f"{need.number}号需求现在吹哨", before=before, after=_facts(need))
    ok("已吹哨，活动组的党代表会收到通知。")
    return _back(need_id)


@bp.route("/needs/<int:need_id>/escalate", methods=["POST"])
def need_escalate(need_id: int):
    """Move this unclaimed need a step up now: the group's leader, then the area secretary."""
    with transaction() as s:
        need = row_in_scope(s, Need, need_id)
        before = _facts(need)
        outcome = staff.escalate_now(s, need.id, scope().username, _seen())
        if not outcome.ok:
            return _refused(s, need_id, outcome.reason)
        audit.record(s, "need.escalate", target_type="Need", target_id=need.number, area_id=need.area_id,
                     summary=f"{need.number}号需求催办到第{need.escalation_level}级", before=before,
                     after=_facts(need))
    ok("已催办：" + ("活动组组长" if need.escalation_level == 1 else "片区书记") + "会收到通知。")
    return _back(need_id)


@bp.route("/needs/<int:need_id>/close", methods=["POST"])
def need_close(need_id: int):
    """办结 on the representative's behalf, with a note the villager reads; they are asked to rate."""
    note = request.form.get("note", "")
    with transaction() as s:
        need = row_in_scope(s, Need, need_id)
        before = _facts(need)
        outcome = staff.close_need(s, need.id, note, scope().username, _seen())
        if not outcome.ok:
            return _refused(s, need_id, outcome.reason)
        audit.record(s, "need.close", target_type="Need", target_id=need.number, area_id=need.area_id,
                     summary=f"{need.number}号需求办结：{note.strip()[:100]}", before=before, after=_facts(need))
    ok("已办结，群众会收到通知并请他评价。")
    return _back(need_id)


@bp.route("/needs/whistle", methods=["GET", "POST"])
def needs_whistle_round():
    """`flask needs whistle` for the account's areas, after a confirmation page with a reason."""
    reason = confirmed_reason() if request.method == "POST" else None
    if reason is None:
        with transaction() as s:
            waiting = list(s.scalars(select(Need).where(scope().where_area(s, Need.area_id), Need.state == "collected")
                                     .order_by(Need.id).limit(200).options(selectinload(Need.village),
                                                                             selectinload(Need.area))))
            sample = notices.whistle_text(waiting[0], None) if waiting else ""
            items = [f"{n.number}号：{n.text[:40]}" for n in waiting]
        if request.method == "POST":
            fail("请写上原因再确认。")
        return render_template("admin/confirm.html", heading="现在吹哨（所有等着吹哨的）",
                               what=f"下面{len(items)}条需求会马上通知管这些事的党代表（不等定时吹哨）。",
                               items=items, told=sample,
                               told_who="党代表", action=url_for("admin.needs_whistle_round"),
                               back=url_for("admin.needs"), button=f"确认吹哨（{len(items)}条）")
    with transaction() as s:
        alerted = whistle_round(s, clock.now(), area_ids=scope().area_ids(s), again=False)  # the listed ones
        if alerted:
            audit.record(s, "need.whistle_round", target_type="Need", area_id=scope().area_id,
                         summary=f"吹哨：{alerted}条需求（{scope().words}）。原因：{reason}",
                         after={"alerted": alerted, "reason": reason})
    ok(f"已吹哨：{alerted}条需求。" if alerted else "现在没有等着吹哨的需求。")
    return redirect(url_for("admin.needs"))


@bp.route("/needs/escalate", methods=["POST"])
def needs_escalate_due():
    """`flask needs escalate` for the account's areas: unclaimed whistles past their time go up a step."""
    with transaction() as s:
        moved = escalate_unclaimed(s, clock.now(), area_ids=scope().area_ids(s))
        if moved:
            audit.record(s, "need.escalate_due", target_type="Need", area_id=scope().area_id,
                         summary=f"催办超时没人认领的需求：{moved}条（{scope().words}）", after={"moved": moved})
    ok(f"已催办：{moved}条需求。" if moved else "现在没有超时没人认领的需求。")
    return redirect(url_for("admin.needs"))
