"""Issue 12, finding 9: out-of-range numbers on every board answer 404 or a form error, never 500.

25-digit ids on every detail URL and POST form, page=9…9, before=9…9, week=9999-12-31 /
0001-01-01, a task on 9999-12-31 23:00 for 24 hours: the attack run got tracebacks."""
from __future__ import annotations

import re

import pytest

from tests.kit.admin import csrf_token, logged_in

HUGE = "9" * 25
FORM_FIELDS = ("user_id", "member", "rep", "area", "area_id", "ids", "room", "slot", "village", "group",
               "hours", "needed", "capacity", "number", "days", "role")


@pytest.fixture
def county(app, world):
    return logged_in(app, "county1"), world


def _admin_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin") and rule.arguments and "static" not in rule.endpoint:
            yield rule


def _url(rule, huge: str) -> str:
    return re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", lambda m: huge if "int:" in m.group(0) or m.group(1).endswith("id")
                  or m.group(1) == "number" else "x", rule.rule)


def _answer(client, method: str, url: str, **kwargs) -> int:
    try:
        return getattr(client, method)(url, **kwargs).status_code
    except Exception as exc:  # the test client re-raises what the app did not handle
        return f"{type(exc).__name__}: {exc}"


def test_huge_ids_on_every_detail_url_and_form(app, county):
    client, _ = county
    token = csrf_token(client, "/admin/")
    bad = []
    for rule in _admin_rules(app):
        url = _url(rule, HUGE)
        if "GET" in rule.methods:
            status = _answer(client, "get", url)
            if status not in (404, 400, 403, 302, 303):
                bad.append(("GET", url, status))
        if "POST" in rule.methods:
            form = {"csrf_token": token, **{name: HUGE for name in FORM_FIELDS}}
            status = _answer(client, "post", url, data=form)
            if not isinstance(status, int) or status >= 500:
                bad.append(("POST", url, status))
    assert not bad, bad


def test_huge_ids_in_forms_of_real_rows(app, county):
    client, world = county
    ids = world.ids["A"]
    token = csrf_token(client, "/admin/")
    form = {"csrf_token": token, **{name: HUGE for name in FORM_FIELDS}}
    bad = []
    for path in (f"/admin/errands/{ids['errand']}/reassign", f"/admin/needs/{ids['need']}/assign",
                 f"/admin/users/{ids['member']}/roles/{ids['role']}/remove", "/admin/outbox/retry",
                 "/admin/invites", f"/admin/needs/{ids['need']}/field", "/admin/notices/new"):
        status = _answer(client, "post", path, data=form)
        if not isinstance(status, int) or status >= 500:
            bad.append((path, status))
    assert not bad, bad


@pytest.mark.parametrize("query", [f"page={HUGE}", f"before={HUGE}", "page=99999999999", "before=99999999999"])
def test_huge_page_and_before_on_every_list(app, county, query):
    client, _ = county
    bad = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin") and not rule.arguments and "GET" in rule.methods \
                and rule.endpoint not in ("admin.logout",):
            status = _answer(client, "get", f"{rule.rule}?{query}")
            if not isinstance(status, int) or status >= 500:
                bad.append((rule.rule, status))
    assert not bad, bad


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "9999-12-27"])
def test_a_calendar_week_at_the_ends_of_time(county, week):
    client, world = county
    status = _answer(client, "get", f"/admin/mediation/rooms/{world.ids['A']['room']}?week={week}")
    assert status in (200, 400, 404), status


def test_a_task_at_the_end_of_time_is_a_form_error(county):
    client, world = county
    token = csrf_token(client, "/admin/tasks/new")
    form = {"csrf_token": token, "area_id": str(world.ids["A"]["area"]), "title": "扫雪", "day": "9999-12-31",
            "start": "23:00", "hours": "24", "needed": "3", "place": "村委会"}
    status = _answer(client, "post", "/admin/tasks/new", data=form)
    assert status == 400, status
    form["day"] = "2026-12-31"  # the same form on a real day is accepted
    assert _answer(client, "post", "/admin/tasks/new", data=form) in (302, 303)
