"""`flask matter …`: record a village's major matter and enter its 四议两公开 steps.

    flask matter add --village 代村 --title "村内主街硬化" [--keywords "修路 水泥路"]
    flask matter step MATTER_ID --step 1 --day 2026-12-01 --text "支部提议硬化主街"
    flask matter list [--village 代村]

Steps go in order; steps 5 (决议公开) and 6 (实施结果公开) are pushed to the village.
"""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from bot import matters
from bot.db import get_db
from bot.localtime import app_zone
from bot.models import Matter, Village
from bot.outbox import mass


@click.group("matter")
def matter_group() -> None:
    """Village major matters (四议两公开)."""


@matter_group.command("add")
@click.option("--village", "village_name", required=True)
@click.option("--title", required=True)
@click.option("--keywords", default="", help="other words villagers use for it, space separated")
@click.option("--by", "by", default="cli")
@with_appcontext
def add_command(village_name, title, keywords, by) -> None:
    """Record a new matter of the village; prints its number."""
    with get_db().session() as session:
        village = session.scalar(select(Village).where(Village.name == village_name))
        if village is None:
            raise click.ClickException(f"没有叫“{village_name}”的村")
        try:
            number = matters.create_matter(session, village, title, keywords, by).id
        except matters.MattersError as refusal:
            raise click.ClickException(str(refusal))
    click.echo(f"matter {number} added")


@matter_group.command("step")
@click.argument("matter_id", type=int)
@click.option("--step", "number", type=click.IntRange(1, 6), required=True)
@click.option("--day", required=True, help="2026-12-01 (local date)")
@click.option("--text", required=True)
@click.option("--by", "by", default="cli")
@with_appcontext
def step_command(matter_id, number, day, text, by) -> None:
    """Enter the next step of a matter (5 and 6 are pushed to the village)."""
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise click.BadParameter("use the form 2026-12-01", param_hint="--day")
    with get_db().session() as session:
        matter = session.get(Matter, matter_id)
        if matter is None:
            raise click.ClickException(f"no matter {matter_id}")
        try:
            entered = matters.enter_step(session, matter, number, when, text, by=by,
                                         tz=app_zone(current_app.config),
                                         per_month=current_app.config.get("MASS_SENDS_PER_MONTH",
                                                                          mass.DEFAULT_PER_MONTH))
        except matters.MattersError as refusal:
            raise click.ClickException(str(refusal))
        name, pushed = entered.step.name, entered.pushed
    click.echo(f"matter {matter_id} step {number} {name} entered; pushed to {pushed}")


@matter_group.command("list")
@click.option("--village", "village_name", default=None)
@with_appcontext
def list_command(village_name) -> None:
    """Matters, newest first: number, village, title, the last step entered."""
    with get_db().session() as session:
        query = select(Matter).join(Village, Matter.village_id == Village.id)
        if village_name:
            query = query.where(Village.name == village_name)
        lines = [f"{m.id:>4}  {m.village.name}  {m.title}  {matters.texts.choice_line(m)}"
                 for m in session.scalars(query.order_by(Matter.id.desc()))]
    click.echo("\n".join(lines) if lines else "no matters")


commands = [matter_group]
