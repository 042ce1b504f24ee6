"""Acting for family (代亲属办), the state changes: a family member added, confirmed by a code.

    member = add_member(session, villager, "王桂兰", "母亲", village)   # pending, with a code
    confirm_by_code(session, villager, "K7P2QX")                       # the code the area's staff gave
    (the admin page confirms with bot/family/staff.py)

Each villager may list up to MAX_MEMBERS people. The code is shown only to the area's staff, who
give it to the villager once they have checked (by phone or in person). Functions never commit.
"""
from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import User, Village
from bot.models.family import FamilyMember

MAX_MEMBERS = 6
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# The words villagers use for their relatives, and the relation each stands for.
RELATIONS = {
    "娘": "母亲", "妈": "母亲", "妈妈": "母亲", "老娘": "母亲", "母亲": "母亲",
    "爹": "父亲", "爸": "父亲", "爸爸": "父亲", "老爹": "父亲", "父亲": "父亲",
    "奶奶": "奶奶", "爷爷": "爷爷", "奶": "奶奶", "爷": "爷爷",  # 俺爷、俺奶 "姥姥": "姥姥", "姥爷": "姥爷", "外婆": "姥姥", "外公": "姥爷",
    "婆婆": "婆婆", "公公": "公公", "岳母": "岳母", "丈母娘": "岳母", "岳父": "岳父", "老丈人": "岳父",
    "老伴": "老伴", "对象": "老伴", "媳妇": "妻子", "老婆": "妻子", "妻子": "妻子", "丈夫": "丈夫", "老公": "丈夫",
    "儿子": "儿子", "闺女": "女儿", "女儿": "女儿", "孙子": "孙子", "孙女": "孙女",
    "哥": "哥哥", "哥哥": "哥哥", "姐": "姐姐", "姐姐": "姐姐", "弟弟": "弟弟", "妹妹": "妹妹",
    "叔": "叔叔", "叔叔": "叔叔", "婶": "婶婶", "婶子": "婶婶", "大爷": "大爷", "大娘": "大娘",
}
RELATION_WORDS = sorted(RELATIONS, key=len, reverse=True)
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


class FamilyError(Exception):
    """A rule said no; the message is written for the villager."""


def relation_of(word: str) -> str | None:
    return RELATIONS.get(word.strip())


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(FamilyMember.id).where(FamilyMember.code == code)) is None:
            return code


def add_member(session: Session, owner: User, name: str, relation: str, village: Village,
               now: datetime | None = None) -> FamilyMember:
    """Record a family member the villager will act for; it waits for the area's confirmation."""
    name = name.strip()
    if not _NAME.match(name):
        raise FamilyError("名字请写2到6个汉字，比如“王桂兰”")
    relation = relation_of(relation) or relation.strip()
    if not relation or len(relation) > 6:
        raise FamilyError("请说是您的什么人，比如“母亲”“父亲”“奶奶”")
    count = session.scalar(select(func.count(FamilyMember.id)).where(FamilyMember.owner_id == owner.id))
    if count >= MAX_MEMBERS:
        raise FamilyError(f"最多能添加{MAX_MEMBERS}位家人")
    same = session.scalar(select(FamilyMember).where(FamilyMember.owner_id == owner.id, FamilyMember.name == name,
                                                     FamilyMember.village_id == village.id))
    if same is not None:
        return same
    member = FamilyMember(owner_id=owner.id, name=name, relation=relation, village_id=village.id,
                          area_id=village.area_id, state="pending", code=_new_code(session),
                          created_at=now or clock.now())
    session.add(member)
    session.flush()
    return member


def confirm(member: FamilyMember, by: str, now: datetime | None = None) -> bool:
    """Mark confirmed; False when it already was."""
    if member.state == "confirmed":
        return False
    member.state, member.confirmed_at, member.confirmed_by = "confirmed", now or clock.now(), by[:64]
    return True


def confirm_by_code(session: Session, owner: User, code: str, now: datetime | None = None) -> FamilyMember | None:
    """The villager's own family member with this code, now confirmed (None: no such code of theirs)."""
    member = session.scalar(select(FamilyMember).where(FamilyMember.owner_id == owner.id,
                                                       FamilyMember.code == code.strip().upper()))
    if member is None:
        return None
    confirm(member, f"code:{owner.openid}", now)
    session.flush()
    return member
