"""`flask task …`: organisers create, list, show and call off volunteer tasks, and record attendance.

    flask task create --title 暖心食堂帮厨 --area bz-daicun --at "2026-12-05 09:00" --hours 2 \
        --needed 5 [--skills 做饭,开车] [--canteen CODE] [--place ...] [--risky --insured]
    flask task list [--area CODE] [--all]
    flask task show 12            # sign-ups, with names and masked phones (organisers only)
    flask task attend 12 --openid OPENID [--absent] [--hours 1.5]
    flask task cancel 12
    flask task remind             # enqueue reminders now (the scheduler runs the same)
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from bot.db import get_db
from bot.localtime import app_zone
from bot.models import Area, User, mask_phone, utcnow
from bot.models.volunteers import SignUp, Task
from bot import volunteers


def _parse_local(value: str) -> datetime:
    try:
        local = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise click.BadParameter("use the form \"2026-12-05 09:00\" (local time)")
    return local.replace(tzinfo=app_zone(current_app.config))


def _run(action):
    """Run `action(session)` in one transaction; rule violations become a clean CLI error."""
    try:
        with get_db().session() as session:
            return action(session)
    except volunteers.VolunteerError as error:
        raise click.ClickException(volunteers.texts.refusal(error))


@click.group("task")
def task_group() -> None:
    """Volunteer tasks (志愿服务): create, list, show, attend, cancel, remind."""


@task_group.command("create")
@click.option("--title", required=True)
@click.option("--area", "area_code", required=True, help="area code, e.g. bz-daicun")
@click.option("--at", "at", required=True, help='start, local time: "2026-12-05 09:00"')
@click.option("--hours", type=float, default=2.0, show_default=True, help="length of the task")
@click.option("--needed", type=click.IntRange(min=1), required=True)
@click.option("--skills", default="", help=f"comma separated, from: {','.join(volunteers.SKILLS)}")
@click.option("--canteen", "canteen_code", default=None, help="a 暖心食堂 code")
@click.option("--theme", "theme_ref", default=None, help="a monthly theme reference")
@click.option("--place", default="")
@click.option("--risky", is_flag=True, help="the task carries risk: accident insurance is required")
@click.option("--insured", is_flag=True, help="accident insurance for the volunteers is arranged")
@click.option("--by", "by_openid", default=None, help="openid of the organiser creating it")
@with_appcontext
def create_command(title, area_code, at, hours, needed, skills, canteen_code, theme_ref, place,
                   risky, insured, by_openid) -> None:
    """Create a task and push it to the matching volunteers of the area."""
    starts_at = _parse_local(at)
    if hours <= 0:
        raise click.BadParameter("--hours must be positive")
    skill_list = [s for s in re.split(r"[,，、\s]+", skills) if s]

    def action(session):
        creator = session.scalar(select(User).where(User.openid == by_openid)) if by_openid else None
        task, offers = volunteers.create_task(
            session, title=title, area_code=area_code, starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours), needed=needed, place=place,
            skills=skill_list, canteen_code=canteen_code, theme_ref=theme_ref, risky=risky,
            insured=insured, created_by=creator, tz=app_zone(current_app.config))
        return task.number, offers

    number, offers = _run(action)
    click.echo(f"task {number} created; offered to {offers} volunteer(s)")


@task_group.command("list")
@click.option("--area", "area_code", default=None)
@click.option("--all", "show_all", is_flag=True, help="include past and cancelled tasks")
@with_appcontext
def list_command(area_code, show_all) -> None:
    """List tasks: number, start, area, title, places taken/needed, waiting, state."""
    def action(session):
        query = select(Task).order_by(Task.starts_at, Task.number)
        if area_code:
            query = query.join(Task.area).where(Area.code == area_code)
        if not show_all:
            query = query.where(Task.state == "open", Task.ends_at > utcnow())
        waiting = dict(session.execute(select(SignUp.task_id, func.count(SignUp.id))
                                       .where(SignUp.state == "waiting").group_by(SignUp.task_id)).all())
        return [f"{t.number:>4}  {t.starts_at.astimezone(app_zone(current_app.config)):%Y-%m-%d %H:%M}  {t.area.code:<14} "
                f"{t.title}  {t.taken}/{t.needed} waiting {waiting.get(t.id, 0)}  {t.state}"
                for t in session.scalars(query)]

    lines = _run(action)
    click.echo("\n".join(lines) if lines else "no tasks")


@task_group.command("show")
@click.argument("number", type=int)
@with_appcontext
def show_command(number) -> None:
    """One task and its sign-ups (names and masked phones: for organisers only)."""
    def action(session):
        task = volunteers.find_task(session, number)
        lines = [f"{task.number} {task.title} | {volunteers.texts.format_when(task, app_zone(current_app.config))} | "
                 f"{task.place} | {task.taken}/{task.needed} | {task.state}"]
        for s in session.scalars(select(SignUp).where(SignUp.task_id == task.id)
                                 .order_by(SignUp.state, SignUp.position, SignUp.id)):
            user = s.volunteer.user
            position = f" #{s.position}" if s.state == "waiting" else ""
            lines.append(f"  {user.openid}  {user.name or '-'}  {mask_phone(user.phone) or '-'}  "
                         f"{s.state}{position}  {s.hours_credited:g}h")
        return lines

    click.echo("\n".join(_run(action)))


@task_group.command("attend")
@click.argument("number", type=int)
@click.option("--openid", required=True)
@click.option("--absent", is_flag=True, help="the volunteer did not come")
@click.option("--hours", type=float, default=None, help="hours to credit (default: the task's length)")
@with_appcontext
def attend_command(number, openid, absent, hours) -> None:
    """Record attendance and credit service hours."""
    def action(session):
        user = session.scalar(select(User).where(User.openid == openid))
        if user is None:
            raise click.ClickException(f"no user {openid}")
        signup = volunteers.mark_attendance(session, number, user, not absent, hours)
        return signup.state, signup.hours_credited

    state, credited = _run(action)
    click.echo(f"task {number}: {openid} {state}, {credited:g} h credited")


@task_group.command("cancel")
@click.argument("number", type=int)
@with_appcontext
def cancel_command(number) -> None:
    """Call a task off and tell everyone signed up."""
    told = _run(lambda session: volunteers.cancel_task(session, number, app_zone(current_app.config)))
    click.echo(f"task {number} cancelled; {told} volunteer(s) told")


@task_group.command("remind")
@with_appcontext
def remind_command() -> None:
    """Enqueue the reminders due now (each volunteer and task once)."""
    count = _run(lambda session: volunteers.reminders_due(session, utcnow(), tz=app_zone(current_app.config)))
    click.echo(f"{count} reminder(s) enqueued")


commands = [task_group]
