"""Who is asking: the login gate on every admin URL, login (throttled), logout, own password.

Every request under /admin except the login page and static files must carry a live server-side
session (bot/admin/sessions.py); otherwise it is sent to the login page. Login clears the old
cookie session and starts a new one (ASVS 7.2.4); logout revokes the server-side row.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, g, redirect, render_template, request, session as cookie, url_for

from bot.models import AdminAccount, utcnow

from . import accounts, audit, drafts, passwords, sessions, throttle
from .blueprint import PUBLIC_ENDPOINTS, bp
from .scope import Scope
from .web import fail, ok, transaction

log = logging.getLogger(__name__)


def _timeouts() -> sessions.Timeouts:
    return sessions.Timeouts.from_config(current_app.config)


def _safe_next(target: str | None) -> str:
    """Only a path inside /admin (no scheme, no host, no //) may be a redirect target."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/admin/") \
                and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("admin.today")


def _to_login(message: str | None = None):
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    if request.method == "POST" and request.endpoint != "admin.logout" and (page := drafts.save()):
        target = page
        message = (message or "登录已失效，请重新登录。") + "您刚才填写的内容已经保存，登录后会回到那一页。"
    if message:
        fail(message)
    return redirect(url_for("admin.login", next=target) if target else url_for("admin.login"))


@bp.before_request
def require_login():
    """Deny by default: no live session, no admin page."""
    g.scope = None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    token = cookie.get("sid")
    if not token:
        return _to_login()
    with transaction() as s:
        row = sessions.resume(s, token, utcnow(), _timeouts())
        if row is not None:
            g.scope = Scope.of(row.account)
    if g.scope is None:
        draft = drafts.carry()
        cookie.clear()
        if draft:
            cookie[drafts.COOKIE_KEY] = draft
        return _to_login("登录已失效（太久没操作或已退出），请重新登录。")
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with user name and password; a new session each time."""
    if request.method == "GET":
        return render_template("admin/login.html", next=request.args.get("next", ""))
    username = accounts.normalise_username(request.form.get("username", ""))[:40]
    password = request.form.get("password", "")
    ip = request.remote_addr or ""
    now = utcnow()
    limits = throttle.Limits.from_config(current_app.config)
    with transaction() as s:  # committed before the password check: other workers see it
        allowed = throttle.reserve(s, username, ip, limits, now)
    if not allowed:
        log.warning("admin login throttled for %r from %s", username, ip)
        minutes = current_app.config["ADMIN_LOGIN_WINDOW_MINUTES"]
        fail(f"登录失败次数太多，请{minutes}分钟后再试。")
        return render_template("admin/login.html", next=request.form.get("next", "")), 429
    with transaction() as s:
        account = accounts.find_account(s, username) if username else None
        good = passwords.verify(account.password_hash if account else None, password)
        if not (good and account is not None and account.active):
            audit.record(s, "login.failed", target_type="AdminAccount", target_id=username,
                         username=username or "?", account_id=account.id if account else None,
                         summary="用户名或密码不对" if not good else "账号已停用")
            fail("用户名或密码不对，或账号已停用。")
            return render_template("admin/login.html", next=request.form.get("next", "")), 401
        throttle.succeeded(s, username, ip, now, limits)
        if old := cookie.get("sid"):
            sessions.revoke(s, old, now)
        draft = drafts.carry()  # words typed before the login lapsed: kept, nothing else
        cookie.clear()  # a new session: nothing from before the login survives (ASVS 7.2.4)
        token = sessions.start(s, account, now, _timeouts(), ip, request.user_agent.string or "")
        account.last_login_at = now
        audit.record(s, "login", target_type="AdminAccount", target_id=account.id,
                     username=account.username, account_id=account.id, area_id=account.area_id)
    cookie["sid"] = token
    if draft:
        cookie[drafts.COOKIE_KEY] = draft
    cookie.permanent = True
    return redirect(_safe_next(drafts.page_of(draft) or request.form.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    """End the session here and on the server: the cookie is worthless afterwards."""
    token = cookie.get("sid", "")
    with transaction() as s:
        sessions.revoke(s, token, utcnow())
        audit.record(s, "logout", target_type="AdminAccount", target_id=g.scope.account_id)
    cookie.clear()
    ok("已退出登录。")
    return redirect(url_for("admin.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Change one's own password; the account's other sessions end."""
    if request.method == "POST":
        with transaction() as s:
            account = s.get(AdminAccount, g.scope.account_id)
            if not passwords.verify(account.password_hash, request.form.get("current", "")):
                fail("原密码不对。")
                return render_template("admin/password.html"), 400
            new = request.form.get("new", "")
            if new != request.form.get("repeat", ""):
                fail("两次输入的新密码不一样。")
                return render_template("admin/password.html"), 400
            try:
                ended = accounts.set_password(s, account, new, keep_token=cookie.get("sid"))
            except passwords.PasswordRejected as error:
                fail(str(error))
                return render_template("admin/password.html"), 400
            audit.record(s, "account.password", target_type="AdminAccount", target_id=account.id,
                         summary=f"修改了自己的密码，结束了其他{ended}个登录")
        ok("密码已修改，其他设备上的登录已退出。")
        return redirect(url_for("admin.today"))
    return render_template("admin/password.html")


def session_lifetime() -> timedelta:
    return _timeouts().absolute
