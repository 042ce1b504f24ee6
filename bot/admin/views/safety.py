"""紧急求助: safety cases in scope, unanswered first, with the time from message to staff push;
a cadre closes a case once it is dealt with. Cases of unregistered villagers (no area) are the
county's until they say where they are."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from bot import clock
from bot.models import OutboxMessage, SafetyCase
from bot.safety.words import safety_words

from .. import audit
from ..blueprint import bp
from ..web import ok, row_in_scope, scope, transaction

STATE_LABELS = {"open": "没人回复", "acknowledged": "已有人处理", "closed": "已结束"}


def _first_push_seconds(s, cases: list[SafetyCase]) -> dict[int, float]:
    """Case id → seconds from the villager's message to the first alert push WeChat accepted."""
    if not cases:
        return {}
    by_id = {c.id: c for c in cases}
    rows = s.execute(select(OutboxMessage.business_key, OutboxMessage.sent_at).where(
        OutboxMessage.kind == "safety", OutboxMessage.sent_at.is_not(None),
        OutboxMessage.created_at >= min(c.created_at for c in cases))).all()
    seconds: dict[int, float] = {}
    for key, sent_at in rows:
        parts = key.split(":")
        if len(parts) < 3 or parts[2] != "alert" or not parts[1].isdigit() or int(parts[1]) not in by_id:
            continue
        case = by_id[int(parts[1])]
        waited = max(0.0, (sent_at - case.message_at).total_seconds())
        seconds[case.id] = min(waited, seconds.get(case.id, waited))
    return seconds


@bp.route("/safety")
def safety():
    """Cases of the areas in scope: not answered first, then the newest."""
    with transaction() as s:
        query = select(SafetyCase).where(scope().where_area(s, SafetyCase.area_id))
        rows = s.scalars(query.order_by((SafetyCase.state == "open").desc(), (SafetyCase.state == "closed"),
                                        SafetyCase.id.desc()).limit(200)).all()
        for case in rows:
            _ = (case.user.name, case.user.village, case.acknowledger)
        pushed = _first_push_seconds(s, rows)
        areas = {a.id: a.name for a in scope().areas(s)}
    labels = {k.id: k.label for k in safety_words().kinds}
    return render_template("admin/safety.html", cases=rows, areas=areas, pushed=pushed, kinds=labels,
                           states=STATE_LABELS)


@bp.route("/safety/<int:case_id>/close", methods=["POST"])
def safety_close(case_id: int):
    """The danger is over: the case leaves the top of the board."""
    with transaction() as s:
        case = row_in_scope(s, SafetyCase, case_id)
        before = {"state": case.state}
        if case.state != "closed":
            case.state, case.closed_at = "closed", clock.now()
        note = (request.form.get("note") or "").strip()[:200]
        audit.record(s, "safety.close", target_type="SafetyCase", target_id=case.id, area_id=case.area_id,
                     summary=f"第{case.id}号紧急求助已结束" + (f"：{note}" if note else ""),
                     before=before, after={"state": case.state})
    ok("已标记为结束。")
    return redirect(url_for("admin.safety"))
