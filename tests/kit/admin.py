"""Test kit for the admin page: cadre accounts, logging in through the real form, CSRF tokens.

    add_account(db, "county", "county")                       # password PASSWORD
    add_account(db, "daicun", "area", area_code="bz-daicun")
    login(client, "daicun")                                   # → the response after the redirect
    post(client, "/admin/tasks/new", {...})                   # with the page's CSRF token
    follow_import(client, response)                           # an import's page until it is done
    cadre = logged_in(app, "daicun")                          # a fresh client, logged in
    audit_entries(db, "need.close")                           # what the audit log holds of an action
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.admin.passwords import hash_password
from sqlalchemy import select

from bot.models import AdminAccount, Area, AuditEntry

PASSWORD = "correct-horse-battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@lru_cache(maxsize=4)
def _hash(password: str) -> str:
    return hash_password(password)  # scrypt once per password, not once per account


def add_account(db, username: str, scope_level: str, township: str = "", area_code: str = "",
                password: str = PASSWORD, active: bool = True) -> int:
    with db.session() as s:
        area_id = None
        if area_code:
            area_id = s.query(Area.id).filter(Area.code == area_code).scalar()
            assert area_id is not None, area_code
        account = AdminAccount(username=username, display_name=username, password_hash=_hash(password),
                               scope_level=scope_level, township=township, area_id=area_id, active=active)
        s.add(account)
        s.flush()
        return account.id


def csrf_token(client, path: str = "/admin/login") -> str:
    page = client.get(path)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD, follow: bool = False):
    token = csrf_token(client)
    return client.post("/admin/login", data={"csrf_token": token, "username": username, "password": password},
                       follow_redirects=follow)


def post(client, path: str, data: dict | None = None, token_from: str = "/admin/", **kwargs):
    """POST a form as the browser would: with the CSRF token of a page of the same session."""
    form = {"csrf_token": csrf_token(client, token_from), **(data or {})}
    return client.post(path, data=form, **kwargs)


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("pq_admin", path="/admin")
    return cookie.value if cookie else None


def follow_import(client, response, max_pages: int = 200):
    """After an import upload (303 to its page): load the page, as the browser's refresh does,
    until the import is done; returns the last page."""
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    for _ in range(max_pages):
        page = client.get(location)
        if 'http-equiv="refresh"' not in page.get_data(as_text=True):
            return page
    raise AssertionError(f"import at {location} not done after {max_pages} pages")


def logged_in(app, username: str):
    """A test client of `app`, logged in as `username` (password PASSWORD)."""
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def audit_entries(db, action: str) -> list[AuditEntry]:
    """The audit log's entries of one action, oldest first."""
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))
