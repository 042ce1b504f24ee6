"""村务公告: the notices of the areas in scope, and publishing one to an area or one village of it.

The rules are bot/affairs/'s (`publish_notice`: recorded once by its dedupe key, so a form
sent twice finds the first notice and pushes nobody again; each subscribed villager of the
area or village is pushed once); the words are bot/affairs/texts.py's. This module reads
forms, checks the scope, shows the push before it goes, and writes the audit log.
"""
from __future__ import annotations

from datetime import datetime

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from bot import affairs
from bot.affairs import texts
from bot.models import Area, Village, utcnow
from bot.models.affairs import EVENT_KINDS, NOTICE_KINDS, Notice

from .. import audit, drafts, form_tokens, who
from ..blueprint import bp
from ..bounds import db_id
from ..web import FormError, fail, local_datetime, ok, require_area, row_in_scope, scope, text_field, transaction, tz

PAGE = 100


def _targets(s) -> list[tuple[str, str]]:
    """Where a notice may go: each area in scope, then each of its villages."""
    out = []
    for area in scope().areas(s):
        out.append((f"area:{area.id}", f"{area.name}（整个片区）"))
        for village in sorted(area.villages, key=lambda v: v.name):
            out.append((f"village:{village.id}", f"　{village.name}（{area.name}）"))
    return out


def _target(s) -> tuple[Area, Village | None]:
    kind, _, number = (request.form.get("target") or "").partition(":")
    number = db_id(number)
    if number is None or kind not in ("area", "village"):
        raise FormError("请选择发给哪个片区或村")
    village = s.get(Village, number) if kind == "village" else None
    area = village.area if village is not None else s.get(Area, number) if kind == "area" else None
    if area is None:
        raise FormError("请选择发给哪个片区或村")
    require_area(s, area.id)
    return area, village


def _event_at() -> datetime | None:
    if not (request.form.get("day") or "").strip() and not (request.form.get("time") or "").strip():
        return None
    return local_datetime("day", "time", "开会时间")


def _read_form(s) -> dict:
    """The form as publish_notice's arguments (with the rows), checked by affairs.check_notice."""
    area, village = _target(s)
    kind = request.form.get("kind", "")
    if kind not in NOTICE_KINDS:
        raise FormError("请选择类别")
    event_at = _event_at()
    if kind in EVENT_KINDS and event_at is None:
        raise FormError(f"{kind}要写开会的日期和时间")
    values = {"kind": kind, "title": text_field("title", affairs.MAX_TITLE, label="标题"),
              "body": (request.form.get("body") or "").replace("\r\n", "\n").strip(),
              "event_at": event_at, "place": text_field("place", 200, required=False, label="地点")}
    affairs.check_notice(values["kind"], values["title"], values["body"], event_at)
    return {"area": area, "village": village, **values}


def _preview(s, values: dict) -> tuple[str, int]:
    """The push as villagers will read it, and how many would get it now (nothing is saved)."""
    area, village = values["area"], values["village"]
    draft = Notice(kind=values["kind"], title=values["title"], body=values["body"], area_id=area.id,
                   village_id=village.id if village else None, event_at=values["event_at"],
                   place=values["place"], published_at=utcnow())
    draft.area, draft.village = area, village  # read by the texts; no backref, so never added
    text, _ = texts.push_text(draft, tz())
    # A long body ends "看全文请回复“村务 <number>”": the number exists once it is published.
    return text.replace("村务 None", "村务 〔公告编号〕"), len(affairs.recipients(s, draft))


@bp.route("/notices")
def notices():
    """Notices of the areas in scope, newest first, with how many villagers each was pushed to."""
    with transaction() as s:
        rows = list(s.scalars(select(Notice).where(scope().where_area(s, Notice.area_id))
                              .order_by(Notice.published_at.desc(), Notice.id.desc()).limit(PAGE)))
        pushes = affairs.push_counts(s, [n.id for n in rows])
        names = {n.id: (n.area.name, n.village.name if n.village else "") for n in rows}
    return render_template("admin/notices.html", notices=rows, pushes=pushes, names=names)


@bp.route("/notices/new", methods=["GET", "POST"])
def notice_new():
    """Write a notice, see the push as villagers read it, then publish (pushed at once)."""
    draft = drafts.take() if request.method == "GET" else None  # typed before a login lapsed
    with transaction() as s:
        context = {"targets": _targets(s), "kinds": NOTICE_KINDS, "event_kinds": EVENT_KINDS}
        if request.method == "GET":
            return render_template("admin/notice_form.html", form=draft or {}, preview=None, **context)
        try:
            values = _read_form(s)
        except FormError as error:
            fail(str(error))
            return render_template("admin/notice_form.html", form=request.form, preview=None, **context), 400
        except affairs.AffairsError as error:
            fail(affairs.texts.refusal(error))
            return render_template("admin/notice_form.html", form=request.form, preview=None, **context), 400
        if request.form.get("action") != "publish":
            text, reach = _preview(s, values)
            return render_template("admin/notice_form.html", form=request.form, preview=text, reach=reach, **context)
        if (again := form_tokens.repeat(s)) is not None:
            return again
        area, village = values.pop("area"), values.pop("village")
        try:
            result = affairs.publish_notice(s, area_code=area.code, village=village.name if village else None,
                                            published_by=f"admin:{scope().username}", tz=tz(), **values)
        except affairs.AffairsError as error:
            s.rollback()
            fail(affairs.texts.refusal(error))
            return render_template("admin/notice_form.html", form=request.form, preview=None, **context), 400
        notice = result.notice
        if result.created or result.enqueued:
            where = village.name if village else area.name
            audit.record(s, "notice.publish", target_type="Notice", target_id=notice.id, area_id=area.id,
                         summary=(f"发布{notice.kind}“{notice.title}”给{where}" if result.created
                                  else f"再次发布{notice.id}号公告（补推）") + f"，推送{result.enqueued}人",
                         after={"kind": notice.kind, "title": notice.title, "where": where,
                                "event_at": notice.event_at, "place": notice.place, "pushes": result.enqueued})
        number = notice.id
        form_tokens.finish(s, url_for("admin.notice_detail", notice_id=number))
    if result.created:
        ok(f"已发布 {number} 号公告，推送给 {result.enqueued} 位村民。")
    else:
        ok(f"这条公告之前已经发布过（{number}号），没有重复推送"
           + (f"；新关注的 {result.enqueued} 位村民补推了。" if result.enqueued else "。"))
    return redirect(url_for("admin.notice_detail", notice_id=number))


@bp.route("/notices/<int:notice_id>")
def notice_detail(notice_id: int):
    """One notice: its full text, the push villagers got, and how many got it."""
    with transaction() as s:
        notice = row_in_scope(s, Notice, notice_id)
        push, _ = texts.push_text(notice, tz())
        full = texts.full_text(notice, tz())
        pushes = affairs.push_counts(s, [notice.id])[notice.id]
        where = notice.village.name if notice.village else notice.area.name
        publisher = who.plain(s, notice.published_by)
    return render_template("admin/notice_detail.html", notice=notice, push=push, full=full, pushes=pushes,
                           where=where, publisher=publisher)
