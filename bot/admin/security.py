"""Browser-side protection for /admin: cookie flags, CSRF on every form, response headers.

- Session cookie: `Secure` (ADMIN_COOKIE_SECURE; off only for local http dev), `HttpOnly`,
  `SameSite=Lax`, path /admin, lifetime = the absolute timeout (Flask's default is 31 days).
- CSRF: Flask-WTF's CSRFProtect checks every POST in the app, except the WeChat webhook
  (WeChat cannot send a token; its requests are signed instead).
- Headers on every /admin response: a CSP that allows no script at all, frames denied,
  no MIME sniffing, referrer kept to our own origin (Flask-WTF compares it on HTTPS), no caching.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, Response, render_template, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import drafts

log = logging.getLogger(__name__)

CSRF_EXEMPT_ENDPOINTS = ("wechat",)
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
DEFAULT_SECRET = "dev-secret-key-change-me"

# The app caps request bodies at MAX_BODY_BYTES (for the webhook); uploads may be larger.
UPLOAD_LIMITS = {"admin.imports": 2 * 1024 * 1024,
                 "admin.matter_detail": 2 * 1024 * 1024 + 64 * 1024}  # a step's file (bot/matters) and the form

csrf = CSRFProtect()


class Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, but a request without the cookie (every webhook message:
    the cookie's path is /admin) gets its empty session without the signing serializer being
    built first; Flask's own answer in that case is the same empty session."""

    def open_session(self, app: Flask, request) -> SecureCookieSession | None:
        if app.secret_key and ("HTTP_COOKIE" not in request.environ
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)


def configure_cookies(app: Flask) -> None:
    app.session_interface = Sessions()
    app.config.update(
        SESSION_COOKIE_NAME="pq_admin",
        SESSION_COOKIE_SECURE=bool(app.config["ADMIN_COOKIE_SECURE"]),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/admin",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config["ADMIN_ABSOLUTE_HOURS"]),
    )
    if app.config.get("SECRET_KEY") == DEFAULT_SECRET and not app.config.get("TESTING"):
        log.warning("SECRET_KEY is the development default: set SECRET_KEY before exposing /admin")


def install_upload_limits(app: Flask) -> None:
    """Registered before CSRFProtect, whose check parses the form (and so the body) first."""

    @app.before_request
    def upload_limit():
        if request.endpoint in UPLOAD_LIMITS:
            request.max_content_length = UPLOAD_LIMITS[request.endpoint]


def install_csrf(app: Flask) -> None:
    csrf.init_app(app)
    for endpoint in CSRF_EXEMPT_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None:
            csrf.exempt(view)

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        log.info("CSRF refused on %s %s: %s", request.method, request.path, error.description)
        if _is_admin_path() and request.method == "POST" and (page := drafts.save()):
            return render_template("admin/error.html", title="表单已失效",
                                   message="这个表单放得太久失效了，没有提交。您填写的内容已经保存：",
                                   back=page, back_words="回到表单（内容已填回或显示在上面），检查后再提交"), 400
        return render_template("admin/error.html", title="表单已失效",
                               message="这个表单已经失效了，请返回上一页刷新后再提交。"), 400


ERROR_PAGES = {
    400: ("请求不对", "这个请求没法处理，请返回上一页再试。"),
    403: ("没有权限", "这一页不在您的管理范围内。"),
    404: ("找不到", "没有这一页或这条记录。"),
    405: ("请求不对", "这个地址不能这样打开。"),
    413: ("文件太大", "上传的内容太大了。"),
    500: ("出错了", "系统出了点问题，请稍后再试；一直不行请联系管理员。"),
}


def _is_admin_path() -> bool:
    return request.path == "/admin" or request.path.startswith("/admin/")


def install_error_pages(app: Flask) -> None:
    """Errors under /admin read as Chinese pages (with the same headers); elsewhere unchanged."""

    def handler(error: HTTPException):
        if not _is_admin_path():
            return error
        title, message = ERROR_PAGES.get(error.code, ("出错了", error.description or ""))
        return render_template("admin/error.html", title=title, message=message), error.code

    for code in ERROR_PAGES:
        if code != 500:
            app.register_error_handler(code, handler)


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their headers, so
    the login throttle counts per client (not per proxy) and HTTPS is recognised."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def install_headers(app: Flask) -> None:
    @app.after_request
    def admin_headers(response: Response) -> Response:
        if _is_admin_path():
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
            if request.is_secure:
                response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            if not request.path.startswith("/admin/static/"):
                response.headers["Cache-Control"] = "no-store"
        return response
