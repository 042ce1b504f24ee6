"""推送: pushes to the people of the areas in scope, dead ones with their reason; send again.

Pushes held back because the day's WeChat quota is used up (bot/outbox/quota.py) are counted
apart, so a cadre sees that they will go out after midnight and are not lost. Sent pushes are
counted by channel (customer-service text, template, mass send), and the month's mass-send
budget says how many broadcasts every villager can still receive (bot/outbox/mass.py).

"Send again" is bot.outbox.store.requeue (the rule `flask outbox retry` uses): the row goes
back to pending, due now, with a fresh attempt count; a dispatcher sends it.
"""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import func, select

from bot import clock
from bot.models import Booking, OutboxMessage, PushResolution, User
from bot.models.outbox import OUTBOX_STATUSES
from bot.outbox import mass, store
from bot.outbox.quota import WAITING_REASON_PREFIX

from .. import audit
from ..blueprint import bp
from ..bounds import db_id
from ..push_scope import where_push_in_scope
from ..push_words import explain
from ..web import fail, local_next, ok, scope, transaction

STATUS_LABELS = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "dead": "发不出去"}
KIND_LABELS = {"reply": "回复", "task": "志愿活动", "reminder": "活动提醒", "errand": "代办", "mediation": "调解",
               "whistle": "吹哨", "theme": "每月主题", "need": "需求", "affairs": "村务", "notice": "公告",
               "human": "转人工", "safety": "安全提醒", "mass": "群发"}
# How a push went out (WeChat's rules: bot/outbox/kinds.py).
CHANNEL_LABELS = {"custom": "客服消息（48小时内）", "template": "模板消息（带详情链接）", "mass": "群发"}


def _in_scope(s, query):
    """Rows about the business of the areas in scope (county: every row): bot/admin/push_scope.py."""
    if scope().is_county:
        return query
    return query.where(where_push_in_scope(s, scope()))


@bp.route("/outbox")
def outbox():
    """Pushes by status (dead first), newest first, with the reason they failed."""
    status = request.args.get("status", "dead")
    if status not in OUTBOX_STATUSES:
        status = "dead"
    with transaction() as s:
        counts = dict(s.execute(_in_scope(s, select(OutboxMessage.status, func.count()))
                                .group_by(OutboxMessage.status)).all())
        waiting_for_quota = s.scalar(_in_scope(s, select(func.count()).select_from(OutboxMessage)).where(
            OutboxMessage.status == "pending", OutboxMessage.last_error.startswith(WAITING_REASON_PREFIX)))
        rows = s.scalars(_in_scope(s, select(OutboxMessage)).where(OutboxMessage.status == status)
                         .order_by(OutboxMessage.id.desc()).limit(200)).all()
        names = dict(s.execute(select(User.openid, User.name).where(User.openid.in_({r.openid for r in rows}))).all())
        resolved = dict(s.execute(select(PushResolution.outbox_id, PushResolution.note).where(
            PushResolution.outbox_id.in_([r.id for r in rows]))).all())
        about = {r.id: item_link(s, r.business_key) for r in rows}
        channels = dict(s.execute(_in_scope(s, select(OutboxMessage.channel, func.count()))
                                  .where(OutboxMessage.status == "sent").group_by(OutboxMessage.channel)).all())
        per_month = int(current_app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH))
        budget = {"per_month": per_month, "left": mass.left_this_month(s, clock.now(), per_month),
                  "month": mass.month_of(clock.now())}
    return render_template("admin/outbox.html", rows=rows, counts=counts, status=status, names=names,
                           labels=STATUS_LABELS, kinds=KIND_LABELS, waiting_for_quota=waiting_for_quota,
                           channels=channels, channel_labels=CHANNEL_LABELS, budget=budget,
                           reasons={r.id: explain(r.last_error) for r in rows if r.status == "dead"},
                           resolved=resolved, about=about, check_all=request.args.get("check") == "all")


def item_link(s, key: str) -> tuple[str, str] | None:
    """The item a push was about, as words and a link (by its business key)."""
    prefix, _, rest = key.partition(":")
    number = rest.split(":", 1)[0]
    if prefix == "need" and number.isdigit():
        return f"{number}号需求", url_for("admin.need_detail", need_id=int(number))
    if prefix == "errand" and number.isdigit():
        return f"{number}号代办", url_for("admin.errand_detail", errand_id=int(number))
    if prefix == "task" and number.isdigit():
        return f"{number}号志愿活动", url_for("admin.task_detail", number=int(number))
    if prefix == "relay" and number.isdigit():
        return "群众留言", url_for("admin.inbox_detail", conversation_id=int(number))
    if prefix == "mediation":
        booking_id = s.scalar(select(Booking.id).where(Booking.number == number))
        if booking_id is not None:
            return f"{number}号调解预约", url_for("admin.mediation_booking", booking_id=booking_id)
    return None


@bp.route("/outbox/retry", methods=["POST"])
def outbox_retry():
    """Put the chosen dead pushes back in the queue (pending, due now)."""
    wanted = [i for i in map(db_id, request.form.getlist("ids")) if i is not None][:500]
    with transaction() as s:
        allowed = list(s.scalars(_in_scope(s, select(OutboxMessage.id)).where(
            OutboxMessage.id.in_(wanted), OutboxMessage.status == "dead")))
        if not allowed:
            fail("请勾选要重发的推送。")
            return redirect(url_for("admin.outbox"))
        count = store.requeue(s, allowed, clock.now())
        audit.record(s, "outbox.retry", target_type="OutboxMessage", target_id=",".join(map(str, allowed))[:60],
                     summary=f"重发{count}条推送", after={"ids": allowed, "status": "pending"})
    ok(f"{count} 条推送已重新排队，稍后发出。")
    return redirect(local_next() or url_for("admin.outbox"))


@bp.route("/outbox/<int:outbox_id>/resolve", methods=["POST"])
def outbox_resolve(outbox_id: int):
    """A dead push understood and dealt with (called the person, handed to IT…): off the 待办 list."""
    note = (request.form.get("note") or "").strip()[:200]
    back = local_next() or url_for("admin.outbox")
    with transaction() as s:
        row = s.get(OutboxMessage, outbox_id)
        if row is None or row.status != "dead":
            abort(404)
        if s.scalar(_in_scope(s, select(OutboxMessage.id)).where(OutboxMessage.id == outbox_id)) is None:
            abort(403)
        if not note:
            fail("请选择怎么处理的。")
            return redirect(back)
        if s.get(PushResolution, row.id) is None:
            s.add(PushResolution(outbox_id=row.id, username=scope().username, note=note))
            reason = explain(row.last_error)
            audit.record(s, "outbox.resolve", target_type="OutboxMessage", target_id=row.id,
                         summary=f"没送到的推送已处理（{reason.words}）：{note}", after={"note": note})
    ok("已记下处理结果。")
    return redirect(back)
