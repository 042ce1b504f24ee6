"""管理账号 (county accounts only): cadre accounts with their scope; create, switch off and on.

The same rules as `flask admin create-user` (bot/admin/accounts.py). Switching an account off
ends its sessions at once.
"""
from __future__ import annotations

import secrets

from flask import abort, make_response, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.models import AdminAccount, Area
from bot.models.admin import SCOPE_LABELS

from .. import accounts, audit, form_tokens
from ..blueprint import bp
from ..web import confirmed_reason, county_only, fail, ok, scope, transaction


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
            if (again := form_tokens.repeat(s)) is not None:
                return again
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
            form_tokens.finish(s, url_for("admin.accounts_page"))
            ok(f"已新建账号 {account.username}。")
            return redirect(url_for("admin.accounts_page"))
        return render_template("admin/accounts.html", **_context(s))


@bp.route("/accounts/<int:account_id>/active", methods=["POST"])
@county_only
def account_active(account_id: int):
    """Switch an account off (its sessions end) or on again."""
    active = request.form.get("active") == "1"
    reason = confirmed_reason()
    with transaction() as s:
        account = s.get(AdminAccount, account_id)
        if account is None:
            abort(404)
        if account.id == scope().account_id and not active:
            fail("不能停用自己的账号。")
            return redirect(url_for("admin.accounts_page"))
        if not active and reason is None:  # switching off asks first, with a reason
            if request.form.get("confirmed") == "1":
                fail("请写上原因再确认。")
            return render_template("admin/confirm.html", heading=f"停用管理账号 {account.username}",
                                   what=f"停用后 {account.display_name or account.username}（{account.scope_words}）"
                                        "马上退出，不能再登录，直到有人重新启用。", hidden={"active": "0"},
                                   action=url_for("admin.account_active", account_id=account.id),
                                   back=url_for("admin.accounts_page"), button="确认停用")
        before = {"active": account.active}
        accounts.set_active(s, account, active)
        audit.record(s, "account.active", target_type="AdminAccount", target_id=account.id, area_id=account.area_id,
                     summary=f"{'启用' if active else '停用'}管理账号 {account.username}"
                     + (f"。原因：{reason}" if reason else ""),
                     before=before, after={"active": active, **({"reason": reason} if reason else {})})
    ok("已保存。")
    return redirect(url_for("admin.accounts_page"))


def _new_password() -> str:
    """Easy to read out over the phone: three groups of letters and digits without 0/O, 1/l."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


@bp.route("/accounts/<int:account_id>/reset", methods=["POST"])
@county_only
def account_reset(account_id: int):
    """A county admin resets a colleague's password: asked with a reason, audited, every session of
    that account ends, and the new password is shown once (never stored in words, never logged)."""
    reason = confirmed_reason()
    with transaction() as s:
        account = s.get(AdminAccount, account_id)
        if account is None:
            abort(404)
        if account.id == scope().account_id:
            fail("自己的密码请用右上角的“改密码”。")
            return redirect(url_for("admin.accounts_page"))
        if reason is None:
            if request.form.get("confirmed") == "1":
                fail("请写上原因再确认。")
            return render_template("admin/confirm.html", heading=f"重设 {account.username} 的密码",
                                   what="会生成一个新密码，只显示这一次；这个账号马上退出，要用新密码重新登录。"
                                        "请当面或打电话告诉本人，并让他登录后改成自己的密码。",
                                   action=url_for("admin.account_reset", account_id=account.id),
                                   back=url_for("admin.accounts_page"), button="确认重设密码")
        password = _new_password()
        ended = accounts.set_password(s, account, password)
        audit.record(s, "account.reset", target_type="AdminAccount", target_id=account.id, area_id=account.area_id,
                     summary=f"重设管理账号 {account.username} 的密码（结束了{ended}个登录）。原因：{reason}",
                     after={"reason": reason})
        username = account.username
    response = make_response(render_template("admin/password_shown.html", username=username, password=password))
    response.headers["Cache-Control"] = "no-store"
    return response
