"""`flask wechat menu`: publish the custom menu (bot/wechat/menu.py) through the outbound client."""
from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from .client import get_client
from .errors import WeChatApiError
from .menu import menu_definition, unknown_keys


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


commands = [wechat_group]
