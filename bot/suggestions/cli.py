"""`flask suggestion …`: list villagers' suggestions and answer one (as the admin page does).

    flask suggestion list [--village 代村]
    flask suggestion answer ID --text "已列入议事日议题" [--public]
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from bot import suggestions
from bot.db import get_db
from bot.models import Suggestion, Village


@click.group("suggestion")
def suggestion_group() -> None:
    """Villagers' suggestions (我有个建议…)."""


@suggestion_group.command("list")
@click.option("--village", "village_name", default=None)
@with_appcontext
def list_command(village_name) -> None:
    with get_db().session() as session:
        query = select(Suggestion).join(Village, Suggestion.village_id == Village.id)
        if village_name:
            query = query.where(Village.name == village_name)
        lines = [f"{s.id:>4}  {s.village.name}  {s.state}  {s.text}"
                 for s in session.scalars(query.order_by(Suggestion.id.desc()))]
    click.echo("\n".join(lines) if lines else "no suggestions")


@suggestion_group.command("answer")
@click.argument("suggestion_id", type=int)
@click.option("--text", required=True)
@click.option("--public", is_flag=True, help="show it on the village's public page")
@click.option("--by", "by", default="cli")
@with_appcontext
def answer_command(suggestion_id, text, public, by) -> None:
    """Answer a suggestion: the villager is pushed the answer."""
    with get_db().session() as session:
        suggestion = session.get(Suggestion, suggestion_id)
        if suggestion is None:
            raise click.ClickException(f"no suggestion {suggestion_id}")
        try:
            _, _, pushed = suggestions.answer_suggestion(session, suggestion, text, public, by)
        except suggestions.SuggestionError as refusal:
            raise click.ClickException(str(refusal))
    click.echo(f"suggestion {suggestion_id} answered; pushed {pushed}")


commands = [suggestion_group]
