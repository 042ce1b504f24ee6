"""What each errand step tells whom, through the outbox, with business keys that make it exactly-once.

Keys: errand:<no>:offer:<openid>, errand:<no>:withdrawn:<openid>, errand:<no>:escalated:<openid>,
errand:<no>:accepted, errand:<no>:given-back:<event id>, errand:<no>:progress:<event id>, errand:<no>:done[:<nth time>], errand:<no>:cancelled:<openid>,
errand:<no>:rated|reopened:<nth time done>:<openid>.
A member is offered an errand at most once, so every key names one business event.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import Errand, ErrandEvent, User, mask_phone
from bot.outbox import enqueue
from bot.usertext import neutral

KIND = "errand"


def template(title: str, errand: Errand, state: str, remark: str, to_member: bool = False) -> dict:
    """The template's fields (bot/outbox/kinds.py) for pushes outside the 48-hour window; the
    title is in the full text on the push's page, the remark (how to answer) is a field of its own.
    A member offered the errand of a villager without a phone reads that in the matter's field."""
    door = "[上门联系] " if to_member and not _has_phone(errand) else ""  # first: a field is cut at 20 characters
    return {"事项": f"{errand.number}号 {door}{neutral(errand.matter)}", "状态": state, "回复": remark}


# The errand form stores "上门联系" for a villager who has no phone (bot/forms.py NO_PHONE).
NO_PHONE_WORDS = "没有电话，请上门联系"


def _has_phone(errand: Errand) -> bool:
    return bool(errand.phone) and any(ch.isdigit() for ch in errand.phone)


def _villager_line(errand: Errand, phone_masked: bool) -> str:
    """'群众：代村 李大爷（电话 138****5678）', or '代村村民' when we have no name."""
    villager = errand.villager
    village = villager.village.name if villager.village else ""
    who = f"{village} {neutral(villager.name)}" if villager.name else f"{village}村民"
    if not _has_phone(errand):
        return f"群众：{who.strip()}（{NO_PHONE_WORDS}）"
    phone = mask_phone(errand.phone) if phone_masked else errand.phone
    return f"群众：{who.strip()}（电话 {phone}）"


def offer_text(errand: Errand) -> str:
    lines = [f"【便民代办】{errand.number}号：{neutral(errand.matter)}", _villager_line(errand, phone_masked=True)]
    if errand.preferred_time:
        lines.append(f"希望时间：{neutral(errand.preferred_time)}")
    lines.append(f"回复1接单，2不接（也可以回复“接单 {errand.number}”或“不接 {errand.number}”）。")
    return "\n".join(lines)


def task_text(errand: Errand) -> str:
    """What the member sees once the errand is theirs (the full phone number)."""
    lines = [f"{errand.number}号：{neutral(errand.matter)}", _villager_line(errand, phone_masked=False)]
    if errand.preferred_time:
        lines.append(f"希望时间：{neutral(errand.preferred_time)}")
    return "\n".join(lines)


def notify_offer(session: Session, errand: Errand, member: User) -> bool:
    text = offer_text(errand)
    return enqueue(session, f"errand:{errand.number}:offer:{member.openid}", member.openid, KIND, text,
                   template("有群众请您代办", errand, "待接单", f"回复1接单，2不接（或“接单 {errand.number}”）",
                            to_member=True))


def notify_withdrawn(session: Session, errand: Errand, member: User) -> bool:
    text = f"{errand.number}号代办（{neutral(errand.matter)}）已转给其他党员，不用再接了。"
    return enqueue(session, f"errand:{errand.number}:withdrawn:{member.openid}", member.openid, KIND, text,
                   template("代办已转给其他党员", errand, "已转走", "不用再接了"))


def notify_escalated(session: Session, errand: Errand, staff: User) -> bool:
    text = (f"【便民代办】{errand.number}号：{neutral(errand.matter)}\n{_villager_line(errand, phone_masked=True)}\n"
            f"片区的党员还没有接，请您安排。片区里任何党员回复“接单 {errand.number}”都能接下。")
    return enqueue(session, f"errand:{errand.number}:escalated:{staff.openid}", staff.openid, KIND, text,
                   template("代办没人接，请安排", errand, "待安排", f"回复1接单（或“接单 {errand.number}”）",
                            to_member=True))


def notify_accepted(session: Session, errand: Errand) -> bool:
    member = errand.assignee
    name = member.name if member is not None and member.name else ""
    text = f"您的{errand.number}号代办（{neutral(errand.matter)}）已经有党员{name}接下了。"
    if errand.preferred_time:
        text += f"\n会按您说的时间（{neutral(errand.preferred_time)}）联系您。"
    if member is not None and member.phone:
        text += f"\n他的电话：{member.phone}"
    return enqueue(session, f"errand:{errand.number}:accepted", errand.villager.openid, KIND, text,
                   template("您的代办有人接了", errand, "已接单", "办理中会告诉您进展"))


def notify_given_back(session: Session, errand: Errand, event: ErrandEvent) -> bool:
    """The member who took the errand cannot do it after all: the villager hears it is passed on."""
    text = (f"您的{errand.number}号代办（{neutral(errand.matter)}）原来接下的党员有事办不了，"
            "已经转给片区其他党员，有人接下会马上告诉您。")
    return enqueue(session, f"errand:{errand.number}:given-back:{event.id}", errand.villager.openid, KIND, text,
                   template("您的代办换人办理", errand, "待接单", "有人接下会马上告诉您"))


def notify_progress(session: Session, errand: Errand, event: ErrandEvent) -> bool:
    text = f"您的{errand.number}号代办（{neutral(errand.matter)}）有新进展：{neutral(event.note)}"
    return enqueue(session, f"errand:{errand.number}:progress:{event.id}", errand.villager.openid, KIND, text,
                   template("您的代办有新进展", errand, "办理中", event.note[:100]))


def notify_done(session: Session, errand: Errand, note: str) -> bool:
    text = f"您的{errand.number}号代办（{neutral(errand.matter)}）已经办好了。"
    if note:
        text += f"\n党员说：{neutral(note)}"
    text += "\n您满意吗？请回复“满意”或“不满意”（说说哪里没办好也行）。"
    # A reopened errand is done again later: each time after the first is its own push.
    times = _times_done(session, errand)
    key = f"errand:{errand.number}:done" + (f":{times}" if times > 1 else "")
    return enqueue(session, key, errand.villager.openid, KIND, text,
                   template("您的代办办好了", errand, "已办结", "满意请回复“满意”，不满意请回复“不满意”"))


def _times_done(session: Session, errand: Errand) -> int:
    """How many times it was done (a reopened errand is done again): keys each push apart."""
    return session.scalar(select(func.count()).where(
        ErrandEvent.errand_id == errand.id, ErrandEvent.kind == "done")) or 1


def notify_rated(session: Session, errand: Errand, member: User) -> bool:
    """The member who did it: the villager is satisfied, in their words."""
    text = f"{errand.number}号代办（{neutral(errand.matter)}），群众回复满意：{neutral(errand.rating_words or '')}。辛苦了！"
    return enqueue(session, f"errand:{errand.number}:rated:{_times_done(session, errand)}:{member.openid}", member.openid,
                   KIND, text, template("群众满意", errand, "已办结", "辛苦了"))


def notify_reopened(session: Session, errand: Errand, member: User) -> bool:
    """The member who did it: the villager is not satisfied, so it is theirs again."""
    text = (f"{errand.number}号代办（{neutral(errand.matter)}），群众回复不满意：{neutral(errand.rating_words or '')}。\n"
            f"已重新打开，请再联系群众（{errand.phone}）。办好了回复“办好了 {errand.number}”。")
    return enqueue(session, f"errand:{errand.number}:reopened:{_times_done(session, errand)}:{member.openid}", member.openid,
                   KIND, text, template("群众不满意，代办重新打开", errand, "重新办理", f"办好了回复“办好了 {errand.number}”"))


def notify_cancelled(session: Session, errand: Errand, member: User) -> bool:
    text = f"{errand.number}号代办（{neutral(errand.matter)}）群众已经取消了，不用再办了。"
    return enqueue(session, f"errand:{errand.number}:cancelled:{member.openid}", member.openid, KIND, text,
                   template("代办已取消", errand, "已取消", "不用再办了"))


def notify_reassigned(session: Session, errand: Errand, member: User, holder: User | None,
                      event: ErrandEvent) -> None:
    """Staff handed the errand to `member` (keyed by the event: the same member may get it again)."""
    enqueue(session, f"errand:{errand.number}:reassigned:{event.id}:{member.openid}", member.openid,
            KIND, offer_text(errand),
            template("片区请您代办", errand, "待接单", f"回复1接单，2不接（或“接单 {errand.number}”）",
                     to_member=True))
    if holder is not None:
        text = f"{errand.number}号代办（{neutral(errand.matter)}）片区已改派给其他党员，不用再办了。"
        enqueue(session, f"errand:{errand.number}:withdrawn-by-staff:{event.id}:{holder.openid}",
                holder.openid, KIND, text,
                template("代办已改派", errand, "已改派", "不用再办了"))


def notify_closed_by_staff(session: Session, errand: Errand, state: str, note: str, holder: User | None) -> None:
    """Staff closed the errand: the villager and whoever held it are told."""
    villager = errand.villager
    if state == "done":
        notify_done(session, errand, note)
    else:
        text = f"您的{errand.number}号代办（{neutral(errand.matter)}）片区已经结束办理。" + (f"\n说明：{neutral(note)}" if note else "") \
            + "\n有问题请回复“人工”。"
        enqueue(session, f"errand:{errand.number}:closed", villager.openid, KIND, text,
                template("您的代办已结束", errand, "已结束", note[:100] or "有问题请回复“人工”"))
    if holder is not None:
        text = f"{errand.number}号代办（{neutral(errand.matter)}）片区已经关闭，不用再办了。"
        enqueue(session, f"errand:{errand.number}:closed:{holder.openid}", holder.openid, KIND, text,
                template("代办已关闭", errand, "已关闭", "不用再办了"))
