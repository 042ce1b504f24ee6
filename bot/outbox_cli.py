"""`flask outbox …`: run a dispatcher, look at rows, put dead rows back in the queue.

    flask outbox dispatch --once        # one round, print the tallies
    flask outbox dispatch               # loop until Ctrl-C / SIGTERM (any number may run)
    flask outbox list [--status dead]   # newest first, with the reason of dead rows
    flask outbox retry ID [ID …]        # or --all-dead, e.g. after fixing the IP whitelist
    flask outbox tags                   # WeChat user tags in step with areas
"""
from __future__ import annotations

import signal
import threading
from dataclasses import replace

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from . import clock
from .db import get_db
from .models import OutboxMessage
from .models.outbox import OUTBOX_STATUSES
from .outbox import OutboxSettings, dispatch_once, mass, run_dispatcher, store
from .wechat.client import get_client


@click.group("outbox")
def outbox_group() -> None:
    """Pushes waiting for WeChat, sent, or dead."""


@outbox_group.command("dispatch")
@click.option("--once", is_flag=True, help="One round, then exit.")
@click.option("--limit", type=int, default=None, help="Rows per round (default OUTBOX_BATCH).")
@with_appcontext
def dispatch_command(once: bool, limit: int | None) -> None:
    """Send due pushes (one round with --once, else until stopped)."""
    settings = OutboxSettings.from_config(current_app.config)
    if limit:
        settings = replace(settings, batch=limit)
    db, client = get_db(), get_client()
    if once:
        result = dispatch_once(db, client, settings=settings)
        click.echo(f"claimed {result.claimed}: sent {result.sent}, retry later {result.retried}, "
                   f"dead {result.dead}, released {result.released}, waiting for the daily quota {result.waiting}")
        return
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("outbox dispatcher running (Ctrl-C stops it)")
    total = run_dispatcher(db, client, settings, stop)
    click.echo(f"outbox dispatcher stopped: sent {total.sent}, dead {total.dead}, retried {total.retried}, "
               f"waiting for the daily quota {total.waiting}")


@outbox_group.command("list")
@click.option("--status", type=click.Choice(OUTBOX_STATUSES), default=None)
@click.option("--limit", type=int, default=50, show_default=True)
@with_appcontext
def list_command(status: str | None, limit: int) -> None:
    """Show the newest rows (and the counts per status)."""
    counts = store.counts_by_status(get_db())
    click.echo("  ".join(f"{name}: {counts.get(name, 0)}" for name in OUTBOX_STATUSES))
    with get_db().session() as s:
        channels = dict(s.execute(select(OutboxMessage.channel, func.count()).where(OutboxMessage.status == "sent")
                                  .group_by(OutboxMessage.channel)).all())
        per_month = int(current_app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH))
        left = mass.left_this_month(s, clock.now(), per_month)
    click.echo("sent by channel: " + "  ".join(f"{c}: {channels.get(c, 0)}" for c in ("custom", "template", "mass"))
               + f"   mass sends left this month for everyone: {left} of {per_month}")
    for row in store.list_messages(get_db(), status, limit):
        when = (row.sent_at or row.next_attempt_at).isoformat(timespec="seconds")
        who = row.openid if row.kind != mass.MASS_KIND else f"{len((row.payload or {}).get('openids', []))} followers"
        line = f"#{row.id} {row.status:<7} {row.kind:<10} {who} {row.business_key} {when} tries={row.attempts}"
        if row.channel:
            line += f" via {row.channel}"
        if row.status in ("dead", "pending") and row.last_error:
            line += f"  — {row.last_error}"
        click.echo(line)


@outbox_group.command("tags")
@with_appcontext
def tags_command() -> None:
    """Put WeChat's user tags in step with areas (the scheduler does it hourly)."""
    from .outbox.tags import sync_area_tags

    result = sync_area_tags(get_db(), get_client())
    click.echo(f"tags created {result.created}; followers tagged {result.tagged}, untagged {result.untagged} "
               f"in {result.calls} call(s)")


@outbox_group.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all-dead", is_flag=True, help="Every dead row.")
@with_appcontext
def retry_command(ids: tuple[int, ...], all_dead: bool) -> None:
    """Send dead rows again (fresh attempt count)."""
    if not ids and not all_dead:
        raise click.UsageError("give row ids, or --all-dead")
    count = store.retry_by_hand(get_db(), list(ids), clock.now(), all_dead=all_dead)
    click.echo(f"{count} row(s) queued again")


commands = [outbox_group]
