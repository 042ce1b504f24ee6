"""操作记录: the audit log. County accounts see everything; others their areas' entries and their own."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import or_, select

from bot.models import AuditEntry

from ..blueprint import bp
from ..web import scope, transaction

PAGE = 100


@bp.route("/audit")
def audit():
    """The newest changes first, 100 a page (?before=<id> for older ones)."""
    before = request.args.get("before", "")
    with transaction() as s:
        query = select(AuditEntry)
        if not scope().is_county:
            query = query.where(or_(scope().where_area(s, AuditEntry.area_id),
                                    AuditEntry.account_id == scope().account_id))
        if before.isdigit():
            query = query.where(AuditEntry.id < int(before))
        rows = s.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE)).all()
    older = rows[-1].id if len(rows) == PAGE else None
    return render_template("admin/audit.html", rows=rows, older=older)
