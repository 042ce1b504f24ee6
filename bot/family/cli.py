"""`flask family …`: the family members villagers act for (代亲属办), and confirming one.

    flask family list [--pending]
    flask family confirm ID          # as the 代亲属办 board does; the villager is told
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from bot import family
from bot.db import get_db
from bot.models import FamilyMember


@click.group("family")
def family_group() -> None:
    """Family members villagers act for (代亲属办)."""


@family_group.command("list")
@click.option("--pending", is_flag=True, help="only those waiting for confirmation")
@with_appcontext
def list_command(pending) -> None:
    with get_db().session() as session:
        query = select(FamilyMember).order_by(FamilyMember.id)
        if pending:
            query = query.where(FamilyMember.state == "pending")
        lines = [f"{m.id:>4}  {m.label}  {m.village.name}  {m.state}  by {m.owner.openid}"
                 for m in session.scalars(query)]
    click.echo("\n".join(lines) if lines else "no family members")


@family_group.command("confirm")
@click.argument("member_id", type=int)
@click.option("--by", "by", default="cli")
@with_appcontext
def confirm_command(member_id, by) -> None:
    """Confirm a family member (the villager who added them is pushed)."""
    with get_db().session() as session:
        member = session.get(FamilyMember, member_id)
        if member is None:
            raise click.ClickException(f"no family member {member_id}")
        changed = family.confirm_member(session, member, by)
    click.echo(f"family member {member_id} " + ("confirmed" if changed else "was already confirmed"))


commands = [family_group]
