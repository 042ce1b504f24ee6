"""调解预约 as a list: every booking in scope with filters (to confirm, state, room, village, dates,
words), the soonest first, paged and exportable; the calendar stays for a room's week."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from bot import mediation
from bot.models import Booking, MediationRoom, Slot, User, Village

from .. import export
from ..blueprint import bp
from ..listing import Filters
from ..today import TO_CONFIRM, bookings_in_scope
from ..web import audit_export, local, scope, transaction, tz

SORTS = {"soon": "时间近的在前", "new": "新约的在前"}
STATES = {"confirm": "待确认", **mediation.STATE_LABELS}


@bp.route("/mediation/bookings")
def mediation_bookings():
    """Bookings of the areas in scope; ?state=confirm lists those waiting for a confirmation."""
    state = request.args.get("state", "")
    f = Filters.from_request(tz(), tuple(SORTS))
    with transaction() as s:
        query = bookings_in_scope(s, scope()).options(selectinload(Booking.villager).selectinload(User.village),
                                                      selectinload(Booking.slot), selectinload(Booking.mediator))
        if state == "confirm":
            query = query.where(Booking.state.in_(TO_CONFIRM))
        elif state in mediation.STATE_LABELS:
            query = query.where(Booking.state == state)
        if f.village:
            query = query.where(Booking.villager_id.in_(select(User.id).where(User.village_id == f.village)))
        if f.q:
            words = f.like()
            people = select(User.id).where(or_(User.name.like(words, escape="\\"), User.phone.like(words, escape="\\")))
            query = query.where(or_(Booking.description.like(words, escape="\\"), Booking.number == f.q,
                                    Booking.kind.like(words, escape="\\"), Booking.villager_id.in_(people)))
        query = f.apply_dates(query, Slot.starts_at)
        query = query.order_by(Slot.starts_at, Booking.id) if f.sort == "soon" else query.order_by(Booking.id.desc())
        rows, total, pages = f.page_of(s, query)
        rooms = {r.id: r.name for r in s.scalars(select(MediationRoom).where(
            MediationRoom.id.in_({b.slot.room_id for b in rows})))}
        villages = list(s.scalars(select(Village).where(scope().where_area(s, Village.area_id)).order_by(Village.name)))
        listed = [(b, rooms.get(b.slot.room_id, "")) for b in rows]
    if f.export:
        header = ["编号", "时间", "调解室", "纠纷类别", "群众", "村", "电话", "状态", "调解员", "结果", "说明"]
        table = [[b.number, local(b.slot.starts_at), room, b.kind, b.villager.name or "（未留姓名）",
                  b.villager.village.name if b.villager.village else "", b.phone, STATES.get(b.state, b.state),
                  b.mediator.name if b.mediator else "", b.outcome or "", b.description] for b, room in listed]
        audit_export("mediation_bookings", total)
        return export.respond("mediation-bookings", "调解预约", header, table, f.export)
    return render_template("admin/mediation_bookings.html", rows=listed, f=f, pages=pages, total=total,
                           state=state, states=STATES, villages=villages, sorts=SORTS,
                           extra={"state": state} if state else {})
