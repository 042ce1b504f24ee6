"""`flask outbox …`: run the dispatcher, look at the outbox, give dead pushes another chance.

    flask outbox dispatch            send continuously (Ctrl-C / SIGTERM stops after the current push)
    flask outbox dispatch --once     send what is due now, then exit
    flask outbox list [--status dead] [--limit 50]
    flask outbox retry ID [ID …]     dead → pending
"""
from __future__ import annotations

import signal
import threading
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select, update

from .db import get_db
from .models import OutboxMessage, mask_phone
from .models.outbox import OUTBOX_STATUSES


@click.group("outbox")
def outbox_group() -> None:
    """The outbox of pushes to users."""


@outbox_group.command("dispatch")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@with_appcontext
def dispatch_command(once: bool) -> None:
    """Send due pushes (customer-service text in the 48-hour window, else a template)."""
    from .outbox import run_dispatcher
    from .wechat.client import get_client

    stop = threading.Event()
    if not once:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        click.echo("outbox dispatcher running (Ctrl-C stops)")
    report = run_dispatcher(get_db(), get_client(), stop, until_empty=once)
    click.echo(f"claimed {report.claimed}, sent {report.sent}, retry later {report.retried}, dead {report.dead}")


def _short_openid(openid: str) -> str:
    return mask_phone(openid) if len(openid) > 8 else openid


@outbox_group.command("list")
@click.option("--status", type=click.Choice(OUTBOX_STATUSES), default=None, help="Only rows in this state.")
@click.option("--limit", type=int, default=50, show_default=True)
@with_appcontext
def list_command(status: str | None, limit: int) -> None:
    """Show the latest outbox rows, with the reason for failures."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    tz = ZoneInfo(current_app.config["TZ_NAME"])
    with get_db().session() as s:
        rows = list(s.scalars(query))
        if not rows:
            click.echo("no outbox rows" + (f" with status {status}" if status else ""))
        for row in rows:
            when = (row.sent_at or row.next_attempt_at).astimezone(tz)
            line = (f"{row.id:>6} {row.status:<7} {row.kind:<10} {_short_openid(row.openid):<14} "
                    f"tries={row.attempts} {row.channel or '-':<8} {when:%Y-%m-%d %H:%M} {row.business_key}")
            click.echo(line)
            if row.last_error:
                click.echo(f"       {row.last_error}")


@outbox_group.command("retry")
@click.argument("ids", type=int, nargs=-1, required=True)
@with_appcontext
def retry_command(ids: tuple[int, ...]) -> None:
    """Put dead pushes back in the queue (attempts start again)."""
    now = datetime.now(timezone.utc)
    with get_db().session() as s:
        result = s.execute(update(OutboxMessage)
                           .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "dead")
                           .values(status="pending", attempts=0, next_attempt_at=now, lease_until=None)
                           .execution_options(synchronize_session=False))
    click.echo(f"{result.rowcount} of {len(ids)} back in the queue")
    if result.rowcount < len(ids):
        click.echo("(only dead rows can be retried)")


commands = [outbox_group]
