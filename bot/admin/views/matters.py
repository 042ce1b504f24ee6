"""四议两公开: the major matters of the villages in scope, each entered step by step.

A matter belongs to one village; the account whose scope holds that village's area records it
and enters its six steps in order (bot/matters/rules.py refuses a skipped step). Entering 决议公开
or 实施结果公开 pushes it to the village at once. A step can be corrected afterwards: the change
is written to the audit log with the before and after, and not pushed again.
"""
from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import matters
from bot.models import Matter, MatterStep, Village
from bot.models.matters import MATTER_STEPS, PUBLIC_STEPS
from bot.outbox import mass

from .. import audit, form_tokens
from ..blueprint import bp
from ..bounds import db_id, in_range_day
from ..web import FormError, fail, ok, require_area, scope, text_field, transaction, tz

PAGE = 200


def _villages(s) -> list[Village]:
    return [v for area in scope().areas(s) for v in sorted(area.villages, key=lambda v: v.name)]


def _day(name: str = "day") -> date:
    try:
        return in_range_day(date.fromisoformat((request.form.get(name) or "").strip()))
    except ValueError:
        raise FormError("请按格式填写日期（2026-12-05）") from None


def _attachment() -> matters.Attachment | None:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None
    return matters.Attachment(upload.filename, (upload.mimetype or "").lower(), upload.read())


def _matter(s, matter_id: int) -> Matter:
    matter = s.scalar(select(Matter).options(selectinload(Matter.steps)).where(Matter.id == matter_id))
    if matter is None:
        abort(404)
    require_area(s, matter.area_id)
    return matter


@bp.route("/matters", methods=["GET", "POST"])
def matters_page():
    """The matters of the villages in scope, where each stands; record a new one."""
    with transaction() as s:
        villages = _villages(s)
        form = {}
        if request.method == "POST":
            form = request.form
            village = s.get(Village, db_id(request.form.get("village", "")) or 0)
            if village is None:
                fail("请选择村")
            else:
                require_area(s, village.area_id)
                if (again := form_tokens.repeat(s)) is not None:
                    return again
                try:
                    matter = matters.create_matter(s, village, text_field("title", matters.MAX_TITLE, label="事项名称"),
                                                   request.form.get("keywords", ""), f"admin:{scope().username}")
                except (FormError, matters.MattersError) as error:
                    s.rollback()
                    fail(str(error))
                else:
                    audit.record(s, "matter.create", target_type="Matter", target_id=matter.id,
                                 area_id=matter.area_id, summary=f"登记{village.name}重大事项“{matter.title}”",
                                 after={"village": village.name, "title": matter.title, "keywords": matter.keywords})
                    number = matter.id
                    form_tokens.finish(s, url_for("admin.matter_detail", matter_id=number))
                    s.commit()
                    ok(f"已登记 {number} 号事项，请按顺序录入第一步“{MATTER_STEPS[0]}”。")
                    return redirect(url_for("admin.matter_detail", matter_id=number))
        rows = list(s.scalars(select(Matter).options(selectinload(Matter.steps), selectinload(Matter.village))
                              .where(scope().where_area(s, Matter.area_id))
                              .order_by(Matter.created_at.desc(), Matter.id.desc()).limit(PAGE)))
        status = 400 if request.method == "POST" else 200
        return render_template("admin/matters.html", matters=rows, villages=villages, form=form,
                               steps=MATTER_STEPS), status


@bp.route("/matters/<int:matter_id>", methods=["GET", "POST"])
def matter_detail(matter_id: int):
    """One matter: its steps; enter the next one (5 and 6 are pushed), or correct one."""
    with transaction() as s:
        matter = _matter(s, matter_id)
        status = 200
        if request.method == "POST":
            action = request.form.get("action", "")
            try:
                if action == "enter":
                    if (again := form_tokens.repeat(s)) is not None:
                        return again
                    message = _enter(s, matter)
                    form_tokens.finish(s, url_for("admin.matter_detail", matter_id=matter_id))
                elif action == "correct":
                    message = _correct(s, matter)
                else:
                    raise FormError("不认识的操作")
            except (FormError, matters.MattersError) as error:
                s.rollback()
                fail(str(error))
                matter = _matter(s, matter_id)
                status = 400
            else:
                s.commit()
                ok(message)
                return redirect(url_for("admin.matter_detail", matter_id=matter_id))
        pushes = {n: mass.receivers_of(s, f"matter:{matter.id}:step:{n}") for n in PUBLIC_STEPS}
        reached = matter.reached
        return render_template("admin/matter_detail.html", matter=matter, steps=MATTER_STEPS, reached=reached,
                               next_name=MATTER_STEPS[reached] if reached < len(MATTER_STEPS) else None,
                               pushes=pushes, public_steps=PUBLIC_STEPS,
                               reach=len(matters.recipients(s, matter)),
                               types=", ".join(matters.FILE_TYPES.values())), status


def _enter(s, matter: Matter) -> str:
    number = db_id(request.form.get("number", "")) or 0
    entered = matters.enter_step(s, matter, number, _day(), request.form.get("text", ""), _attachment(),
                                 by=f"admin:{scope().username}", tz=tz(),
                                 per_month=current_app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH))
    step = entered.step
    audit.record(s, "matter.step", target_type="Matter", target_id=matter.id, area_id=matter.area_id,
                 summary=f"“{matter.title}”录入第{step.number}步{step.name}"
                 + (f"，推送{entered.pushed}人" if step.publishes else ""),
                 after={"step": step.name, "day": step.day.isoformat(), "text": step.text, "file": step.file_name,
                        "pushes": entered.pushed})
    return f"已录入第{step.number}步“{step.name}”" + (f"，已推送给本村 {entered.pushed} 位村民。"
                                                   if step.publishes else "。")


def _correct(s, matter: Matter) -> str:
    number = db_id(request.form.get("number", "")) or 0
    before, after = matters.correct_step(s, matter, number, _day(), request.form.get("text", ""), _attachment(),
                                         remove_file=request.form.get("remove_file") == "1", tz=tz())
    audit.record(s, "matter.correct", target_type="Matter", target_id=matter.id, area_id=matter.area_id,
                 summary=f"更正“{matter.title}”第{number}步{MATTER_STEPS[number - 1]}", before=before, after=after)
    return f"已更正第{number}步，改动记在操作记录里（已推送的不再推送）。"


@bp.route("/matters/<int:matter_id>/steps/<int:number>/file")
def matter_file(matter_id: int, number: int):
    """A step's file, for the accounts whose scope holds the matter."""
    with transaction() as s:
        matter = _matter(s, matter_id)
        step = s.scalar(select(MatterStep).where(MatterStep.matter_id == matter.id, MatterStep.number == number))
        if step is None or step.file_data is None:
            abort(404)
        return _file_response(step)


def _file_response(step: MatterStep) -> Response:
    response = Response(step.file_data, mimetype=step.file_type)
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
