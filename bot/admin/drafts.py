"""What a cadre typed survives an expired login or an expired form: a draft, kept a day.

When a form is posted after the login lapsed (idle) or after its CSRF token expired, the typed
fields are saved (a SharedValue row; its id in the browser's own cookie) and the cadre is sent,
after logging in again, back to the page of the form; `take()` there gives the fields back to
fill the form in (create forms), and base.html shows any other draft to copy from.

Only a post that carries this browser's cookie is kept: a cross-site post (SameSite=Lax sends no
cookie with it) cannot plant words in someone's form. Passwords are never kept.
"""
from __future__ import annotations

import json
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, request, session as cookie
from sqlalchemy import delete

from bot import clock
from bot.db import get_db
from bot.models import SharedValue

KEEP = timedelta(days=1)
SKIP = {"csrf_token", "password", "current", "new", "repeat", "confirmed", "seen"}
MAX_CHARS = 5000
COOKIE_KEY = "draft"
LABELS = {"text": "内容", "note": "说明", "title": "标题", "body": "正文", "place": "地点", "name": "姓名",
          "reason": "原因", "activities": "活动", "description": "说明", "outcome": "结果"}


def _key(draft_id: str) -> str:
    return f"admin-draft:{draft_id}"


def form_page() -> str:
    """The page the form was on: where it came from (same site, /admin), else the posted path."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/admin/") and referrer.path != "/admin/login":
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return request.path


def save() -> str | None:
    """Keep the posted fields; the page to return to, or None when there was nothing to keep."""
    if not request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]):
        return None
    fields = {k: v[:MAX_CHARS] for k, v in request.form.items() if k not in SKIP and v.strip()}
    if not any(k != "form_token" for k in fields):
        return None
    page = form_page()
    draft_id = secrets.token_urlsafe(16)
    with get_db().session() as s:
        s.add(SharedValue(key=_key(draft_id), value=json.dumps({"page": page, "fields": fields}, ensure_ascii=False),
                          expires_at=clock.now() + KEEP))
    cookie[COOKIE_KEY] = draft_id
    return page


def carry() -> str | None:
    """The draft id to keep across the login's fresh cookie session."""
    return cookie.get(COOKIE_KEY)


def page_of(draft_id: str | None) -> str | None:
    """The page a kept draft belongs to (login goes back there), or None."""
    if not draft_id:
        return None
    with get_db().session() as s:
        row = s.get(SharedValue, _key(draft_id))
        if row is None or (row.expires_at is not None and row.expires_at <= clock.now()):
            return None
        return json.loads(row.value)["page"]


def take() -> dict[str, str] | None:
    """The fields saved for this page, once (the draft is gone after)."""
    draft_id = cookie.get(COOKIE_KEY)
    if not draft_id:
        return None
    with get_db().session() as s:
        row = s.get(SharedValue, _key(draft_id))
        if row is None or (row.expires_at is not None and row.expires_at <= clock.now()):
            cookie.pop(COOKIE_KEY, None)
            return None
        data = json.loads(row.value)
        here = request.full_path.rstrip("?")
        if data["page"] not in (request.path, here):
            return None
        s.execute(delete(SharedValue).where(SharedValue.key == row.key))
    cookie.pop(COOKIE_KEY, None)
    return data["fields"]
