"""`flask invite create|list`: one-time codes that grant staff roles, made and checked by cadres."""
from __future__ import annotations

import getpass
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from bot.accounts import STAFF_ROLES, create_invite
from bot.db import get_db
from bot.localtime import app_zone
from bot.models import Area, InviteCode, User


@click.group("invite")
def invite_group() -> None:
    """Invite codes for staff roles (party member, volunteer, representative …)."""


@invite_group.command("create")
@click.option("--role", required=True, type=click.Choice(STAFF_ROLES), help="The role the code grants.")
@click.option("--area", "area_code", help="Area code (e.g. bz-daicun); needed for area roles.")
@click.option("--group", "group_code", help="Representative group code, for --role rep.")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 500))
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 365), help="Days valid.")
@click.option("--by", "created_by", help="Who asked for the codes (kept with them).")
@with_appcontext
def create_command(role: str, area_code: str | None, group_code: str | None, count: int, days: int,
                   created_by: str | None) -> None:
    """Print COUNT new one-time codes, one per line."""
    by = created_by or f"cli:{getpass.getuser()}"
    with get_db().session() as session:
        area = None
        if area_code:
            area = session.scalar(select(Area).where(Area.code == area_code))
            if area is None:
                raise click.BadParameter(f"no area with code {area_code!r}", param_hint="--area")
        try:
            codes = [create_invite(session, role, area, group_code, by, days).code for _ in range(count)]
        except ValueError as error:
            raise click.UsageError(str(error)) from error
    for code in codes:
        click.echo(code)
    where = f" in {area_code}" if area_code else ""
    click.echo(f"{count} code(s) for {role}{where}, valid {days} day(s).", err=True)


@invite_group.command("list")
@click.option("--unused", is_flag=True, help="Only codes that can still be used.")
@click.option("--area", "area_code", help="Only codes of this area.")
@with_appcontext
def list_command(unused: bool, area_code: str | None) -> None:
    """Codes with their role, area, group, expiry and who used them."""
    tz = app_zone(current_app.config)
    now = datetime.now(timezone.utc)
    with get_db().session() as session:
        query = (select(InviteCode, Area.code, User.name, User.openid)
                 .outerjoin(Area, InviteCode.area_id == Area.id)
                 .outerjoin(User, InviteCode.used_by == User.id)
                 .order_by(InviteCode.id))
        if area_code:
            query = query.where(Area.code == area_code)
        if unused:
            query = query.where(InviteCode.used_by.is_(None), InviteCode.expires_at > now)
        rows = session.execute(query).all()
    if not rows:
        click.echo("no invite codes")
        return
    for invite, area, name, openid in rows:
        if invite.used_by is not None:
            status = f"used {invite.used_at.astimezone(tz):%Y-%m-%d %H:%M} by {name or openid[:6] + '…'}"
        elif invite.expires_at <= now:
            status = "expired"
        else:
            status = "unused"
        click.echo(f"{invite.code}\t{invite.role}\t{area or '-'}\t{invite.group_code or '-'}\t"
                   f"expires {invite.expires_at.astimezone(tz):%Y-%m-%d}\t{status}")


commands: list = [invite_group]
