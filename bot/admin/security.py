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
from flask_wtf.csrf import CSRFError, CSRFProtect

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

csrf = CSRFProtect()


def configure_cookies(app: Flask) -> None:
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


def install_csrf(app: Flask) -> None:
    csrf.init_app(app)
    for endpoint in CSRF_EXEMPT_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None:
            csrf.exempt(view)

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        log.info("CSRF refused on %s %s: %s", request.method, request.path, error.description)
        return render_template("admin/error.html", title="表单已失效",
                               message="这个表单已经失效了，请返回上一页刷新后再提交。"), 400


def install_headers(app: Flask) -> None:
    @app.after_request
    def admin_headers(response: Response) -> Response:
        if request.path == "/admin" or request.path.startswith("/admin/"):
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
            if request.is_secure:
                response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            if not request.path.startswith("/admin/static/"):
                response.headers["Cache-Control"] = "no-store"
        return response
