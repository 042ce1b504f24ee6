"""Role × page matrix: every admin URL is refused without login and outside the account's scope.

Accounts (tests/admin_world.py): county1 sees areas A, B, C; t1 (township 卞庄街道) sees A and B;
area_a sees A only. Every endpoint of the admin blueprint must have a case below (a new board
without one fails `test_every_admin_endpoint_has_a_case`). ASVS 8.2.1 (function level) and
8.2.2 (data level).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

import pytest
from sqlalchemy import func, select

from bot import family, matters, suggestions
from bot.models import (AdminAccount, Booking, Errand, FamilyMember, InviteCode, MatterStep, Need, Notice,
                        OutboxMessage, PushResolution, RelayMessage, SafetyCase, SignUp, Suggestion, Task, Theme, User,
                        UserNote, UserRole, Village)
from tests.kit.admin import csrf_token, login
from tests.kit.admin_world import AREAS, GROUP, SEES, World

FREE, AREA, COUNTY = "free", "area", "county"


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    kind: str  # free: any account; area: the row's area must be in scope; county: county accounts only
    url: Callable[[World, str], str]
    data: Callable[[World, str], dict] = lambda w, k: {}


def ids(w: World, k: str) -> dict:
    return w.ids[k]


def theme_url(w: World, k: str) -> str:
    """The theme of this month of the group serving area k only."""
    return f"/admin/themes/{ids(w, k)['group']}/{ids(w, k)['month']}"


CASES = [
    Case("admin.today", "GET", FREE, lambda w, k: "/admin/"),
    Case("admin.dashboard", "GET", FREE, lambda w, k: "/admin/figures"),
    Case("admin.mediation_bookings", "GET", FREE, lambda w, k: "/admin/mediation/bookings?state=confirm"),
    Case("admin.outbox_resolve", "POST", AREA, lambda w, k: f"/admin/outbox/{ids(w, k)['outbox']}/resolve",
         lambda w, k: {"note": "已打电话告诉本人"}),
    Case("admin.audit", "GET", FREE, lambda w, k: "/admin/audit"),
    Case("admin.change_password", "GET", FREE, lambda w, k: "/admin/password"),
    Case("admin.change_password", "POST", FREE, lambda w, k: "/admin/password",
         lambda w, k: {"current": "guess", "new": "taken-over-account", "repeat": "taken-over-account"}),
    Case("admin.mediation_rooms", "GET", FREE, lambda w, k: "/admin/mediation"),
    Case("admin.mediation_calendar", "GET", AREA, lambda w, k: f"/admin/mediation/rooms/{ids(w, k)['room']}"),
    Case("admin.mediation_booking", "GET", AREA, lambda w, k: f"/admin/mediation/bookings/{ids(w, k)['booking']}"),
    Case("admin.mediation_confirm", "POST", AREA,
         lambda w, k: f"/admin/mediation/bookings/{ids(w, k)['booking']}/confirm",
         lambda w, k: {"mediator_id": ids(w, k)["mediator"]}),
    Case("admin.mediation_outcome", "POST", AREA,
         lambda w, k: f"/admin/mediation/bookings/{ids(w, k)['booking']}/outcome", lambda w, k: {"outcome": "调解成功"}),
    Case("admin.mediation_cancel", "POST", AREA,
         lambda w, k: f"/admin/mediation/bookings/{ids(w, k)['booking']}/cancel"),
    Case("admin.tasks", "GET", FREE, lambda w, k: "/admin/tasks"),
    Case("admin.task_new", "GET", FREE, lambda w, k: "/admin/tasks/new"),
    Case("admin.task_new", "POST", AREA, lambda w, k: "/admin/tasks/new",
         lambda w, k: {"title": "越权活动", "area_id": ids(w, k)["area"], "day": "2099-01-05", "start": "09:00",
                       "hours": "2", "needed": "3"}),
    Case("admin.task_detail", "GET", AREA, lambda w, k: f"/admin/tasks/{ids(w, k)['task']}"),
    Case("admin.task_edit", "GET", AREA, lambda w, k: f"/admin/tasks/{ids(w, k)['task']}/edit"),
    Case("admin.task_edit", "POST", AREA, lambda w, k: f"/admin/tasks/{ids(w, k)['task']}/edit",
         lambda w, k: {"title": "改掉了", "place": "别处", "needed": "9"}),
    Case("admin.task_attendance", "POST", AREA, lambda w, k: f"/admin/tasks/{ids(w, k)['task']}/attendance",
         lambda w, k: {"signup_id": "1", "attended": "1"}),
    Case("admin.task_cancel", "POST", AREA, lambda w, k: f"/admin/tasks/{ids(w, k)['task']}/cancel"),
    Case("admin.inbox", "GET", FREE, lambda w, k: "/admin/inbox"),
    Case("admin.inbox_detail", "GET", AREA, lambda w, k: f"/admin/inbox/{ids(w, k)['conversation']}"),
    Case("admin.inbox_answer", "POST", AREA, lambda w, k: f"/admin/inbox/{ids(w, k)['conversation']}/answer",
         lambda w, k: {"text": "越权回复"}),
    Case("admin.errands", "GET", FREE, lambda w, k: "/admin/errands"),
    Case("admin.errand_detail", "GET", AREA, lambda w, k: f"/admin/errands/{ids(w, k)['errand']}"),
    Case("admin.errand_reassign", "POST", AREA, lambda w, k: f"/admin/errands/{ids(w, k)['errand']}/reassign",
         lambda w, k: {"member_id": ids(w, k)["member"]}),
    Case("admin.errand_close", "POST", AREA, lambda w, k: f"/admin/errands/{ids(w, k)['errand']}/close",
         lambda w, k: {"state": "cancelled", "note": "越权"}),
    Case("admin.needs", "GET", FREE, lambda w, k: "/admin/needs"),
    Case("admin.needs_groups", "GET", FREE, lambda w, k: "/admin/needs/groups"),
    # The jobs act on the account's own areas only (tests/test_admin_needs.py checks which).
    Case("admin.needs_whistle_round", "GET", FREE, lambda w, k: "/admin/needs/whistle"),
    Case("admin.needs_whistle_round", "POST", FREE, lambda w, k: "/admin/needs/whistle"),
    Case("admin.needs_escalate_due", "POST", FREE, lambda w, k: "/admin/needs/escalate"),
    Case("admin.need_detail", "GET", AREA, lambda w, k: f"/admin/needs/{ids(w, k)['need']}"),
    Case("admin.need_assign", "POST", AREA, lambda w, k: f"/admin/needs/{ids(w, k)['need']}/assign",
         lambda w, k: {"rep": f"{GROUP}:{ids(w, k)['rep']}", "seen": "collected-0-test-build-0"}),
    Case("admin.need_field", "POST", AREA, lambda w, k: f"/admin/needs/{ids(w, k)['need']}/field",
         lambda w, k: {"field": "城建交通", "seen": "collected-0-test-build-0"}),
    Case("admin.need_whistle", "POST", AREA, lambda w, k: f"/admin/needs/{ids(w, k)['need']}/whistle",
         lambda w, k: {"seen": "collected-0-test-build-0"}),
    Case("admin.need_escalate", "POST", AREA, lambda w, k: f"/admin/needs/{ids(w, k)['need']}/escalate",
         lambda w, k: {"seen": "collected-0-test-build-0"}),
    Case("admin.need_close", "POST", AREA, lambda w, k: f"/admin/needs/{ids(w, k)['need']}/close",
         lambda w, k: {"note": "越权办结", "seen": "collected-0-test-build-0"}),
    Case("admin.guides", "GET", FREE, lambda w, k: "/admin/guides"),
    Case("admin.guide_detail", "GET", FREE, lambda w, k: f"/admin/guides/{w.guide_id}"),
    Case("admin.guide_edit", "GET", COUNTY, lambda w, k: f"/admin/guides/{w.guide_id}/edit"),
    Case("admin.guide_edit", "POST", COUNTY, lambda w, k: f"/admin/guides/{w.guide_id}/edit",
         lambda w, k: {"title": "改坏了"}),
    Case("admin.users", "GET", FREE, lambda w, k: "/admin/users"),
    Case("admin.user_detail", "GET", AREA, lambda w, k: f"/admin/users/{ids(w, k)['villager']}"),
    Case("admin.user_name", "POST", AREA, lambda w, k: f"/admin/users/{ids(w, k)['villager']}/name",
         lambda w, k: {"name": "越权改名"}),
    Case("admin.user_note", "POST", AREA, lambda w, k: f"/admin/users/{ids(w, k)['villager']}/notes",
         lambda w, k: {"text": "越权备注"}),
    Case("admin.user_role_remove", "POST", AREA,
         lambda w, k: f"/admin/users/{ids(w, k)['member']}/roles/{ids(w, k)['role']}/remove"),
    Case("admin.user_leader", "POST", AREA, lambda w, k: f"/admin/users/{ids(w, k)['rep']}/leader",
         lambda w, k: {"group_code": GROUP, "leader": "1"}),
    Case("admin.invites", "GET", FREE, lambda w, k: "/admin/invites"),
    Case("admin.invites", "POST", AREA, lambda w, k: "/admin/invites",
         lambda w, k: {"role": "volunteer", "area_id": ids(w, k)["area"], "count": "1", "days": "7"}),
    Case("admin.outbox", "GET", FREE, lambda w, k: "/admin/outbox"),
    Case("admin.outbox_retry", "POST", AREA, lambda w, k: "/admin/outbox/retry",
         lambda w, k: {"ids": ids(w, k)["outbox"]}),
    Case("admin.imports", "GET", COUNTY, lambda w, k: "/admin/import"),
    Case("admin.imports", "POST", COUNTY, lambda w, k: "/admin/import", lambda w, k: {"kind": "areas"}),
    Case("admin.import_template", "GET", COUNTY, lambda w, k: "/admin/import/template/villages.xlsx"),
    Case("admin.import_status", "GET", COUNTY, lambda w, k: f"/admin/import/{w.import_id}"),
    Case("admin.import_rejected", "GET", COUNTY, lambda w, k: f"/admin/import/{w.import_id}/rejected.csv"),
    Case("admin.import_codes", "GET", COUNTY, lambda w, k: f"/admin/import/{w.import_id}/codes.csv"),
    Case("admin.import_stop", "POST", COUNTY, lambda w, k: f"/admin/import/{w.import_id}/stop"),
    Case("admin.accounts_page", "GET", COUNTY, lambda w, k: "/admin/accounts"),
    Case("admin.accounts_page", "POST", COUNTY, lambda w, k: "/admin/accounts",
         lambda w, k: {"username": "sneaky", "password": "long-enough-secret", "scope_level": "county"}),
    Case("admin.account_reset", "POST", COUNTY, lambda w, k: "/admin/accounts/1/reset",
         lambda w, k: {"confirmed": "1", "reason": "越权"}),
    Case("admin.account_active", "POST", COUNTY, lambda w, k: "/admin/accounts/1/active", lambda w, k: {"active": "0"}),
    Case("admin.themes", "GET", FREE, lambda w, k: "/admin/themes"),
    Case("admin.theme_edit", "GET", AREA, lambda w, k: theme_url(w, k)),
    Case("admin.theme_edit", "POST", AREA, lambda w, k: theme_url(w, k),
         lambda w, k: {"title": "越权主题", "description": "越权", "activities": "越权活动"}),
    Case("admin.theme_publish", "POST", AREA, lambda w, k: f"{theme_url(w, k)}/publish"),
    Case("admin.theme_unpublish", "POST", AREA, lambda w, k: f"{theme_url(w, k)}/unpublish"),
    Case("admin.themes_push", "POST", COUNTY, lambda w, k: "/admin/themes/push"),
    Case("admin.themes_import", "GET", COUNTY, lambda w, k: "/admin/themes/import"),
    Case("admin.themes_import", "POST", COUNTY, lambda w, k: "/admin/themes/import"),
    Case("admin.notices", "GET", FREE, lambda w, k: "/admin/notices"),
    Case("admin.notice_new", "GET", FREE, lambda w, k: "/admin/notices/new"),
    Case("admin.notice_new", "POST", AREA, lambda w, k: "/admin/notices/new",
         lambda w, k: {"target": f"area:{ids(w, k)['area']}", "kind": "通知", "title": "越权通知",
                       "action": "publish"}),
    Case("admin.notice_detail", "GET", AREA, lambda w, k: f"/admin/notices/{ids(w, k)['notice']}"),
    Case("admin.matters_page", "GET", FREE, lambda w, k: "/admin/matters"),
    Case("admin.matters_page", "POST", AREA, lambda w, k: "/admin/matters",
         lambda w, k: {"village": ids(w, k)["village"], "title": "越权事项"}),
    Case("admin.matter_detail", "GET", AREA, lambda w, k: f"/admin/matters/{ids(w, k)['matter']}"),
    Case("admin.matter_detail", "POST", AREA, lambda w, k: f"/admin/matters/{ids(w, k)['matter']}",
         lambda w, k: {"action": "enter", "number": "2", "day": "2026-11-09", "text": "越权录入"}),
    Case("admin.matter_file", "GET", AREA, lambda w, k: f"/admin/matters/{ids(w, k)['matter']}/steps/1/file"),
    Case("admin.suggestions", "GET", FREE, lambda w, k: "/admin/suggestions"),
    Case("admin.suggestion_detail", "GET", AREA, lambda w, k: f"/admin/suggestions/{ids(w, k)['suggestion']}"),
    Case("admin.suggestion_detail", "POST", AREA, lambda w, k: f"/admin/suggestions/{ids(w, k)['suggestion']}",
         lambda w, k: {"answer": "越权回复", "public": "1"}),
    Case("admin.family", "GET", FREE, lambda w, k: "/admin/family"),
    Case("admin.accountability", "GET", FREE, lambda w, k: "/admin/accountability"),
    Case("admin.benefits", "GET", FREE, lambda w, k: "/admin/benefits"),
    Case("admin.family_confirm", "POST", AREA, lambda w, k: f"/admin/family/{ids(w, k)['family']}/confirm"),
    Case("admin.safety", "GET", FREE, lambda w, k: "/admin/safety"),
    Case("admin.safety_close", "POST", AREA, lambda w, k: f"/admin/safety/{ids(w, k)['safety']}/close"),
    # The lexicon is the county's: any account may assign (through the gate, audited); the board
    # lists only its own areas' messages (tests/test_unheard_board.py).
    Case("admin.unheard_board", "GET", FREE, lambda w, k: "/admin/unheard"),
    Case("admin.unheard_assign", "POST", FREE, lambda w, k: "/admin/unheard/assign",
         lambda w, k: {"texts": ["越权的说法"], "target": "intent:affairs"}),
    Case("admin.logout", "POST", FREE, lambda w, k: "/admin/logout"),
]
# Reachable without a session by design.
PUBLIC = {"admin.login", "admin.static"}
ACCOUNTS = tuple(SEES)


@pytest.fixture
def world(world: World, db) -> World:
    _civic_rows(db, world)
    return world


def _civic_rows(db, world: World) -> None:
    """Per area: a matter with its first step and a file, a villager's suggestion, a relative to confirm."""
    pdf = matters.Attachment("提议.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")
    with db.session() as s:
        for key in AREAS:
            village = s.get(Village, ids(world, key)["village"])
            villager = s.scalar(select(User).where(User.openid == f"v-{key}"))
            matter = matters.create_matter(s, village, f"修路事项{key}", by="test")
            matters.enter_step(s, matter, 1, date(2026, 11, 2), f"支部提议{key}", file=pdf)
            suggestion = suggestions.send_suggestion(s, villager, f"建议装灯{key}号")
            member = family.add_member(s, villager, "王桂兰", "母亲", village)
            world.ids[key].update({"matter": matter.id, "suggestion": suggestion.id, "family": member.id})
            world.marks[key] += [f"修路事项{key}", f"建议装灯{key}号"]


def _request(client, case: Case, world: World, key: str, token: str | None):
    url, data = case.url(world, key), case.data(world, key)
    if case.method == "GET":
        return client.get(url)
    return client.post(url, data={**data, "csrf_token": token} if token else data)


def _state(db) -> dict:
    """Everything a refused request might have changed."""
    with db.session() as s:
        return {
            "bookings": sorted(s.execute(select(Booking.id, Booking.state, Booking.outcome, Booking.mediator_id)).all()),
            "errands": sorted(s.execute(select(Errand.id, Errand.state, Errand.assignee_id)).all()),
            "tasks": sorted(s.execute(select(Task.number, Task.title, Task.state, Task.needed)).all()),
            "signups": sorted(s.execute(select(SignUp.id, SignUp.state)).all()),
            "roles": sorted(s.execute(select(UserRole.id, UserRole.leader)).all()),
            "needs": sorted(s.execute(select(Need.id, Need.state, Need.claimed_by, Need.group_code, Need.field,
                                             Need.escalation_level)).all()),
            "invites": s.scalar(select(func.count(InviteCode.id))),
            "outbox": sorted(s.execute(select(OutboxMessage.id, OutboxMessage.status)).all()),
            "accounts": sorted(s.execute(select(AdminAccount.username, AdminAccount.active)).all()),
            "themes": sorted(s.execute(select(Theme.id, Theme.title, Theme.published, Theme.pushed_at)).all()),
            "notices": s.scalar(select(func.count(Notice.id))),
            "relay": sorted(s.execute(select(RelayMessage.id, RelayMessage.text)).all()),
            "safety": sorted(s.execute(select(SafetyCase.id, SafetyCase.state)).all()),
            "matter_steps": sorted(s.execute(select(MatterStep.id, MatterStep.text)).all()),
            "suggestions": sorted(s.execute(select(Suggestion.id, Suggestion.answer, Suggestion.public)).all()),
            "family": sorted(s.execute(select(FamilyMember.id, FamilyMember.state)).all()),
            "names": sorted(s.execute(select(User.id, User.name)).all()),
            "notes": s.scalar(select(func.count(UserNote.id))),
            "resolved": s.scalar(select(func.count(PushResolution.outbox_id))),
        }


def test_every_admin_endpoint_has_a_case(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")}
    covered = {case.endpoint for case in CASES}
    assert endpoints - PUBLIC - covered == set(), "add a matrix case for each new admin endpoint"
    for rule in app.url_map.iter_rules():
        if rule.endpoint in covered:
            methods = rule.methods - {"HEAD", "OPTIONS"}
            cased = {c.method for c in CASES if c.endpoint == rule.endpoint}
            assert methods <= cased, (rule.endpoint, methods, cased)


def test_without_login_every_admin_url_goes_to_the_login_page(app, world, db):
    before = _state(db)
    client = app.test_client()
    token = csrf_token(client)  # a valid token of an anonymous session: the login gate must still hold
    for case in CASES:
        response = _request(client, case, world, "A", token)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], \
            (case.endpoint, case.method, response.status_code)
    assert _state(db) == before


def _expected(account: str, case: Case, key: str) -> bool:
    if case.kind == COUNTY:
        return account == "county1"
    if case.kind == AREA:
        return key in SEES[account]
    return True


@pytest.mark.parametrize("account", ACCOUNTS)
def test_each_account_reaches_only_its_scope(app, world, db, account):
    client = app.test_client()
    assert login(client, account).status_code == 302
    token = csrf_token(client, "/admin/")
    before = _state(db)
    for case in CASES:
        if case.endpoint == "admin.logout":
            continue
        for key in AREAS:
            allowed = _expected(account, case, key)
            if case.method == "POST" and allowed:
                continue  # allowed changes are tested board by board
            response = _request(client, case, world, key, token)
            if allowed:
                assert response.status_code == 200, (account, case.endpoint, key, response.status_code)
            elif case.endpoint == "admin.outbox_retry":
                # The ids are filtered to the scope: nothing to retry, nothing retried.
                assert response.status_code == 302, (account, key)
            else:
                assert response.status_code == 403, (account, case.endpoint, case.method, key, response.status_code)
            if case.kind == FREE and case.method == "GET":
                break  # a page without rows of an area: once is enough
    assert _state(db) == before, "a refused request changed something"


LISTS = ("/admin/errands", "/admin/mediation/bookings", "/admin/tasks?all=1", "/admin/mediation", "/admin/users",
         "/admin/invites", "/admin/outbox", "/admin/needs", "/admin/themes", "/admin/notices", "/admin/inbox",
         "/admin/safety", "/admin/matters", "/admin/suggestions")


@pytest.mark.parametrize("account", ACCOUNTS)
def test_lists_show_the_scope_and_nothing_else(app, world, account):
    client = app.test_client()
    login(client, account)
    pages = "".join(client.get(path).get_data(as_text=True) for path in LISTS)
    for key in AREAS:
        for mark in world.marks[key]:
            if key in SEES[account]:
                assert mark in pages, (account, mark)
            else:
                assert mark not in pages, (account, mark)
    dashboard = client.get("/admin/figures").get_data(as_text=True)
    for key, (code, name, township, village) in AREAS.items():
        assert (name in dashboard) == (key in SEES[account]), (account, name)


def test_only_county_accounts_see_the_county_boards_in_the_navigation(app, world):
    for account, visible in (("county1", True), ("t1", False), ("area_a", False)):
        client = app.test_client()
        login(client, account)
        html = client.get("/admin/").get_data(as_text=True)
        assert ("/admin/import" in html) == visible and ("/admin/accounts" in html) == visible
        assert "/admin/tasks" in html and "/admin/errands" in html


def test_an_area_account_cannot_create_county_wide_invites(app, world, db):
    client = app.test_client()
    login(client, "area_a")
    token = csrf_token(client, "/admin/invites")
    before = _state(db)
    for data in ({"role": "rep"}, {"role": "cadre"}, {"role": "volunteer", "area_id": ""}):
        response = client.post("/admin/invites", data={**data, "csrf_token": token})
        assert response.status_code in (400, 403), data
    assert _state(db) == before


def test_an_area_account_cannot_invite_county_roles_or_groups_even_for_its_own_area(app, world, db):
    """Issue 12, finding 6: with its own area chosen, an area account got codes for role=rep in a
    county group, in another township's group, and for role=cadre."""
    client = app.test_client()
    login(client, "area_a")
    token = csrf_token(client, "/admin/invites")
    own = str(world.ids["A"]["area"])
    before = _state(db)
    for data in ({"role": "rep", "area_id": own, "group_code": GROUP}, {"role": "cadre", "area_id": own},
                 {"role": "rep", "area_id": own}, {"role": "volunteer", "area_id": own, "group_code": GROUP}):
        response = client.post("/admin/invites", data={**data, "csrf_token": token})
        assert response.status_code in (400, 403), data
    assert _state(db) == before
    ok = client.post("/admin/invites", data={"role": "volunteer", "area_id": own, "csrf_token": token})
    assert ok.status_code == 200 and _state(db) != before


def _push(db, key: str, openid: str, text: str) -> int:
    from bot.models import OutboxMessage
    with db.session() as s:
        row = OutboxMessage(business_key=key, openid=openid, kind="whistle", payload={"text": text},
                            status="dead", last_error="45015 window closed")
        s.add(row)
        s.flush()
        return row.id


def test_the_push_board_is_scoped_by_the_business_the_push_is_about(app, world, db):
    """Issue 12, finding 7: a county rep living in area A got a whistle about area C's need; the
    area A account saw it on 推送 (rows were scoped by receiver) and could send it again."""
    from bot.models import Need, OutboxMessage, User, Village
    with db.session() as s:
        village_a = s.get(Village, world.ids["A"]["village"])
        s.add(User(openid="rep-county-lives-in-A", name="县代表住A", village_id=village_a.id))
        need_c = s.scalar(select(Need.id).where(Need.area_id == world.ids["C"]["area"]))
        need_a = s.scalar(select(Need.id).where(Need.area_id == world.ids["A"]["area"]))
    other = _push(db, f"need:{need_c}:whistle:rep-county-lives-in-A", "rep-county-lives-in-A", "向城的路灯秘密C")
    own = _push(db, f"need:{need_a}:whistle:rep-C", "rep-C", "代村的路灯自己的A")
    client = app.test_client()
    login(client, "area_a")
    page = client.get("/admin/outbox?status=dead").get_data(as_text=True)
    assert "向城的路灯秘密C" not in page
    assert "代村的路灯自己的A" in page  # its business is area A's, wherever the receiver lives
    token = csrf_token(client, "/admin/outbox")
    client.post("/admin/outbox/retry", data={"ids": [str(other)], "csrf_token": token})
    with db.session() as s:
        assert s.get(OutboxMessage, other).status == "dead"
    client.post("/admin/outbox/retry", data={"ids": [str(own)], "csrf_token": token})
    with db.session() as s:
        assert s.get(OutboxMessage, own).status == "pending"
