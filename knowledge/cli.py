"""`flask kb check` (validate the knowledge files) and `flask kb load` (upsert them)."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from .schema import DEFAULT_DIRECTORY, KnowledgeError, read_knowledge

_dir_option = click.option(
    "--dir", "directory", type=click.Path(exists=True, file_okay=False),
    default=None, help=f"Knowledge directory (default: {DEFAULT_DIRECTORY}).")


@click.group("kb")
def kb_group() -> None:
    """Service guides, areas, villages, groups and canteens (the knowledge files)."""


@kb_group.command("check")
@_dir_option
def check_command(directory: str | None) -> None:
    """Validate the knowledge files; exit 1 listing every error as file: field: message."""
    kb, errors = read_knowledge(directory)
    if errors:
        for line in errors:
            click.echo(line, err=True)
        click.echo(f"{len(errors)} error(s) in {kb.directory}", err=True)
        sys.exit(1)
    counts = ", ".join(f"{n} {kind}" for kind, n in kb.counts().items())
    click.echo(f"knowledge OK ({kb.directory}): {counts}")


@kb_group.command("load")
@_dir_option
@click.option("--force", is_flag=True, help="Also overwrite guides and themes a cadre edited in the database.")
@with_appcontext
def load_command(directory: str | None, force: bool) -> None:
    """Validate the knowledge files and upsert them into the database."""
    from .loader import load_all

    try:
        load_all(echo=click.echo, directory=directory, force=force)
    except KnowledgeError as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        click.echo(f"{len(exc.errors)} error(s): nothing was loaded", err=True)
        sys.exit(1)


commands: list = [kb_group]
