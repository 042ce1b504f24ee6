"""The cadres' admin page at /admin: server-rendered (Jinja), no script, no asset from the internet.

    from bot import admin
    admin.init_app(app)        # called by create_app after the webhook

Layout: blueprint.py (the Blueprint), auth.py (login gate, login/logout), sessions.py,
throttle.py, passwords.py, scope.py (what an account may see), audit.py, security.py (cookies,
CSRF, headers), boards.py (navigation), views/ (one module per board),
figures.py and charts.py (dashboard), import_*.py, area_import.py and people_import.py (CSV and
.xlsx imports in steps), cli.py (`flask admin …`).
"""
from __future__ import annotations

import json

from flask import Flask

from . import bounds, form_tokens, security
from .blueprint import bp
from .web import local


def _register_views() -> None:
    """Import the modules that register on `bp` when imported: the navigation's context processor
    (boards), the login gate (auth) and one view module per board.

    Imported here, not at the top: the views import this package's pieces (bp, scope, web)."""
    from . import auth, boards  # noqa: F401
    from .views import (accountability, accounts, audit_log, benefits, dashboard, errands, family,  # noqa: F401
                        guides, imports, inbox, matters, mediation, need_groups, needs, notices, outbox,
                        people, safety, suggestions, tasks, theme_tools, themes, today, unheard)
    from .views import mediation_list  # noqa: F401


def init_app(app: Flask) -> None:
    security.configure_cookies(app)
    security.install_upload_limits(app)
    security.install_csrf(app)
    security.install_headers(app)
    security.install_error_pages(app)
    security.trust_proxies(app)
    bounds.install(app)
    _register_views()
    app.register_blueprint(bp)
    app.add_template_filter(local, "local")
    app.add_template_global(form_tokens.new_token, "form_token")
    app.add_template_filter(lambda value: json.dumps(value, ensure_ascii=False, default=str), "plainjson")
