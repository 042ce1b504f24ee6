"""Flask CLI commands. Each capability keeps its commands in its own module; they are added here.

`flask --app wsgi setup` brings the database to the current schema and loads the sample
knowledge; it is idempotent.
"""
from __future__ import annotations

from types import ModuleType

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

def command_modules() -> list[ModuleType]:
    """The modules whose `commands` (click commands/groups) `flask` gets, imported here so a
    missing or renamed module fails at import, not by a string nobody checks."""
    from bot.accounts import cli as accounts_cli
    from bot.admin import cli as admin_cli
    from bot.converse import cli as converse_cli
    from bot.affairs import cli as affairs_cli
    from bot.dev import cli as dev_cli
    from bot.family import cli as family_cli
    from bot.matters import cli as matters_cli
    from bot.mediation import cli as mediation_cli
    from bot.needs import cli as needs_cli
    from bot.nlu import cli as route_cli
    from bot.safety import cli as safety_cli
    from bot.suggestions import cli as suggestions_cli
    from bot.themes import cli as themes_cli
    from bot.volunteers import cli as volunteers_cli
    from bot.wechat import cli as wechat_cli
    from knowledge import cli as kb_cli
    from scheduler import cli as scheduler_cli

    from . import outbox_cli

    return [
        route_cli,  # route
        kb_cli,  # kb check / kb load
        outbox_cli,  # outbox dispatch
        scheduler_cli,  # scheduler run / jobs
        wechat_cli,  # wechat menu
        accounts_cli,  # invite create
        matters_cli,  # matter add / step / list
        suggestions_cli,  # suggestion list / answer
        family_cli,  # family list / confirm
        volunteers_cli,  # task create/list/show/attend/cancel/remind
        dev_cli,  # dev users (make run, make chat)
        mediation_cli,  # mediation load / slots / mediator / remind
        needs_cli,  # needs whistle / escalate / leader
        themes_cli,  # themes load / push
        affairs_cli,  # notice publish / list
        admin_cli,  # admin create-user / set-password / deactivate / list
        converse_cli,  # converse [--eval FILE]: scripted conversations
        safety_cli,  # safety eval
    ]


def upgrade_database(url: str) -> None:
    """Run Alembic migrations up to head on `url`."""
    from alembic import command
    from alembic.config import Config as AlembicConfig
    import os

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cfg = AlembicConfig(os.path.join(root, "alembic.ini"))
    cfg.set_main_option("script_location", os.path.join(root, "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")


@click.command("setup")
@with_appcontext
@click.option("--no-knowledge", is_flag=True, help="Only migrate; do not load the sample knowledge.")
def setup_command(no_knowledge: bool) -> None:
    """Migrate the database to the current schema and load the sample knowledge."""
    url = current_app.config["DATABASE_URL"]
    upgrade_database(url)
    click.echo(f"database ready: {url.split('@')[-1]}")
    if not no_knowledge:
        from knowledge.loader import load_all

        load_all(echo=click.echo)


def init_app(app: Flask) -> None:
    app.cli.add_command(setup_command)
    for module in command_modules():
        for command in module.commands:
            app.cli.add_command(command)
