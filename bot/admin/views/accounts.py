"""管理账号 (county accounts only): cadre accounts with their scope; create, switch off and on.

The same rules as `flask admin create-user` (bot/admin/accounts.py). Switching an account off
ends its sessions at once.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.models import AdminAccount, Area
from bot.models.admin import SCOPE_LABELS

from .. import accounts, audit
from ..blueprint import bp
from ..web import county_only, fail, ok, scope, transaction


def _context(s) -> dict:
    return {"accounts": s.scalars(select(AdminAccount).order_by(AdminAccount.username)).all(),
            "areas": s.scalars(select(Area).order_by(Area.township, Area.code)).all(),
            "townships": sorted({t for t in s.scalars(select(Area.township)) if t}),
            "levels": SCOPE_LABELS}


@bp.route("/accounts", methods=["GET", "POST"])
@county_only
def accounts_page():
    """List the accounts; the form makes a new one."""
    with transaction() as s:
        if request.method == "POST":
            try:
                account = accounts.create_account(
                    s, request.form.get("username", ""), request.form.get("password", ""),
                    request.form.get("scope_level", ""), township=request.form.get("township", ""),
                    area_code=request.form.get("area_code", ""), display_name=request.form.get("display_name", ""))
            except accounts.AccountError as error:
                s.rollback()
                fail(str(error))
                return render_template("admin/accounts.html", **_context(s)), 400
            audit.record(s, "account.create", target_type="AdminAccount", target_id=account.id,
                         area_id=account.area_id, summary=f"新建管理账号 {account.username}（{account.scope_words}）",
                         after={"username": account.username, "scope_level": account.scope_level,
                                "township": account.township, "area_id": account.area_id})
            ok(f"已新建账号 {account.username}。")
            return redirect(url_for("admin.accounts_page"))
        return render_template("admin/accounts.html", **_context(s))


@bp.route("/accounts/<int:account_id>/active", methods=["POST"])
@county_only
def account_active(account_id: int):
    """Switch an account off (its sessions end) or on again."""
    active = request.form.get("active") == "1"
    with transaction() as s:
        account = s.get(AdminAccount, account_id)
        if account is None:
            abort(404)
        if account.id == scope().account_id and not active:
            fail("不能停用自己的账号。")
            return redirect(url_for("admin.accounts_page"))
        before = {"active": account.active}
        accounts.set_active(s, account, active)
        audit.record(s, "account.active", target_type="AdminAccount", target_id=account.id, area_id=account.area_id,
                     summary=f"{'启用' if active else '停用'}管理账号 {account.username}",
                     before=before, after={"active": active})
    ok("已保存。")
    return redirect(url_for("admin.accounts_page"))
