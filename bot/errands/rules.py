"""Errand rules (便民代办): offer to the least busy party member of the villager's area, accept once,
progress, finish, and escalate what nobody accepts: next member, then the area secretary.

Plain functions over a session, shared by chat, admin page and scheduler; they never commit.
Every state change is a conditional UPDATE checked by its row count, so two members racing to
accept, or the scheduler racing a member, leave exactly one winner.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errands import notices
from bot.errands.lookups import ESCALATION_ROLES, RUNNER_ROLES, area_ids_of, find_visible
from bot.family import texts as family_texts
from bot.models import Errand, ErrandEvent, FamilyMember, User, UserRole
from bot import workitems
from bot.workitems import Holding, Outcome, Reason, add_event, clip_note, close_held, now_or, transition

DEFAULT_OFFER_TIMEOUT = timedelta(hours=2)


@dataclass(frozen=True)
class EscalationStep:
    """What `escalate_overdue` did with one errand."""

    errand_no: int
    action: str  # reoffered | escalated
    from_openid: str | None
    to_openids: tuple[str, ...]


def _role_holders(session: Session, area_id: int, role: str) -> list[User]:
    holders = select(UserRole.user_id).where(UserRole.role == role, UserRole.area_id == area_id)
    return list(session.scalars(select(User).where(User.id.in_(holders)).order_by(User.id)))


def _least_busy_member(session: Session, area_id: int, exclude: set[int]) -> User | None:
    """The area's errand runner (party member or grid worker) with the fewest open errands
    (ties: longest registered)."""
    members = select(UserRole.user_id).where(UserRole.role.in_(RUNNER_ROLES), UserRole.area_id == area_id)
    load = (select(func.count(Errand.id)).where(Errand.assignee_id == User.id,
                                                Errand.state.in_(("offered", "accepted")))
            .scalar_subquery())
    query = select(User).where(User.id.in_(members))
    if exclude:
        query = query.where(User.id.not_in(exclude))
    return session.scalars(query.order_by(load, User.id).limit(1)).first()


def _offered_ids(session: Session, errand: Errand) -> set[int]:
    return set(session.scalars(select(ErrandEvent.user_id).where(
        ErrandEvent.errand_id == errand.id, ErrandEvent.kind == "offered")))


def _offer_next(session: Session, errand: Errand, now: datetime) -> tuple[str, tuple[str, ...]]:
    """Offer to the next member not yet asked, else escalate to the area. Returns (action, openids).

    The caller has already moved `errand` to a state this function may overwrite.
    """
    exclude = _offered_ids(session, errand) | {errand.villager_id}
    member = _least_busy_member(session, errand.area_id, exclude)
    if member is not None:
        errand.state, errand.assignee_id, errand.offered_at = "offered", member.id, now
        errand.offer_round += 1
        errand.updated_at = now
        session.flush()
        add_event(session, errand, "offered", member, now)
        notices.notify_offer(session, errand, member)
        return "reoffered", (member.openid,)
    errand.state, errand.assignee_id, errand.offered_at, errand.updated_at = "escalated", None, now, now
    session.flush()
    staff = escalation_staff(session, errand.area_id)
    add_event(session, errand, "escalated", None, now, note="、".join(u.openid for u in staff))
    for person in staff:
        notices.notify_escalated(session, errand, person)
    return "escalated", tuple(u.openid for u in staff)


def escalation_staff(session: Session, area_id: int) -> list[User]:
    for role in ESCALATION_ROLES:
        if people := _role_holders(session, area_id, role):
            return people
    return []


def create_errand(session: Session, villager: User, matter: str, phone: str, preferred_time: str = "",
                  guide_id: str | None = None, now: datetime | None = None,
                  for_family: FamilyMember | None = None) -> Errand:
    """Record the request and offer it to the least busy runner of the villager's area; made for a
    confirmed family member of the villager's (代亲属办), it is their village's and says so."""
    now = now_or(now)
    if villager.village is None:
        raise ValueError("the villager has no registered village")
    village = villager.village
    if for_family is not None:
        if for_family.owner_id != villager.id or for_family.state != "confirmed":
            raise ValueError("not a confirmed family member of this villager")
        village = for_family.village
        matter = matter[:180] + family_texts.acting_suffix(for_family)
    errand = Errand(villager_id=villager.id, guide_id=guide_id, matter=matter[:200], phone=phone,
                    preferred_time=preferred_time[:100], area_id=village.area_id,
                    village_id=village.id, state="offered", created_at=now, updated_at=now,
                    for_family_id=for_family.id if for_family is not None else None)
    session.add(errand)
    session.flush()
    add_event(session, errand, "created", villager, now)
    _offer_next(session, errand, now)
    return errand


def _why_not_acceptable(errand: Errand, member: User) -> Reason | None:
    if errand.state == "accepted":
        return Reason.ALREADY_YOURS if errand.assignee_id == member.id else Reason.TAKEN
    if errand.state == "offered" and errand.assignee_id != member.id:
        return Reason.NOT_YOURS
    return None if errand.state in ("offered", "escalated") else Reason.CLOSED


def accept(session: Session, errand_no: int, member: User, now: datetime | None = None) -> Outcome[Errand]:
    """Take an errand: the member it was offered to, or any member of the area once escalated."""
    now = now_or(now)
    errand = find_visible(session, member, errand_no)
    if errand is None or errand.area_id not in area_ids_of(member):
        return Outcome(False, Reason.NOT_FOUND)
    if why := _why_not_acceptable(errand, member):
        return Outcome(False, why, errand)
    expect = {"state": errand.state, "assignee_id": errand.assignee_id}
    won = transition(session, errand, expect, {"state": "accepted", "assignee_id": member.id,
                                                "accepted_at": now, "updated_at": now})
    if not won:  # someone else moved it first: say what it is now
        return Outcome(False, _why_not_acceptable(errand, member) or Reason.TAKEN, errand)
    add_event(session, errand, "accepted", member, now)
    notices.notify_accepted(session, errand)
    return Outcome(True, Reason.ACCEPTED, errand)


def decline(session: Session, errand_no: int, member: User, now: datetime | None = None) -> Outcome[Errand]:
    """The offered member cannot do it, or the member who took it cannot do it after all (让别人去吧):
    offer it to the next member at once; a villager told it was taken is told it is passed on."""
    now = now_or(now)
    errand = find_visible(session, member, errand_no)
    if errand is None or errand.area_id not in area_ids_of(member):
        return Outcome(False, Reason.NOT_FOUND)
    if errand.state not in ("offered", "accepted") or errand.assignee_id != member.id:
        return Outcome(False, Reason.NOT_YOURS, errand)
    was = errand.state
    if not transition(session, errand, {"state": was, "assignee_id": member.id},
                       {"state": "offered", "assignee_id": None, "updated_at": now}):
        return Outcome(False, Reason.NOT_YOURS, errand)
    event = add_event(session, errand, "declined", member, now)
    _offer_next(session, errand, now)
    if was == "accepted":
        notices.notify_given_back(session, errand, event)
    return Outcome(True, Reason.DECLINED, errand)


# The member who accepted an errand acts on it while it is accepted; once done or cancelled it is closed.
HOLDING = Holding("assignee_id", ("accepted",), Reason.CLOSED, gone_states=("done", "cancelled"))


def report_progress(session: Session, errand_no: int, member: User, note: str,
                    now: datetime | None = None) -> Outcome[Errand]:
    """The handling member tells the villager how far it has got."""
    errand, now = find_visible(session, member, errand_no), now_or(now)
    return workitems.report_progress(session, errand, HOLDING, member, note, now, values={},
                                     notify=lambda event: notices.notify_progress(session, errand, event))


def finish(session: Session, errand_no: int, member: User, note: str = "",
           now: datetime | None = None) -> Outcome[Errand]:
    """The handling member closes the errand; the villager is told (once)."""
    errand, now = find_visible(session, member, errand_no), now_or(now)
    return close_held(session, errand, HOLDING, member, note, now, kind="done", done=Reason.DONE,
                      values={"state": "done", "done_at": now},
                      notify=lambda event: notices.notify_done(session, errand, event.note))


def cancel_errand(session: Session, errand_no: int, villager: User, now: datetime | None = None) -> Outcome[Errand]:
    """The villager withdraws an open errand of their own; whoever holds it is told."""
    now = now_or(now)
    errand = session.get(Errand, errand_no)
    if errand is None or errand.villager_id != villager.id:
        return Outcome(False, Reason.NOT_FOUND)
    if not errand.is_open:
        return Outcome(False, Reason.CLOSED, errand)
    holder = errand.assignee
    if not transition(session, errand, {"state": errand.state, "assignee_id": errand.assignee_id},
                       {"state": "cancelled", "updated_at": now}):
        return Outcome(False, Reason.CLOSED, errand)
    add_event(session, errand, "cancelled", villager, now)
    if holder is not None:
        notices.notify_cancelled(session, errand, holder)
    return Outcome(True, Reason.CANCELLED, errand)


def _still_member(session: Session, user_id: int, area_id: int) -> bool:
    return session.scalars(select(UserRole.id).where(
        UserRole.user_id == user_id, UserRole.role.in_(RUNNER_ROLES), UserRole.area_id == area_id)).first() is not None


def escalate_overdue(session: Session, now: datetime,
                     timeout: timedelta = DEFAULT_OFFER_TIMEOUT) -> list[EscalationStep]:
    """Offers not accepted within `timeout` (or held by someone no longer a member) move on.

    Safe to run twice or from two processes: each move is a conditional UPDATE on the offer
    it saw, and every notification has its own business key.
    """
    steps: list[EscalationStep] = []
    offered = session.scalars(select(Errand).where(Errand.state == "offered").order_by(Errand.id)).all()
    for errand in offered:
        overdue = errand.offered_at is None or errand.offered_at <= now - timeout
        holder_id = errand.assignee_id
        if not overdue and holder_id is not None and _still_member(session, holder_id, errand.area_id):
            continue
        holder = errand.assignee
        if not transition(session, errand, {"state": "offered", "assignee_id": holder_id,
                                             "offered_at": errand.offered_at},
                           {"assignee_id": None, "updated_at": now}):
            continue  # accepted or moved on meanwhile
        if holder is not None:
            add_event(session, errand, "timed_out", holder, now)
            notices.notify_withdrawn(session, errand, holder)
        action, to = _offer_next(session, errand, now)
        steps.append(EscalationStep(errand.number, action, holder.openid if holder else None, to))
    return steps


RATING_DAYS = 14  # an errand done longer ago than this is not rated by a passing 挺好的


def awaiting_rating(session: Session, villager: User, now: datetime) -> Errand | None:
    """The villager's latest errand done in the last RATING_DAYS and not rated since it was done
    (reopening clears `rated_at`; the unhappy rating stays shown until the next one)."""
    return session.scalars(select(Errand).where(
        Errand.villager_id == villager.id, Errand.state == "done", Errand.done_at >= now - timedelta(days=RATING_DAYS),
        Errand.rated_at.is_(None))
        .order_by(Errand.done_at.desc(), Errand.id.desc()).limit(1)).first()


def rate_errand(session: Session, villager: User, satisfied: bool, words: str,
                now: datetime | None = None) -> Outcome[Errand]:
    """Store the villager's rating of a done errand, in their words ("挺好的，谢谢"); the member is told.

    不满意 reopens it for the member who did it (accepted again), who is asked to carry on;
    when that member is no longer a party member of the area it goes to the area's staff.
    """
    now = now_or(now)
    errand = awaiting_rating(session, villager, now)
    if errand is None:
        return Outcome(False, Reason.NOTHING_TO_RATE)
    words = clip_note(words)
    errand.rating, errand.rating_words, errand.rated_at = ("satisfied" if satisfied else "unsatisfied"), words, now
    add_event(session, errand, "rated", villager, now, clip_note(("满意：" if satisfied else "不满意：") + words))
    member = errand.assignee
    if satisfied:
        if member is not None:
            notices.notify_rated(session, errand, member)
        return Outcome(True, Reason.SATISFIED, errand)
    if not transition(session, errand, {"state": "done", "assignee_id": errand.assignee_id},
                      {"state": "accepted", "done_at": None, "rated_at": None, "updated_at": now}):
        return Outcome(False, Reason.TAKEN, errand)
    add_event(session, errand, "reopened", villager, now, words)
    if member is not None:
        notices.notify_reopened(session, errand, member)
    return Outcome(True, Reason.UNSATISFIED, errand)
