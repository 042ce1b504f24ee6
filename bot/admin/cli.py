"""`flask admin …`: cadre accounts from the command line (the first county account starts here).

    flask admin create-user laowang --scope county [--name 王主任]
    flask admin create-user bz --scope township --township 卞庄街道
    flask admin create-user daicun --scope area --area bz-daicun
    flask admin set-password laowang        # ends the account's sessions
    flask admin deactivate laowang | activate laowang
    flask admin list
Passwords are asked for twice without echo, or read from stdin with --password-stdin.
"""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from bot.db import get_db
from bot.models import AdminAccount
from bot.models.admin import SCOPE_LEVELS

from . import accounts, passwords


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


def _account(session, username: str) -> AdminAccount:
    account = accounts.find_account(session, username)
    if account is None:
        raise click.ClickException(f"no admin account {username!r}")
    return account


@click.group("admin")
def admin_group() -> None:
    """Cadre accounts of the admin page (/admin)."""


@admin_group.command("create-user")
@click.argument("username")
@click.option("--scope", "scope_level", type=click.Choice(SCOPE_LEVELS), required=True)
@click.option("--township", default="", help="for --scope township: the township's name (as in areas)")
@click.option("--area", "area_code", default="", help="for --scope area: the area code, e.g. bz-daicun")
@click.option("--name", "display_name", default="", help="the cadre's name, shown on the page")
@click.option("--password-stdin", is_flag=True, help="read the password from the first line of stdin")
@with_appcontext
def create_user(username, scope_level, township, area_code, display_name, password_stdin) -> None:
    """Create a cadre account that sees and changes only its scope."""
    password = _password(password_stdin)
    try:
        with get_db().session() as session:
            account = accounts.create_account(session, username, password, scope_level, township,
                                              area_code, display_name)
            words = account.scope_words
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created admin account {username.strip().lower()} ({scope_level}: {words})")


@admin_group.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
@with_appcontext
def set_password(username, password_stdin) -> None:
    """Set a new password; the account's sessions end."""
    password = _password(password_stdin)
    try:
        with get_db().session() as session:
            ended = accounts.set_password(session, _account(session, username), password)
    except passwords.PasswordRejected as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"password changed; {ended} session(s) ended")


@admin_group.command("deactivate")
@click.argument("username")
@with_appcontext
def deactivate(username) -> None:
    """Switch an account off (its sessions end at once)."""
    with get_db().session() as session:
        accounts.set_active(session, _account(session, username), False)
    click.echo(f"{username} deactivated")


@admin_group.command("activate")
@click.argument("username")
@with_appcontext
def activate(username) -> None:
    """Switch an account on again."""
    with get_db().session() as session:
        accounts.set_active(session, _account(session, username), True)
    click.echo(f"{username} activated")


@admin_group.command("list")
@with_appcontext
def list_accounts() -> None:
    """Accounts with their scope, state and last login."""
    with get_db().session() as session:
        rows = session.scalars(select(AdminAccount).order_by(AdminAccount.username)).all()
        lines = [f"{a.username}\t{a.scope_level}:{a.scope_words}\t{'active' if a.active else 'off'}\t"
                 f"last login {a.last_login_at.isoformat(timespec='minutes') if a.last_login_at else 'never'}"
                 for a in rows]
    click.echo("\n".join(lines) if lines else "no admin accounts")


commands: list = [admin_group]
