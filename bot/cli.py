"""Flask CLI commands. Each capability keeps its commands in its own module; they are added here.

`flask --app wsgi setup` brings the database to the current schema and loads the sample
knowledge; it is idempotent.
"""
from __future__ import annotations

import importlib

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

# Modules that expose `commands`: a list of click commands/groups for `flask`.
COMMAND_MODULES = [
    "bot.nlu.cli",  # route
    "knowledge.cli",  # kb check / kb load
    "bot.outbox_cli",  # outbox dispatch
    "scheduler.cli",  # scheduler run / jobs
    "bot.wechat.cli",  # wechat menu
    "bot.accounts_cli",  # invite create
    "bot.volunteers_cli",  # task create/list/show/attend/cancel/remind
    "bot.dev.cli",  # dev users (make run, make chat)
    "bot.mediation.cli",  # mediation load / slots / mediator / remind
    "bot.needs.cli",  # needs whistle / escalate / leader; themes load / push
    "bot.affairs_cli",  # notice publish / list
    "bot.admin.cli",  # admin create-user / set-password / deactivate / list
    "bot.safety.cli",  # safety eval
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
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.commands:
            app.cli.add_command(command)
