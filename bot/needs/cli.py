"""`flask needs ...` and `flask themes ...`: run the whistle jobs now, mark group leaders, load
and push monthly themes (the scheduler runs the jobs on its own)."""
from __future__ import annotations


import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import clock
from bot.db import get_db
from bot.models import User

from .rounds import whistle_round
from .rules import escalate_unclaimed
from .staff import set_leader


@click.group("needs")
def needs_group() -> None:
    """Villagers' needs: whistle rounds, escalation, group leaders."""


@needs_group.command("whistle")
@click.option("--township", default=None, help="Only the needs of this township (e.g. 卞庄街道).")
@with_appcontext
def whistle_command(township: str | None) -> None:
    """Alert every collected need to its group now; whistle again the unclaimed ones that are due."""
    with get_db().session() as session:
        alerted = whistle_round(session, clock.now(), township)
    click.echo(f"whistle: {alerted} need(s) alerted or whistled again")


@needs_group.command("escalate")
@with_appcontext
def escalate_command() -> None:
    """Move unclaimed whistles up to the group leader or the area secretary now."""
    with get_db().session() as session:
        moved = escalate_unclaimed(session, clock.now())
    click.echo(f"escalation: {moved} need(s) moved up")


@needs_group.command("leader")
@click.argument("openid")
@click.argument("group_code")
@click.option("--remove", is_flag=True, help="No longer the leader.")
@with_appcontext
def leader_command(openid: str, group_code: str, remove: bool) -> None:
    """Make the representative OPENID the leader of GROUP_CODE (or not, with --remove)."""
    with get_db().session() as session:
        user = session.scalars(select(User).where(User.openid == openid)
                               .options(selectinload(User.roles))).one_or_none()
        if user is None:
            raise click.ClickException("no such user (they must follow the account first)")
        try:
            changed = set_leader(session, user, group_code, leader=not remove)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
    state = "no longer leads" if remove else "leads"
    click.echo(f"{openid} {state} {group_code}" + ("" if changed else " (unchanged)"))


commands = [needs_group]
