"""志愿活动: tasks in scope, create (pushed to the area's volunteers), edit, sign-ups, attendance, call off.

The rules are bot/volunteers/'s; this module only reads forms,
checks the scope and writes the audit log.
"""
from __future__ import annotations

from datetime import timedelta

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import func, select

from bot import volunteers
from bot.models import Area, Canteen, Village, utcnow
from bot.models.volunteers import SignUp, Task, VolunteerProfile

from .. import audit, drafts, form_tokens
from ..blueprint import bp
from ..bounds import db_id
from ..truth import item_pushes
from ..web import (FormError, confirmed_reason, fail, float_field, int_field, local_datetime, ok, require_area, scope,
                   text_field, transaction, tz)

SIGNUP_LABELS = {"confirmed": "已报名", "waiting": "候补", "cancelled": "已取消", "attended": "已到",
                 "absent": "没来"}


def _words(error: Exception) -> str:
    """A form's own complaint, or why a volunteer rule said no."""
    return volunteers.texts.refusal(error) if isinstance(error, volunteers.VolunteerError) else str(error)


def _load_task(s, number: int) -> Task:
    task = s.scalar(select(Task).where(Task.number == number))
    if task is None:
        abort(404)
    require_area(s, task.area_id)
    return task


def _canteens_in_scope(s) -> list[Canteen]:
    return list(s.scalars(select(Canteen).join(Village, Canteen.village_id == Village.id)
                          .where(scope().where_area(s, Village.area_id)).order_by(Canteen.code)))


@bp.route("/tasks")
def tasks():
    """Tasks of the areas in scope: coming ones first (all with ?all=1)."""
    show_all = request.args.get("all") == "1"
    with transaction() as s:
        query = select(Task).where(scope().where_area(s, Task.area_id))
        if not show_all:
            query = query.where(Task.starts_at > utcnow() - timedelta(days=7))
        rows = s.scalars(query.order_by(Task.starts_at.desc()).limit(200)).all()
        areas = {a.id: a.name for a in scope().areas(s)}
    return render_template("admin/tasks.html", tasks=rows, areas=areas, show_all=show_all)


def _form_context(s) -> dict:
    return {"areas": scope().areas(s), "canteens": _canteens_in_scope(s), "skills": volunteers.SKILLS,
            "chosen": request.form.getlist("skills")}


@bp.route("/tasks/new", methods=["GET", "POST"])
def task_new():
    """Create a task; it is pushed to the matching volunteers of its area at once."""
    draft = drafts.take() if request.method == "GET" else None  # typed before a login lapsed
    with transaction() as s:
        context = _form_context(s)
        if request.method == "GET":
            return render_template("admin/task_form.html", form=draft or {}, **context)
        done = form_tokens.claim(s)
        if done is not None:
            ok("这张表已经提交过了，没有再建一个。")
            return redirect(done)
        try:
            area = s.get(Area, int_field("area_id", 1, 10**9, "片区"))
            if area is None:
                raise FormError("请选择片区")
            require_area(s, area.id)
            starts_at = local_datetime("day", "start", "开始时间")
            hours = float_field("hours", 0.5, 24, "时长") or 2.0
            canteen_code = request.form.get("canteen") or None
            if canteen_code and canteen_code not in {c.code for c in context["canteens"]}:
                raise FormError("请从列表里选暖心食堂")
            task, offers = volunteers.create_task(
                s, title=text_field("title", 80, label="活动名称"), area_code=area.code, starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours), needed=int_field("needed", 1, 500, "人数"),
                place=text_field("place", 200, required=False), skills=request.form.getlist("skills"),
                canteen_code=canteen_code, risky=bool(request.form.get("risky")),
                insured=bool(request.form.get("insured")), tz=tz())
        except (FormError, volunteers.VolunteerError) as error:
            s.rollback()
            fail(_words(error))
            return render_template("admin/task_form.html", form=request.form, **context), 400
        audit.record(s, "task.create", target_type="Task", target_id=task.number, area_id=area.id,
                     summary=f"新建志愿活动 {task.number}号“{task.title}”，推送给{offers}位志愿者",
                     after={"title": task.title, "starts_at": task.starts_at, "needed": task.needed,
                            "place": task.place})
        number = task.number
        form_tokens.finish(s, url_for("admin.task_detail", number=number))
    ok(f"已新建 {number} 号活动，推送给 {offers} 位志愿者。")
    return redirect(url_for("admin.task_detail", number=number))


@bp.route("/tasks/<int:number>")
def task_detail(number: int):
    """A task with its sign-ups (names, masked phones, states) and the attendance form."""
    with transaction() as s:
        task = _load_task(s, number)
        signups = s.scalars(select(SignUp).where(SignUp.task_id == task.id)
                            .order_by(SignUp.state != "confirmed", SignUp.position, SignUp.id)).all()
        people = []
        for signup in signups:
            user = signup.volunteer.user
            people.append((signup, user.name or "（未留姓名）", user.village.name if user.village else "",
                           user.masked_phone))
        area_name = task.area.name
        pushes = [p for p in item_pushes(s, "task", task.number) if p.dead]
    started = task.starts_at <= utcnow()
    markable = any(signup.state in ("confirmed", "attended", "absent") for signup, *_ in people)
    return render_template("admin/task_detail.html", task=task, people=people, area_name=area_name,
                           labels=SIGNUP_LABELS, started=started, pushes=pushes, markable=markable)


@bp.route("/tasks/<int:number>/edit", methods=["GET", "POST"])
def task_edit(number: int):
    """Change the title, place or number of people (time: call off and create anew)."""
    with transaction() as s:
        task = _load_task(s, number)
        if request.method == "GET":
            return render_template("admin/task_edit.html", task=task)
        before = {"title": task.title, "place": task.place, "needed": task.needed}
        try:
            change = volunteers.edit_task(
                s, number, title=text_field("title", 80, label="活动名称"),
                place=text_field("place", 200, required=False), needed=int_field("needed", 1, 500, "人数"),
                tz=tz())
        except (FormError, volunteers.VolunteerError) as error:
            s.rollback()
            fail(_words(error))
            return render_template("admin/task_edit.html", task=task), 400
        if change.changed:
            audit.record(s, "task.edit", target_type="Task", target_id=number, area_id=task.area_id,
                         summary=f"修改 {number} 号活动：" + "、".join(change.changed)
                         + (f"；{len(change.promoted)}位候补转正" if change.promoted else ""),
                         before=before, after={k: v[1] for k, v in change.changed.items()})
    ok("已保存。" + (f"{len(change.promoted)}位候补转为正式报名。" if change.promoted else "")
       + (f"已通知{change.told_place}人新地点。" if change.told_place else ""))
    return redirect(url_for("admin.task_detail", number=number))


@bp.route("/tasks/<int:number>/attendance", methods=["POST"])
def task_attendance(number: int):
    """Record who came (and the hours credited), for all the task's volunteers in one submit:
    `signup_id` repeated, with `attended_<id>` and `hours_<id>` per sign-up (or, from a one-row
    form, plain `attended` and `hours`). All or nothing; each changed sign-up is audited."""
    back = url_for("admin.task_detail", number=number) + "#attendance"
    with transaction() as s:
        task = _load_task(s, number)
        ids = [db_id(raw) for raw in request.form.getlist("signup_id")]
        one = len(ids) == 1 and "attended" in request.form
        marked = 0
        try:
            if not ids:
                raise FormError("没有要记录的志愿者")
            for signup_id in ids:
                signup = s.get(SignUp, signup_id or 0)
                if signup is None or signup.task_id != task.id:
                    abort(404)
                user = s.get(VolunteerProfile, signup.volunteer_id).user
                before = {"state": signup.state, "hours": signup.hours_credited}
                attended = request.form.get("attended" if one else f"attended_{signup.id}") == "1"
                hours = float_field("hours" if one else f"hours_{signup.id}", 0, 24, f"{user.name or '志愿者'}的时长")
                volunteers.mark_attendance(s, number, user, attended, hours)
                after = {"state": signup.state, "hours": signup.hours_credited}
                if after != before:
                    marked += 1
                    audit.record(s, "task.attendance", target_type="SignUp", target_id=signup.id,
                                 area_id=task.area_id, before=before, after=after,
                                 summary=f"{number} 号活动：{user.name or '志愿者'} {'到了' if attended else '没来'}")
        except (FormError, volunteers.VolunteerError) as error:
            s.rollback()
            fail(_words(error))
            return redirect(back)
    ok(f"签到已记录（{marked}人有变化）。" if not one else "签到已记录。")
    return redirect(back)


@bp.route("/tasks/<int:number>/cancel", methods=["POST"])
def task_cancel(number: int):
    """Call the task off after a confirmation page (reason; the volunteers' words); everyone signed
    up or waiting is told."""
    reason = confirmed_reason()
    with transaction() as s:
        task = _load_task(s, number)
        if reason is None:
            if request.form.get("confirmed") == "1":
                fail("请写上原因再确认。")
            people = s.scalar(select(func.count()).select_from(SignUp).where(
                SignUp.task_id == task.id, SignUp.state.in_(("confirmed", "waiting")))) or 0
            return render_template("admin/confirm.html", heading=f"取消{number}号活动“{task.title}”",
                                   what=f"取消后，报名和候补的{people}位志愿者马上会收到下面这段话。",
                                   told=volunteers.texts.cancelled_task_text(task, tz())[0], told_who="志愿者",
                                   action=url_for("admin.task_cancel", number=number),
                                   back=url_for("admin.task_detail", number=number), button="确认取消活动")
        before = {"state": task.state}
        told = volunteers.cancel_task(s, number, tz=tz())
        audit.record(s, "task.cancel", target_type="Task", target_id=number, area_id=task.area_id,
                     summary=f"取消 {number} 号活动，通知{told}人。原因：{reason}", before=before,
                     after={"state": "cancelled", "reason": reason})
    ok(f"活动已取消，通知了 {told} 人。")
    return redirect(url_for("admin.task_detail", number=number))
