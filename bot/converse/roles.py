"""The users of a scripted conversation: one per role of CONTRACT.md, openid `oEVAL-<role>`."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.mediation import add_mediator
from bot.models import Area, MediationRoom, RepGroup, User, UserRole, Village
from bot.volunteers import FREE_TIMES, SKILLS, register_volunteer

OPENID_PREFIX = "oEVAL-"
# role: the name the user gave (newcomer: nothing registered).
ROLE_NAMES = {
    "villager": "王秀英",
    "villager2": "李建国",
    "newcomer": "",
    "party": "赵红梅",
    "volunteer": "孙志强",
    "volunteer2": "周桂兰",
    "rep": "刘德明",
    "mediator": "苗玉芬",
    "secretary": "陈书记",
}


def openid_of(role: str) -> str:
    return OPENID_PREFIX + role


def role_of(openid: str) -> str:
    return openid[len(OPENID_PREFIX):] if openid.startswith(OPENID_PREFIX) else openid


def first_village(session: Session) -> Village:
    """The first village of the first area of the sample (代村 in bz-daicun)."""
    return session.scalars(select(Village).join(Area).order_by(Area.id, Village.id).limit(1)).one()


def create_role_users(session: Session) -> None:
    """Every role's user, following the account, in the first village unless a newcomer."""
    village = first_village(session)
    area = village.area
    users = {}
    for role, name in ROLE_NAMES.items():
        user = User(openid=openid_of(role), name=name, subscribed=True,
                    village_id=None if role == "newcomer" else village.id)
        session.add(user)
        users[role] = user
    session.flush()
    for role in ("party", "secretary"):
        session.add(UserRole(user_id=users[role].id, role="party_member" if role == "party" else "secretary",
                             area_id=area.id))
    for role in ("volunteer", "volunteer2"):
        session.refresh(users[role], ["village"])
        register_volunteer(session, users[role], list(SKILLS), list(FREE_TIMES))
    for group in session.scalars(select(RepGroup).order_by(RepGroup.id)):
        if group.serves(area.code):
            session.add(UserRole(user_id=users["rep"].id, role="rep", area_id=area.id, group_code=group.code))
    rooms = session.scalars(select(MediationRoom).where(MediationRoom.area_id == area.id,
                                                        MediationRoom.active.is_(True))).all()
    for room in rooms:
        add_mediator(session, room.id, users["mediator"].id)
    session.flush()
