"""党代表活动组: the groups serving the account's areas, their representatives there and their
leaders (组长, who hear unclaimed whistles). The leader switch (`flask needs leader`) posts to
the people board (admin.user_leader); this page only shows who may be switched by this account.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.models import RepGroup, User, UserRole
from bot.needs import REP_ROLE

from ..blueprint import bp
from ..web import scope, transaction


@dataclass
class RepLine:
    user: User
    areas: list[str] = field(default_factory=list)  # the areas of its roles; 全组 for the group's every area
    leader: bool = False
    may_switch: bool = True  # every rep role of the user in the group is within the account's scope


@bp.route("/needs/groups")
def needs_groups():
    """Groups serving an area in scope, each with its representatives there and who leads it."""
    with transaction() as s:
        areas = scope().areas(s)
        names = {a.id: a.name for a in areas}
        codes = {a.code for a in areas}
        every = scope().area_ids(s) is None
        groups = [g for g in s.scalars(select(RepGroup).order_by(RepGroup.level.desc(), RepGroup.field, RepGroup.code))
                  if codes & set(g.area_codes or [])]
        roles = s.scalars(select(UserRole).where(UserRole.role == REP_ROLE,
                                                 UserRole.group_code.in_([g.code for g in groups]))
                          .options(selectinload(UserRole.user)).order_by(UserRole.user_id, UserRole.id)).all()
        lines: dict[str, dict[int, RepLine]] = defaultdict(dict)
        for role in roles:
            line = lines[role.group_code].setdefault(role.user_id, RepLine(role.user))
            line.leader |= role.leader
            line.may_switch &= every or role.area_id in names
            if role.area_id is None:
                line.areas.append("全组")
            elif role.area_id in names:
                line.areas.append(names[role.area_id])
        listed = []
        for g in groups:
            served = [names[a.id] for a in areas if a.code in (g.area_codes or [])]
            if len(served) == len(areas) > 1:
                served = [f"{scope().words}全部片区"]
            listed.append((g, [line for line in lines[g.code].values() if line.areas], served))
    return render_template("admin/need_groups.html", groups=listed)
