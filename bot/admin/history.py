"""A person's whole story for the villager page, within the account's scope: needs, errands,
mediation bookings, volunteer sign-ups, messages to staff (群众留言), ratings, and staff notes.

    story = person_story(session, scope, user)      # Story(needs=[…], errands=[…], …)

Each list keeps only the rows whose area the account may see (a township account does not read
what the same person asked of another township's area).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.models import (Booking, Conversation, Errand, MediationRoom, Need, RelayMessage, SignUp, Slot, Task, User,
                        UserNote, VolunteerProfile)

from .scope import Scope

LIMIT = 200  # per kind: a person with more has the lists (filtered by name) for the rest


@dataclass
class Story:
    needs: list[Need] = field(default_factory=list)
    errands: list[Errand] = field(default_factory=list)
    bookings: list[tuple[Booking, str]] = field(default_factory=list)  # booking, room name
    signups: list[SignUp] = field(default_factory=list)
    messages: list[RelayMessage] = field(default_factory=list)
    notes: list[UserNote] = field(default_factory=list)

    @property
    def ratings(self) -> list[Need]:
        return [n for n in self.needs if n.satisfaction]


def may_see_phone(session: Session, scope: Scope, user: User) -> bool:
    """The whole number is for the staff of the person's own village's area (they call them);
    others see it masked."""
    return scope.is_county or (user.area_id is not None and scope.allows_area(session, user.area_id))


def person_story(session: Session, scope: Scope, user: User) -> Story:
    story = Story()
    story.needs = list(session.scalars(select(Need).where(
        Need.villager_id == user.id, scope.where_area(session, Need.area_id)).order_by(Need.id.desc()).limit(LIMIT)))
    story.errands = list(session.scalars(select(Errand).where(
        Errand.villager_id == user.id, scope.where_area(session, Errand.area_id)).order_by(Errand.id.desc()).limit(LIMIT)))
    story.bookings = [tuple(row) for row in session.execute(
        select(Booking, MediationRoom.name).join(Slot, Slot.id == Booking.slot_id)
        .join(MediationRoom, MediationRoom.id == Slot.room_id)
        .where(Booking.villager_id == user.id, scope.where_area(session, MediationRoom.area_id))
        .order_by(Booking.id.desc()).limit(LIMIT)).all()]
    story.signups = list(session.scalars(select(SignUp).join(Task, Task.id == SignUp.task_id)
                                         .join(VolunteerProfile, VolunteerProfile.id == SignUp.volunteer_id)
                                         .where(VolunteerProfile.user_id == user.id,
                                                scope.where_area(session, Task.area_id))
                                         .order_by(SignUp.id.desc()).limit(LIMIT)))
    story.messages = list(session.scalars(select(RelayMessage).join(Conversation)
                                          .where(Conversation.villager_id == user.id,
                                                 scope.where_area(session, Conversation.area_id))
                                          .order_by(RelayMessage.id.desc()).limit(LIMIT)))
    notes = select(UserNote).where(UserNote.user_id == user.id)
    if not scope.is_county:
        notes = notes.where(or_(scope.where_area(session, UserNote.area_id)))
    story.notes = list(session.scalars(notes.order_by(UserNote.id.desc()).limit(LIMIT)))
    return story
