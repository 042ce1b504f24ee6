"""`flask mediation ...`: load rooms, make slots, link a mediator, enqueue due reminders."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from bot import clock
from bot.db import get_db
from bot.models import MediationRoom, User

from . import add_mediator, generate_all_slots, load_mediation, local_day, reminders_due


@click.group("mediation")
def mediation_group() -> None:
    """Mediation rooms, slots and reminders."""


@mediation_group.command("load")
@click.argument("path", required=False)
@with_appcontext
def load_command(path: str | None) -> None:
    """Load rooms and opening hours from knowledge/mediation.yaml (or PATH)."""
    with get_db().session() as session:
        report = load_mediation(session, path)
    for line in report.lines():
        click.echo(line)


@mediation_group.command("slots")
@click.option("--days", default=14, show_default=True, help="How many days ahead.")
@with_appcontext
def slots_command(days: int) -> None:
    """Make the appointment slots of every room for the coming days (idempotent)."""
    tz = current_app.config["TZ_NAME"]
    today = local_day(clock.now(), tz)
    with get_db().session() as session:
        made = generate_all_slots(session, today, days, tz)
    click.echo(f"mediation slots: {made} new")


@mediation_group.command("mediator")
@click.argument("room_code")
@click.argument("openid")
@with_appcontext
def mediator_command(room_code: str, openid: str) -> None:
    """Make the user OPENID a mediator of the room ROOM_CODE."""
    with get_db().session() as session:
        room = session.scalars(select(MediationRoom).where(MediationRoom.code == room_code)).one_or_none()
        user = session.scalars(select(User).where(User.openid == openid)).one_or_none()
        if room is None or user is None:
            raise click.ClickException("no such room" if room is None else "no such user (they must follow the account first)")
        created = add_mediator(session, room.id, user.id)
    click.echo(("added" if created else "already") + f": {openid} mediates in {room_code}")


@mediation_group.command("remind")
@with_appcontext
def remind_command() -> None:
    """Enqueue the day-before reminders due now (the scheduler does this on its own)."""
    with get_db().session() as session:
        written = reminders_due(session, clock.now(), current_app.config["TZ_NAME"])
    click.echo(f"mediation reminders: {written} enqueued")


commands = [mediation_group]
