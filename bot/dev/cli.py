"""`flask dev users`: give the dev openids of `make chat` a village and their roles.

Idempotent; `make run` calls it after `flask setup`. Uses the first area of the loaded sample
knowledge (or creates a small dev area when none is loaded yet).
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import get_db
from bot.models import Area, RepGroup, User, UserRole, Village

from .settings import DEV_ROLES


def sample_village(session: Session) -> Village:
    """The first village of the first area; a dev area and village when there are none."""
    village = session.scalars(select(Village).join(Area).order_by(Area.id, Village.id).limit(1)).first()
    if village is not None:
        return village
    area = session.scalars(select(Area).where(Area.code == "dev")).first()
    if area is None:
        area = Area(code="dev", name="开发示范片区", township="开发镇")
        session.add(area)
        session.flush()
    village = Village(area_id=area.id, name="开发示范村")
    session.add(village)
    session.flush()
    return village


def default_rep_group(session: Session, area: Area) -> str | None:
    """The first representative group that serves the area, so whistles reach the dev rep."""
    groups = session.scalars(select(RepGroup).order_by(RepGroup.id)).all()
    return next((g.code for g in groups if g.serves(area.code)), None)


def ensure_dev_users(session: Session, rep_group: str | None = None) -> list[tuple[str, User]]:
    """Create or update one user per dev role; returns (chat role, user) pairs."""
    village = sample_village(session)
    rep_group = rep_group or default_rep_group(session, village.area)
    result = []
    for chat_role, (openid, staff_role) in DEV_ROLES.items():
        user = session.scalars(select(User).where(User.openid == openid)).first()
        if user is None:
            user = User(openid=openid)
            session.add(user)
        user.name = user.name or f"开发-{chat_role}"
        user.village_id = village.id
        session.flush()
        if staff_role:
            group = rep_group if staff_role == "rep" else None
            exists = session.scalars(select(UserRole).where(
                UserRole.user_id == user.id, UserRole.role == staff_role,
                UserRole.area_id == village.area_id)).first()
            if exists is None:
                session.add(UserRole(user_id=user.id, role=staff_role, area_id=village.area_id,
                                     group_code=group))
            elif group:
                exists.group_code = group
        result.append((chat_role, user))
    session.flush()
    return result


@click.group("dev")
def dev_group() -> None:
    """Developer helpers (make run, make chat)."""


@dev_group.command("users")
@click.option("--rep-group", default=None,
              help="Group code of the dev rep (default: the first group serving the area).")
@with_appcontext
def users_command(rep_group: str | None) -> None:
    """Give the dev openids of `make chat` a sample village and their roles."""
    with get_db().session() as session:
        pairs = ensure_dev_users(session, rep_group)
        village = sample_village(session)
        click.echo(f"dev users in {village.area.name} / {village.name}: "
                   + ", ".join(f"{role}={user.openid}" for role, user in pairs))


commands = [dev_group]
