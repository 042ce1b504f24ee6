"""Admin page security: login, throttling across workers, session lifecycle, CSRF, cookies, headers.

ASVS 5.0: 6.3.1 (anti brute force), 7.2.4 (new session at login), 7.3.x (idle and absolute
timeouts), 7.4.x (logout ends the session on the server), 3.3.x / 3.4.x (cookie flags, headers).
"""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import create_app
from bot.admin.passwords import hash_password, verify
from bot.models import AdminAccount, AdminSession, AuditEntry, Task, utcnow
from tests.kit.admin import PASSWORD, add_account, csrf_token, login, post, session_cookie
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text




pytestmark = [pytest.mark.app_settings(WECHAT_SETTINGS),
              pytest.mark.county(accounts=[("county1", "county"), ("daicun", "area", "", "bz-daicun")])]


def _copy_cookie(value: str, other_client) -> None:
    other_client.set_cookie("pq_admin", value, path="/admin")


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_every_admin_page_sends_anonymous_visitors_to_login(client, county):
    for path in ("/admin/", "/admin/tasks", "/admin/errands", "/admin/mediation", "/admin/guides"):
        assert _is_login_redirect(client.get(path)), path


def test_login_with_right_password_opens_the_dashboard_and_wrong_one_does_not(client, county, db):
    assert login(client, "county1", "wrong-password-here").status_code == 401
    assert _is_login_redirect(client.get("/admin/"))
    response = login(client, "county1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200
    with db.session() as s:
        account = s.scalars(select(AdminAccount).where(AdminAccount.username == "county1")).one()
        assert account.last_login_at is not None
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["login.failed", "login"]


def test_user_names_are_case_insensitive_and_deactivated_accounts_cannot_log_in(client, county, db):
    assert login(client, "COUNTY1").status_code == 302
    add_account(db, "gone", "county", active=False)
    assert login(client, "gone").status_code == 401


def test_login_only_redirects_inside_admin(client, county):
    token = csrf_token(client)
    for target, expected in (("https://evil.example/x", "/admin/"), ("//evil.example/x", "/admin/"),
                             ("/admin/tasks?all=1", "/admin/tasks?all=1"), ("/wechat", "/admin/")):
        response = client.post("/admin/login", data={"csrf_token": token, "username": "county1",
                                                     "password": PASSWORD, "next": target})
        assert response.headers["Location"].endswith(expected), (target, response.headers["Location"])
        token = csrf_token(client)


def test_wrong_passwords_are_throttled_across_two_app_instances_sharing_the_database(app, app_config, county):
    second = create_app(app_config)  # another worker: its own process memory, the same database
    try:
        clients = [app.test_client(), second.test_client()]
        limit = app.config["ADMIN_LOGIN_MAX_FAILURES"]
        for attempt in range(limit):
            assert login(clients[attempt % 2], "county1", f"wrong-{attempt}-password").status_code == 401
        # Past the limit even the right password is refused, on either worker, without a hash.
        for c in clients:
            refused = login(c, "county1")
            assert refused.status_code == 429
            assert "次数太多" in refused.get_data(as_text=True)
            assert _is_login_redirect(c.get("/admin/"))
        # Another name from the same address is not locked by these failures.
        assert login(clients[1], "daicun").status_code == 302
    finally:
        second.extensions["db"].dispose()


def test_concurrent_guesses_on_two_workers_get_at_most_the_limit_of_password_checks(app, app_config, county):
    second = create_app(app_config)
    results: list[int] = []
    lock = threading.Lock()

    def guess(which, n):
        client = (app if which == 0 else second).test_client()
        status = login(client, "county1", f"guess-number-{n}").status_code
        with lock:
            results.append(status)

    try:
        threads = [threading.Thread(target=guess, args=(n % 2, n)) for n in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        second.extensions["db"].dispose()
    limit = app.config["ADMIN_LOGIN_MAX_FAILURES"]
    assert results.count(401) == limit and results.count(429) == 12 - limit, results


def test_the_throttle_window_passes_and_a_success_clears_the_name(app, client, county, db):
    for n in range(app.config["ADMIN_LOGIN_MAX_FAILURES"]):
        login(client, "county1", f"wrong-{n}-password")
    assert login(client, "county1").status_code == 429
    window = timedelta(minutes=app.config["ADMIN_LOGIN_WINDOW_MINUTES"])
    from bot.models import AdminLoginThrottle

    with db.session() as s:
        s.execute(update(AdminLoginThrottle).values(window_started_at=utcnow() - window - timedelta(seconds=1)))
    assert login(client, "county1").status_code == 302
    with db.session() as s:
        assert s.get(AdminLoginThrottle, "user:county1") is None


@pytest.mark.parametrize("overrides", [{"ADMIN_LOGIN_IP_MAX_FAILURES": 3}])
def test_many_names_from_one_address_are_throttled(app, client, county, overrides):
    app.config.update(overrides)
    for n in range(3):
        assert login(client, f"nobody{n}", "wrong-password-x").status_code == 401
    assert login(client, "county1").status_code == 429


def test_login_starts_a_new_session_and_a_second_login_ends_the_first(app, client, county):
    anonymous_cookie = session_cookie(client) or ""
    csrf_token(client)
    before_login = session_cookie(client)
    login(client, "county1")
    first = session_cookie(client)
    assert first and first != before_login and first != anonymous_cookie
    login(client, "county1")
    second = session_cookie(client)
    assert second != first
    stale = app.test_client()
    _copy_cookie(first, stale)
    assert _is_login_redirect(stale.get("/admin/"))  # the first session was revoked at the new login
    fresh = app.test_client()
    _copy_cookie(before_login, fresh)
    assert _is_login_redirect(fresh.get("/admin/"))  # a pre-login cookie gains nothing by the login
    assert client.get("/admin/").status_code == 200


def test_logout_kills_a_copied_cookie(app, client, county, db):
    login(client, "county1")
    thief = app.test_client()
    _copy_cookie(session_cookie(client), thief)
    assert thief.get("/admin/").status_code == 200  # the copy works while the session lives
    response = post(client, "/admin/logout")
    assert _is_login_redirect(response)
    assert _is_login_redirect(client.get("/admin/"))
    assert _is_login_redirect(thief.get("/admin/"))
    with db.session() as s:
        assert all(row.revoked_at is not None for row in s.scalars(select(AdminSession)))


def test_logout_is_post_only(client, county):
    login(client, "county1")
    assert client.get("/admin/logout").status_code == 405
    assert client.get("/admin/").status_code == 200


def _age_sessions(db, **values) -> None:
    with db.session() as s:
        s.execute(update(AdminSession).values(**values))


def test_idle_timeout_ends_the_session(app, client, county, db):
    login(client, "county1")
    idle = timedelta(minutes=app.config["ADMIN_IDLE_MINUTES"])
    _age_sessions(db, last_seen_at=utcnow() - idle + timedelta(minutes=2))
    assert client.get("/admin/").status_code == 200  # still within the idle time: refreshed
    _age_sessions(db, last_seen_at=utcnow() - idle - timedelta(seconds=5))
    response = client.get("/admin/tasks")
    assert _is_login_redirect(response)
    assert "next=/admin/tasks" in response.headers["Location"]
    login(client, "county1")
    assert client.get("/admin/").status_code == 200


def test_absolute_timeout_ends_even_an_active_session(client, county, db):
    login(client, "county1")
    _age_sessions(db, expires_at=utcnow() - timedelta(seconds=1))
    assert _is_login_redirect(client.get("/admin/"))


def test_deactivating_an_account_or_changing_its_password_ends_its_sessions(app, client, county, db, runner):
    login(client, "county1")
    other = app.test_client()
    login(other, "county1")
    response = post(client, "/admin/password", {"current": PASSWORD, "new": "another-good-secret",
                                                "repeat": "another-good-secret"}, token_from="/admin/password")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # the session that changed it stays
    assert _is_login_redirect(other.get("/admin/"))  # the other one ended
    with db.session() as s:
        assert verify(s.scalars(select(AdminAccount).where(AdminAccount.username == "county1")).one()
                      .password_hash, "another-good-secret")
    assert runner.invoke(args=["admin", "deactivate", "county1"]).exit_code == 0
    assert _is_login_redirect(client.get("/admin/"))


def test_weak_new_passwords_are_refused(client, county):
    login(client, "county1")
    for new in ("short", "county1-is-my-name", "aaaaaaaaaaaa"):
        response = post(client, "/admin/password", {"current": PASSWORD, "new": new, "repeat": new},
                        token_from="/admin/password")
        assert response.status_code == 400, new


def test_session_cookie_flags(client, county):
    csrf_token(client)
    response = login(client, "county1")
    cookie = response.headers["Set-Cookie"]
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/admin"):
        assert flag in cookie, (flag, cookie)
    assert "Expires=" in cookie  # lives as long as the absolute timeout, not Flask's 31 days


@pytest.mark.parametrize("overrides", [{"ADMIN_COOKIE_SECURE": False}])
def test_secure_flag_can_be_turned_off_for_local_http(app_config, overrides, county):
    local = create_app({**app_config, **overrides})
    try:
        client = local.test_client()
        assert "Secure" not in login(client, "county1").headers["Set-Cookie"]
    finally:
        local.extensions["db"].dispose()


def test_forms_without_a_valid_csrf_token_are_refused(client, county, db):
    no_token = client.post("/admin/login", data={"username": "county1", "password": PASSWORD})
    assert no_token.status_code == 400 and _is_login_redirect(client.get("/admin/"))
    login(client, "county1")
    form = {"title": "不该建成", "area_id": str(county.areas["a"]), "day": "2099-01-01", "start": "09:00",
            "needed": "2"}
    assert client.post("/admin/tasks/new", data=form).status_code == 400
    assert client.post("/admin/tasks/new", data={**form, "csrf_token": "forged"}).status_code == 400
    assert client.post("/admin/logout").status_code == 400
    assert client.get("/admin/").status_code == 200  # the refused logout did not log out
    with db.session() as s:
        assert s.scalar(select(Task.id)) is None


def test_the_webhook_needs_no_csrf_token(client, county):
    kit = WeChatKit(client)
    sent = kit.post(make_text("csrf-v", "你好"), mode="safe")
    assert sent.status == 200 and kit.content(sent)


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def test_security_headers_on_admin_responses(client, county):
    login(client, "county1")
    responses = {path: client.get(path) for path in ("/admin/", "/admin/tasks", "/admin/no-such-page",
                                                      "/admin/static/admin.css", "/admin/tasks/999")}
    responses["login"] = client.application.test_client().get("/admin/login")
    for name, response in responses.items():
        for header, value in SECURITY_HEADERS.items():
            assert response.headers.get(header) == value, (name, header)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp
    assert responses["/admin/"].headers["Cache-Control"] == "no-store"
    assert responses["/admin/no-such-page"].status_code == 404


def test_pages_carry_no_script_and_fetch_nothing_from_outside(client, county):
    login(client, "county1")
    for path in ("/admin/", "/admin/tasks/new", "/admin/login", "/admin/guides"):
        html = client.get(path).get_data(as_text=True)
        assert "<script" not in html and " on" + "click=" not in html
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html


def test_create_user_cli_hashes_with_scrypt_and_checks_the_scope(runner, county, db):
    result = runner.invoke(args=["admin", "create-user", "Zhen.Ban", "--scope", "township", "--township",
                                 "卞庄街道", "--password-stdin"], input="a-long-enough-secret\n")
    assert result.exit_code == 0, result.output
    with db.session() as s:
        account = s.scalars(select(AdminAccount).where(AdminAccount.username == "zhen.ban")).one()
        assert account.password_hash.startswith("scrypt:") and account.township == "卞庄街道"
    bad = runner.invoke(args=["admin", "create-user", "nowhere", "--scope", "township", "--township", "火星镇",
                              "--password-stdin"], input="a-long-enough-secret\n")
    assert bad.exit_code != 0 and "火星镇" in bad.output
    short = runner.invoke(args=["admin", "create-user", "tiny", "--scope", "county", "--password-stdin"],
                          input="short\n")
    assert short.exit_code != 0
    area = runner.invoke(args=["admin", "create-user", "dc2", "--scope", "area", "--area", "bz-daicun",
                               "--password-stdin"], input="a-long-enough-secret\n")
    assert area.exit_code == 0, area.output
    listed = runner.invoke(args=["admin", "list"])
    assert "zhen.ban" in listed.output and "dc2" in listed.output


def test_hash_is_werkzeug_scrypt():
    stored = hash_password("some-password-1")
    assert stored.startswith("scrypt:32768:8:1$") and verify(stored, "some-password-1")
    assert not verify(stored, "some-password-2") and not verify(None, "anything")
