"""`flask wechat menu` publishes the custom menu (bot/wechat/menu.py); `flask wechat token` shows,
drops or refreshes the shared access token (after an AppSecret reset: `--refresh`)."""
from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from .. import clock
from .client import get_client
from .errors import WeChatApiError
from .menu import menu_definition, unknown_keys
from .token_store import RedisTokenBackend


@click.group("wechat")
def wechat_group() -> None:
    """Calls to the WeChat API (WECHAT_API_BASE)."""


@wechat_group.command("menu")
@click.option("--show", is_flag=True, help="Print the menu JSON instead of publishing it.")
@with_appcontext
def menu_command(show: bool) -> None:
    """Publish the custom menu (menu/create)."""
    if unknown_keys():
        raise click.ClickException(f"menu keys the event handler does not know: {sorted(unknown_keys())}")
    definition = menu_definition()
    if show:
        click.echo(json.dumps(definition, ensure_ascii=False, indent=2))
        return
    try:
        get_client().menu.create(definition)
    except WeChatApiError as exc:
        raise click.ClickException(f"menu not published: {exc.describe()}") from exc
    click.echo(f"menu published: {len(definition['button'])} buttons")


@wechat_group.command("token")
@click.option("--drop", is_flag=True, help="Forget the stored access token; the next call fetches a new one.")
@click.option("--refresh", is_flag=True,
              help="Drop it and fetch a new one now with WECHAT_APP_SECRET (checks the secret and the IP allowlist).")
@with_appcontext
def token_command(drop: bool, refresh: bool) -> None:
    """Where the shared access token is kept and when it expires (its value is never shown)."""
    client = get_client()
    backend = client.tokens.backend
    where = f"Redis key {backend.key}" if isinstance(backend, RedisTokenBackend) else f"database row {backend.key}"
    if drop or refresh:
        dropped = client.tokens.drop()
        click.echo(f"dropped the stored access token ({where})" if dropped else "no stored access token to drop")
    if refresh:
        fetches = client.tokens.fetches
        try:
            client.access_token  # through the shared store's lock, like any process would
        except WeChatApiError as exc:
            raise click.ClickException(f"could not fetch a new access token for {client.appid}: {exc.describe()}") from exc
        if client.tokens.fetches > fetches:
            click.echo(f"fetched a new access token for {client.appid} from {client.API_BASE_URL}token")
        else:
            click.echo("another process fetched a new access token meanwhile; using it")
    stored = backend.read()
    if stored is None:
        click.echo(f"no access token stored ({where}); the next WeChat call fetches one")
    else:
        click.echo(f"access token stored ({where}): expires in {int(stored.expires_at - clock.timestamp())} s")


commands = [wechat_group]
