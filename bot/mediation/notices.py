"""Pushes about mediation bookings: the words, who gets them, and their outbox business keys.

Keys (insert-or-ignore in the outbox, so each business event is pushed once):
    mediation:<no>:new:<openid>                     a new booking, to the room's mediators
    mediation:<no>:v<version>:<event>:<openid>      confirmed, proposed, moved, accepted, cancelled, outcome
    mediation:<no>:rated:<openid>                   the villager's rating, to mediator (and area staff if unhappy)
    mediation:<no>:remind:<slot id>:<openid>        the day-before reminder (see reminders.py)
    mediation:<no>:unconfirmed:<slot id>:<openid>   the day before, to mediators, if not confirmed
`version` grows with every change of a booking, so a booking confirmed, moved and confirmed
again gets two confirmations, and a retried change gets none twice.
"""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Booking, MediationRoom, Mediator, Slot, User, UserRole
from bot.outbox import enqueue
from bot.usertext import neutral

from bot.localtime import day_words, local_day, zone as as_zone

from bot.mediation.slots import slot_words

FREE = "人民调解不收费。"


def kind_words(booking: Booking) -> str:
    return f"{booking.kind}纠纷"


def template(first: str, subject: str, when: str, where: str, remark: str) -> dict:
    """The template's fields (bot/outbox/kinds.py), used outside the 48-hour window; the remark
    (how to answer) is a field of its own."""
    return {"事项": subject, "时间": when, "地点": where, "状态": first, "回复": remark}


def room_of(session: Session, booking: Booking) -> MediationRoom:
    return session.get(MediationRoom, booking.slot.room_id)


def place_words(room: MediationRoom) -> str:
    return room.name + (f"（{room.address}）" if room.address else "")


def mediator_openids(session: Session, booking: Booking, everyone: bool = False) -> list[str]:
    """The booking's mediator, or every mediator of its room when none has taken it yet."""
    if booking.mediator_id is not None and not everyone:
        mediator = session.get(User, booking.mediator_id)
        if mediator is not None:
            return [mediator.openid]
    query = (select(User.openid).join(Mediator, Mediator.user_id == User.id)
             .where(Mediator.room_id == booking.slot.room_id).order_by(User.id))
    return list(session.scalars(query))


def villager_words(session: Session, booking: Booking) -> str:
    villager = session.get(User, booking.villager_id)
    name = neutral(villager.name) or "群众"
    village = f"（{villager.village.name}）" if villager.village else ""
    return f"{name}{village} 电话{booking.phone or '未留'}"


def _key(booking: Booking, event: str, openid: str) -> str:
    return f"mediation:{booking.number}:v{booking.version}:{event}:{openid}"


def _push(session: Session, key: str, openid: str, text: str, data: dict | None = None,
          kind: str = "mediation") -> None:
    enqueue(session, key, openid, kind, text, template_data=data)


def new_booking(session: Session, booking: Booking, tz: ZoneInfo | str | None = None) -> None:
    when = slot_words(booking.slot, tz)
    lines = [f"【新调解预约 {booking.number}】{kind_words(booking)}", f"时间：{when}",
             f"群众：{villager_words(session, booking)}"]
    if booking.other_party:
        lines.append(f"对方：{neutral(booking.other_party)}")
    if booking.description:
        lines.append(f"情况：{neutral(booking.description)[:120]}")
    lines.append(f"回复1确认（或“确认 {booking.number}”）；要改时间回复“改时间 {booking.number} 下周三上午”。")
    # The template shows few fields: the subject names the other party too, so the mediator
    # knows whom to expect without opening the full text.
    subject = kind_words(booking) + (f"（对方：{neutral(booking.other_party)}）" if booking.other_party else "")
    data = template("有新的调解预约", subject, when, place_words(room_of(session, booking)),
                    f"回复1确认（或“确认 {booking.number}”）")
    for openid in mediator_openids(session, booking, everyone=True):
        _push(session, f"mediation:{booking.number}:new:{openid}", openid, "\n".join(lines), data)


def _to_villager(session: Session, booking: Booking, event: str, text: str, first: str,
                 remark: str, tz) -> None:
    villager = session.get(User, booking.villager_id)
    room = room_of(session, booking)
    data = template(first, kind_words(booking), slot_words(booking.slot, tz), place_words(room), remark)
    _push(session, _key(booking, event, villager.openid), villager.openid, text, data)


def confirmed(session: Session, booking: Booking, tz: ZoneInfo | str | None = None) -> None:
    room = room_of(session, booking)
    lines = [f"您的调解预约（{booking.number}号）调解员已确认：", f"时间：{slot_words(booking.slot, tz)}",
             f"地点：{place_words(room)}"]
    if room.phone:
        lines.append(f"有事打电话：{room.phone}")
    lines.append(FREE + f"来不了请回复“取消预约 {booking.number}”或“改约 {booking.number}”。")
    _to_villager(session, booking, "confirmed", "\n".join(lines), "调解预约已确认",
                 f"来不了请回复“取消预约 {booking.number}”", tz)


def proposed(session: Session, booking: Booking, tz: ZoneInfo | str | None = None) -> None:
    when = slot_words(booking.proposed_slot, tz)
    text = (f"调解员想把您的调解预约（{booking.number}号）改到：{when}。\n"
            f"同意请回复“同意 {booking.number}”；不合适请回复“改约 {booking.number}”另选时间。")
    villager = session.get(User, booking.villager_id)
    data = template("调解员想改个时间", kind_words(booking), when, place_words(room_of(session, booking)),
                    f"同意请回复“同意 {booking.number}”")
    _push(session, _key(booking, "proposed", villager.openid), villager.openid, text, data)


def _to_mediators(session: Session, booking: Booking, event: str, text: str, first: str, tz) -> None:
    data = template(first, kind_words(booking), slot_words(booking.slot, tz),
                    place_words(room_of(session, booking)), f"调解预约 {booking.number}")
    for openid in mediator_openids(session, booking):
        _push(session, _key(booking, event, openid), openid, text, data)


def moved(session: Session, booking: Booking, old_slot: Slot, tz: ZoneInfo | str | None = None) -> None:
    text = (f"【调解预约改时间 {booking.number}】{kind_words(booking)}\n"
            f"新时间：{slot_words(booking.slot, tz)}（原来：{slot_words(old_slot, tz)}）\n"
            f"群众：{villager_words(session, booking)}\n回复1确认（或“确认 {booking.number}”）。")
    _to_mediators(session, booking, "moved", text, "调解预约改了时间", tz)


def accepted(session: Session, booking: Booking, tz: ZoneInfo | str | None = None) -> None:
    text = (f"群众同意了：调解预约 {booking.number}（{kind_words(booking)}）改到 "
            f"{slot_words(booking.slot, tz)}，已确认。")
    _to_mediators(session, booking, "accepted", text, "群众同意了新时间", tz)


def cancelled(session: Session, booking: Booking, by_villager: bool, tz: ZoneInfo | str | None = None) -> None:
    when = slot_words(booking.slot, tz)
    if by_villager:
        text = f"【调解预约取消 {booking.number}】群众取消了 {when} 的预约（{kind_words(booking)}），这个时间空出来了。"
        _to_mediators(session, booking, "cancelled", text, "调解预约取消了", tz)
    else:
        text = staff_cancel_text(booking, tz)
        _to_villager(session, booking, "cancelled", text, "调解预约取消了", "需要的话请重新预约", tz)


OUTCOME_WORDS = {
    "调解成功": "已经调解成功。调解协议有法律约束力，双方要照着做；需要的话，双方可以在协议生效后"
               "30天内一起向人民法院申请司法确认。",
    "未成功": "这次没有调解成。您可以依法通过仲裁、行政、司法等途径维护自己的权利，也可以再约时间调解。",
    "转交": "已经转交给更合适的部门处理，会有工作人员联系您。",
}


def staff_cancel_text(booking: Booking, tz: ZoneInfo | str | None = None) -> str:
    """What the villager reads when the room cancels (the admin page shows it before it is sent)."""
    return (f"您的调解预约（{booking.number}号，{slot_words(booking.slot, tz)}）调解员取消了。"
            f"需要的话请回复“调解”重新预约，或回复“人工”找工作人员。")


def outcome_text(booking: Booking, outcome_value: str, note: str | None) -> str:
    """What the villager reads about an outcome (the admin page shows it before it is sent)."""
    text = f"您的调解（{booking.number}号，{kind_words(booking)}）{OUTCOME_WORDS[outcome_value]}"
    if outcome_value == "转交" and note:
        text += f"\n说明：{note[:100]}"
    return text + "\n您对这次调解满意吗？请回复“满意”或“不满意”（说说哪里不满意也行）。"


def outcome(session: Session, booking: Booking, tz: ZoneInfo | str | None = None) -> None:
    text = outcome_text(booking, booking.outcome or "", booking.outcome_note)
    _to_villager(session, booking, "outcome", text, f"调解结果：{booking.outcome}",
                 "满意请回复“满意”，不满意请回复“不满意”", tz)


def area_staff_openids(session: Session, booking: Booking) -> list[str]:
    """The room's area secretary, else its cadres: who follows up an unhappy villager."""
    area_id = room_of(session, booking).area_id
    for role in ("secretary", "cadre"):
        found = list(dict.fromkeys(session.scalars(
            select(User.openid).join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role, UserRole.area_id == area_id).order_by(User.id))))
        if found:
            return found
    return []


def rated(session: Session, booking: Booking) -> None:
    """The villager rated it: the mediator hears it either way; 不满意 goes to the area's staff too."""
    words = neutral(booking.rating_words or "")
    subject = f"{booking.number}号调解（{kind_words(booking)}，{booking.outcome}）"
    if booking.rating == "satisfied":
        text, first = f"{subject}，群众回复满意：{words}。辛苦了！", "群众满意"
        receivers = mediator_openids(session, booking)
    else:
        text = f"{subject}，群众回复不满意：{words}。\n请片区再联系群众（{booking.phone or '没留电话'}）。"
        first = "群众不满意，请片区跟进"
        receivers = list(dict.fromkeys(mediator_openids(session, booking) + area_staff_openids(session, booking)))
    room = room_of(session, booking)
    data = template(first, f"{booking.number}号调解 群众{'满意' if booking.rating == 'satisfied' else '不满意'}",
                    slot_words(booking.slot, None), place_words(room), words[:20] or "请跟进")
    for openid in receivers:
        _push(session, f"mediation:{booking.number}:rated:{openid}", openid, text, data)


def relative_day(day: date, today: date) -> str:
    gap = (day - today).days
    return {0: "今天", 1: "明天", 2: "后天"}.get(gap, "") + day_words(day)


def reminder(session: Session, booking: Booking, now, tz: ZoneInfo | str | None = None) -> int:
    """Remind the villager and the mediator(s) of a coming appointment; returns rows written."""
    zone = as_zone(tz)
    local = booking.slot.starts_at.astimezone(zone)
    when = relative_day(local.date(), local_day(now, zone)) + slot_words(booking.slot, zone, with_day=False)
    room = room_of(session, booking)
    villager = session.get(User, booking.villager_id)
    written = 0
    text = (f"提醒：{when}您在{place_words(room)}有调解（{booking.number}号）。\n"
            f"{FREE}来不了请回复“取消预约 {booking.number}”。")
    data = template("调解预约提醒", kind_words(booking), when, place_words(room),
                    f"来不了请回复“取消预约 {booking.number}”")
    written += enqueue(session, f"mediation:{booking.number}:remind:{booking.slot_id}:{villager.openid}",
                       villager.openid, "reminder", text, template_data=data)
    text = (f"提醒：{when}有调解预约 {booking.number}（{kind_words(booking)}），"
            f"群众：{villager_words(session, booking)}。")
    for openid in mediator_openids(session, booking):
        written += enqueue(session, f"mediation:{booking.number}:remind:{booking.slot_id}:{openid}",
                           openid, "reminder", text, template_data=data)
    return written


def unconfirmed(session: Session, booking: Booking, now, tz: ZoneInfo | str | None = None) -> int:
    """Tell the mediators the day before that a booking still waits for their confirmation."""
    zone = as_zone(tz)
    local = booking.slot.starts_at.astimezone(zone)
    when = relative_day(local.date(), local_day(now, zone)) + slot_words(booking.slot, zone, with_day=False)
    text = (f"调解预约 {booking.number}（{kind_words(booking)}，{when}）还没确认。"
            f"群众：{villager_words(session, booking)}。\n回复1确认（或“确认 {booking.number}”）。")
    data = template("调解预约还没确认", kind_words(booking), when, place_words(room_of(session, booking)),
                    f"回复1确认（或“确认 {booking.number}”）")
    return sum(enqueue(session, f"mediation:{booking.number}:unconfirmed:{booking.slot_id}:{openid}",
                       openid, "reminder", text, template_data=data)
               for openid in mediator_openids(session, booking))
