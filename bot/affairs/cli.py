"""`flask notice …`: cadres publish village affairs notices and list them.

    flask notice publish --area bz-daicun [--village 代村] --kind 议事日 --title "12月议事日" \
        --body "商量修路" [--at "2026-12-05 09:00" --place "村委会"] [--by OPENID]
    flask notice list [--area CODE] [--limit 20]

Publishing is safe to retry: the same notice (same area, village, kind, words, time and place)
is recorded once and each villager is told once.
"""
from __future__ import annotations

import sys
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from bot import affairs
from bot.db import get_db
from bot.localtime import app_zone
from bot.models import Area, Village
from bot.models.affairs import NOTICE_KINDS, Notice


def _parse_local(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=app_zone(current_app.config))
    except ValueError:
        raise click.BadParameter("use the form \"2026-12-05 09:00\" (local time)")


@click.group("notice")
def notice_group() -> None:
    """Village affairs notices (村务公开、议事日、村情发布会、公示、通知)."""


@notice_group.command("publish")
@click.option("--area", "area_code", required=True, help="area code, e.g. bz-daicun")
@click.option("--village", default=None, help="only this village of the area (its name)")
@click.option("--kind", type=click.Choice(NOTICE_KINDS), required=True)
@click.option("--title", required=True)
@click.option("--body", default="", help="the text; '-' reads it from standard input")
@click.option("--at", "at", default=None, help='meeting time, local: "2026-12-05 09:00" (议事日, 村情发布会)')
@click.option("--place", default="")
@click.option("--by", "published_by", default="", help="who publishes (openid or name)")
@with_appcontext
def publish_command(area_code, village, kind, title, body, at, place, published_by) -> None:
    """Publish a notice and push it to the subscribed villagers of the area (or village)."""
    if body == "-":
        body = sys.stdin.read()
    event_at = _parse_local(at)
    try:
        with get_db().session() as session:
            result = affairs.publish_notice(
                session, area_code=area_code, village=village, kind=kind, title=title, body=body,
                event_at=event_at, place=place, published_by=published_by, tz=app_zone(current_app.config))
            number, created, pushed = result.notice.id, result.created, result.enqueued
    except affairs.AffairsError as refusal:
        raise click.ClickException(affairs.texts.refusal(refusal))
    state = "published" if created else "already published"
    click.echo(f"notice {number} {state}; {pushed} new push(es) enqueued")


@notice_group.command("list")
@click.option("--area", "area_code", default=None)
@click.option("--limit", default=20, show_default=True)
@with_appcontext
def list_command(area_code, limit) -> None:
    """List notices, newest first: number, published, area/village, kind, title, pushes."""
    with get_db().session() as session:
        query = select(Notice, Area.code, Village.name).join(Area, Notice.area_id == Area.id) \
            .outerjoin(Village, Notice.village_id == Village.id)
        if area_code:
            query = query.where(Area.code == area_code)
        rows = session.execute(query.order_by(Notice.published_at.desc(), Notice.id.desc()).limit(limit)).all()
        pushes = affairs.push_counts(session, [notice.id for notice, _, _ in rows])
        lines = []
        for notice, code, village in rows:
            when = f" at {notice.event_at.astimezone(app_zone(current_app.config)):%Y-%m-%d %H:%M}" if notice.event_at else ""
            lines.append(f"{notice.id:>4}  {notice.published_at.astimezone(app_zone(current_app.config)):%Y-%m-%d %H:%M}  "
                         f"{code}{'/' + village if village else ''}  {notice.kind}  {notice.title}{when}  "
                         f"pushes {pushes.get(notice.id, 0)}")
    click.echo("\n".join(lines) if lines else "no notices")


commands = [notice_group]
