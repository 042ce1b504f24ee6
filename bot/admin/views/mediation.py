"""调解预约: rooms in scope, a week's calendar per room, a booking with confirm / outcome / cancel.

Every change goes through bot.mediation (the same rules the mediators' chat uses) and is
written to the audit log in the same transaction.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import func, select

from bot import clock, mediation
from bot.mediation import notices as mediation_notices
from bot.models import Booking, MediationRoom, Mediator, Slot, User
from bot.models.mediation import OPEN_STATES, OUTCOMES

from .. import audit
from ..blueprint import bp
from ..bounds import in_range_day
from ..figures import RATING_LABELS
from ..truth import item_pushes
from ..web import FormError, confirmed_reason, fail, ok, require_area, row_in_scope, scope, transaction, tz

WEEKDAYS = "一二三四五六日"


def _booking_facts(booking: Booking) -> dict:
    return {"state": booking.state, "outcome": booking.outcome, "mediator_id": booking.mediator_id,
            "slot_id": booking.slot_id}


def _load_booking(s, booking_id: int) -> tuple[Booking, MediationRoom]:
    booking = s.get(Booking, booking_id)
    if booking is None:
        abort(404)
    room = s.get(MediationRoom, booking.slot.room_id)
    require_area(s, room.area_id)
    return booking, room


def _room_mediators(s, room_id: int) -> list[User]:
    return list(s.scalars(select(User).join(Mediator, Mediator.user_id == User.id)
                          .where(Mediator.room_id == room_id).order_by(User.id)))


@bp.route("/mediation")
def mediation_rooms():
    """The mediation rooms of the areas in scope, with their open bookings."""
    with transaction() as s:
        rooms = s.scalars(select(MediationRoom).where(scope().where_area(s, MediationRoom.area_id))
                          .order_by(MediationRoom.area_id)).all()
        counts = dict(s.execute(
            select(Slot.room_id, func.count(Booking.id)).join(Booking, Booking.slot_id == Slot.id)
            .where(Booking.state.in_(OPEN_STATES)).group_by(Slot.room_id)).all())
        waiting = dict(s.execute(
            select(Slot.room_id, func.count(Booking.id)).join(Booking, Booking.slot_id == Slot.id)
            .where(Booking.state.in_(("requested", "moved"))).group_by(Slot.room_id)).all())
        rows = [(room, counts.get(room.id, 0), waiting.get(room.id, 0)) for room in rooms]
        areas = {a.id: a.name for a in scope().areas(s)}
        unhappy = s.scalars(
            select(Booking).join(Slot, Slot.id == Booking.slot_id).where(
                Slot.room_id.in_([room.id for room in rooms]), Booking.rating == "unsatisfied",
                Booking.rated_at >= clock.now() - timedelta(days=90))
            .order_by(Booking.rated_at.desc()).limit(100)).all() if rooms else []
    return render_template("admin/mediation_rooms.html", rows=rows, areas=areas, unhappy=unhappy)


def _week_start(raw: str | None) -> date:
    try:
        day = in_range_day(date.fromisoformat(raw)) if raw else clock.now().astimezone(tz()).date()
    except ValueError:
        day = clock.now().astimezone(tz()).date()
    return day - timedelta(days=day.weekday())


@bp.route("/mediation/rooms/<int:room_id>")
def mediation_calendar(room_id: int):
    """One room's week: each day's slots with their places and bookings."""
    start = _week_start(request.args.get("week"))
    zone = tz()
    with transaction() as s:
        room = row_in_scope(s, MediationRoom, room_id)
        begin = datetime.combine(start, datetime.min.time(), tzinfo=zone)
        slots = s.scalars(select(Slot).where(Slot.room_id == room.id, Slot.starts_at >= begin,
                                             Slot.starts_at < begin + timedelta(days=7))
                          .order_by(Slot.starts_at)).all()
        bookings = s.scalars(select(Booking).where(Booking.slot_id.in_([x.id for x in slots]))
                             .order_by(Booking.id)).all() if slots else []
        by_slot: dict[int, list[Booking]] = {}
        for booking in bookings:
            by_slot.setdefault(booking.slot_id, []).append(booking)
        days = []
        for offset in range(7):
            day = start + timedelta(days=offset)
            day_slots = [(x, by_slot.get(x.id, [])) for x in slots if x.starts_at.astimezone(zone).date() == day]
            days.append((day, WEEKDAYS[day.weekday()], day_slots))
        for booking in bookings:
            _ = booking.villager.name  # loaded while the session is open
    return render_template("admin/mediation_calendar.html", room=room, days=days, week=start,
                           previous=start - timedelta(days=7), following=start + timedelta(days=7),
                           labels=mediation.STATE_LABELS)


@bp.route("/mediation/bookings/<int:booking_id>")
def mediation_booking(booking_id: int):
    """One booking: who, when, what, its state, and the actions."""
    with transaction() as s:
        booking, room = _load_booking(s, booking_id)
        mediators = _room_mediators(s, room.id)
        pushes = item_pushes(s, "mediation", booking.number)
        refusal = outcome_refusal(booking, clock.now())
        _ = (booking.villager.name, booking.slot.starts_at, booking.mediator)
        if booking.villager.village:
            _ = booking.villager.village.name
    return render_template("admin/mediation_booking.html", booking=booking, room=room,
                           mediators=mediators, outcomes=OUTCOMES, labels=mediation.STATE_LABELS, ratings=RATING_LABELS,
                           is_open=booking.state in OPEN_STATES, pushes=pushes, refusal=refusal)


def _mediator_choice(s, room: MediationRoom) -> int:
    choices = {u.id for u in _room_mediators(s, room.id)}
    if not choices:
        raise FormError("这个调解室还没有登记调解员，不能告诉群众“调解员已确认”。请先登记调解员")
    raw = request.form.get("mediator_id", "")
    if raw.isdigit() and int(raw) in choices:
        return int(raw)
    raise FormError("请选择调解员")


def outcome_refusal(booking: Booking, now: datetime) -> str | None:
    """Why an outcome may not be recorded yet without an override: the time has not come, or no
    mediator holds the booking (nobody confirmed it). None when it may."""
    if booking.state == "cancelled":
        return "已取消的预约不能记录结果。"
    if booking.slot.starts_at > now:
        return f"预约的时间（{booking.slot.starts_at.astimezone(tz()).strftime('%m-%d %H:%M')}）还没到。"
    if booking.mediator_id is None or booking.state not in ("confirmed", "done"):
        return "这个预约还没有调解员确认接手。"
    return None


def _to_booking(booking_id: int):
    return redirect(url_for("admin.mediation_booking", booking_id=booking_id))


@bp.route("/mediation/bookings/<int:booking_id>/confirm", methods=["POST"])
def mediation_confirm(booking_id: int):
    """Confirm the booked time for a mediator of the room; the villager is told."""
    with transaction() as s:
        booking, room = _load_booking(s, booking_id)
        before = _booking_facts(booking)
        try:
            mediator_id = _mediator_choice(s, room)
            mediation.confirm(s, booking, mediator_id, tz=tz())
        except FormError as error:
            fail(f"不能确认：{error}")
            return _to_booking(booking_id)
        except mediation.BookingError:
            fail("这个预约已经结束，不能再确认。")
            return _to_booking(booking_id)
        audit.record(s, "mediation.confirm", target_type="Booking", target_id=booking.number,
                     area_id=room.area_id, summary=f"确认调解预约 {booking.number}",
                     before=before, after=_booking_facts(booking))
    ok(f"已确认 {booking.number} 号预约，群众会收到通知。")
    return _to_booking(booking_id)


@bp.route("/mediation/bookings/<int:booking_id>/outcome", methods=["POST"])
def mediation_outcome(booking_id: int):
    """Record how the mediation ended, after a page showing what the villager will be told.

    Only for a booking whose time has come and that a mediator holds, unless the cadre ticks the
    override and gives a reason; no outcome is preselected."""
    outcome = request.form.get("outcome", "")
    note = (request.form.get("note") or "").strip()[:1000]
    override = request.form.get("override") == "1"
    reason = confirmed_reason()
    with transaction() as s:
        booking, room = _load_booking(s, booking_id)
        if outcome not in OUTCOMES:
            fail("请选择调解结果。")
            return _to_booking(booking_id)
        refusal = outcome_refusal(booking, clock.now())
        if refusal and (booking.state == "cancelled" or not override):
            fail(f"不能记录结果：{refusal}" + ("" if booking.state == "cancelled" else
                                            "确实要记录，请勾选“仍要记录”并写明原因。"))
            return _to_booking(booking_id)
        if reason is None:
            if request.form.get("confirmed") == "1":
                fail("请写上原因再确认。")
            hidden = {"outcome": outcome, "note": note, "override": "1" if override else ""}
            if request.form.get("mediator_id"):
                hidden["mediator_id"] = request.form["mediator_id"]
            page = dict( heading=f"记录{booking.number}号调解结果：{outcome}",
                what=(f"注意：{refusal}" if refusal else "") + "保存后，群众马上会收到下面这段话，不能收回。",
                told=mediation_notices.outcome_text(booking, outcome, note), hidden=hidden,
                action=url_for("admin.mediation_outcome", booking_id=booking_id),
                back=url_for("admin.mediation_booking", booking_id=booking_id), button="确认，保存结果")
            return render_template("admin/confirm.html", **page)
        before = _booking_facts(booking)
        try:
            mediator_id = _mediator_choice(s, room) if request.form.get("mediator_id") else None
            mediation.record_outcome(s, booking, outcome, note, mediator_id=mediator_id, tz=tz())
        except (ValueError, mediation.BookingError):
            s.rollback()
            fail("不能记录：请选择结果；已取消的预约不能记录结果。")
            return _to_booking(booking_id)
        audit.record(s, "mediation.outcome", target_type="Booking", target_id=booking.number,
                     area_id=room.area_id, summary=f"{booking.number} 号调解结果：{booking.outcome}。"
                     + (f"（{refusal}仍记录）" if refusal else "") + f"原因：{reason}",
                     before=before, after={**_booking_facts(booking), "reason": reason, "override": bool(refusal)})
    ok("调解结果已记录，群众会收到通知。")
    return _to_booking(booking_id)


@bp.route("/mediation/bookings/<int:booking_id>/cancel", methods=["POST"])
def mediation_cancel(booking_id: int):
    """Cancel the booking for the room, after a page with a reason and what the villager will read."""
    reason = confirmed_reason()
    with transaction() as s:
        booking, room = _load_booking(s, booking_id)
        if not booking.is_open:
            fail("这个预约已经结束，不能取消。")
            return _to_booking(booking_id)
        if reason is None:
            if request.form.get("confirmed") == "1":
                fail("请写上原因再确认。")
            page = dict(
                heading=f"取消{booking.number}号调解预约",
                what="取消后这个时间空出来，群众马上会收到下面这段话。",
                told=mediation_notices.staff_cancel_text(booking, tz()),
                action=url_for("admin.mediation_cancel", booking_id=booking_id),
                back=url_for("admin.mediation_booking", booking_id=booking_id), button="确认取消这个预约")
            return render_template("admin/confirm.html", **page)
        before = _booking_facts(booking)
        try:
            mediation.cancel(s, booking, by_villager=False, tz=tz())
        except mediation.BookingError:
            s.rollback()
            fail("这个预约已经结束，不能取消。")
            return _to_booking(booking_id)
        audit.record(s, "mediation.cancel", target_type="Booking", target_id=booking.number,
                     area_id=room.area_id, summary=f"取消调解预约 {booking.number}。原因：{reason}",
                     before=before, after={**_booking_facts(booking), "reason": reason})
    ok("预约已取消，群众会收到通知。")
    return _to_booking(booking_id)
