"""代亲属办: family members villagers added to act for, in the areas in scope; confirming them.

Staff check with the villager (by phone or in person) and press 确认 (the villager is told), or
read them the member's code, which the villager sends in chat (“亲属码 …”). Audited.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import family
from bot.models import FamilyMember

from .. import audit
from ..blueprint import bp
from ..web import ok, row_in_scope, scope, transaction

PAGE = 300


@bp.route("/family", endpoint="family")
def family_page():
    """Family members in scope, those waiting for confirmation first."""
    with transaction() as s:
        rows = list(s.scalars(select(FamilyMember).options(selectinload(FamilyMember.owner),
                                                           selectinload(FamilyMember.village))
                              .where(scope().where_area(s, FamilyMember.area_id))
                              .order_by(FamilyMember.state.desc(), FamilyMember.created_at.desc()).limit(PAGE)))
        return render_template("admin/family.html", members=rows, states=family.texts.STATES)


@bp.route("/family/<int:member_id>/confirm", methods=["POST"])
def family_confirm(member_id: int):
    """Confirm one family member; the villager who added them is told."""
    with transaction() as s:
        member = row_in_scope(s, FamilyMember, member_id)
        if family.confirm_member(s, member, f"admin:{scope().username}"):
            audit.record(s, "family.confirm", target_type="FamilyMember", target_id=member.id, area_id=member.area_id,
                         summary=f"确认{member.owner.name or '群众'}的{member.label}（{member.village.name}）",
                         before={"state": "pending"}, after={"state": "confirmed"})
            ok(f"已确认{member.label}，群众会收到通知。")
        else:
            ok("之前已经确认过了。")
    return redirect(url_for("admin.family") + ("?" + request.query_string.decode() if request.query_string else ""))
