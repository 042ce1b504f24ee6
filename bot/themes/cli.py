"""`flask themes load|push`: the monthly themes of the representative groups."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from bot import clock
from bot.db import get_db

from .loader import load_themes
from .notices import monthly_theme_push


@click.group("themes")
def themes_group() -> None:
    """Monthly themes of the representative groups."""


@themes_group.command("load")
@click.argument("path", required=False)
@click.option("--force", is_flag=True, help="Also overwrite themes a cadre changed on the admin page.")
@with_appcontext
def themes_load_command(path: str | None, force: bool) -> None:
    """Load the themes and specialities from knowledge/themes.yaml (or PATH)."""
    with get_db().session() as session:
        report = load_themes(session, path, force)
    for line in report.lines():
        click.echo(line)


@themes_group.command("push")
@with_appcontext
def themes_push_command() -> None:
    """Enqueue this month's themes now, if due (each person gets each theme once a month)."""
    with get_db().session() as session:
        written = monthly_theme_push(session, clock.now())
    click.echo(f"themes: {written} push(es) enqueued")


commands = [themes_group]
