"""Every create form of the admin page is one-time (issue 16): the same form posted twice makes
one object, one audit entry and no second push; the second post is sent to what the first made.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (as every admin test).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest
from sqlalchemy import func, select

from bot import matters, suggestions
from bot.models import (AdminAccount, AuditEntry, InviteCode, Matter, MatterStep, Notice, OutboxMessage, User,
                        UserNote, Village)
from tests.kit.admin import login, post
from tests.kit.admin_world import build_world


@pytest.fixture
def world(db):
    return build_world(db)


@dataclass(frozen=True)
class Form:
    account: str
    page: Callable[[dict], str]          # the page the form is on (and posts to, unless `to`)
    fields: Callable[[dict], dict]
    model: type
    made: int                            # objects one post makes
    action: str                          # its audit action
    to: Callable[[dict], str] | None = None


FORMS = {
    "account": Form("county1", lambda ids: "/admin/accounts",
                    lambda ids: {"username": "xiangcheng", "password": "a-long-enough-secret",
                                 "scope_level": "township", "township": "兰陵镇", "display_name": "向城干部"},
                    AdminAccount, 1, "account.create"),
    "invites": Form("area_a", lambda ids: "/admin/invites",
                    lambda ids: {"role": "volunteer", "area_id": str(ids["area"]), "count": "2"},
                    InviteCode, 2, "invite.create"),
    "notice": Form("area_a", lambda ids: "/admin/notices/new",
                   lambda ids: {"target": f"area:{ids['area']}", "kind": "通知", "title": "明天停电",
                                "body": "明天上午8点到12点检修线路，停电。", "day": "", "time": "", "place": "",
                                "action": "publish"},
                   Notice, 1, "notice.publish"),
    "matter": Form("area_a", lambda ids: "/admin/matters",
                   lambda ids: {"village": str(ids["village"]), "title": "村内主街硬化", "keywords": "修路"},
                   Matter, 1, "matter.create"),
    "matter step": Form("area_a", lambda ids: f"/admin/matters/{ids['matter']}",
                        lambda ids: {"action": "enter", "number": "1", "day": "2026-11-09", "text": "群众提议修路"},
                        MatterStep, 1, "matter.step"),
    "suggestion answer": Form("area_a", lambda ids: f"/admin/suggestions/{ids['suggestion']}",
                              lambda ids: {"answer": "路灯下周装好。", "public": "1"},
                              AuditEntry, 1, "suggestion.answer"),
    "staff note": Form("area_a", lambda ids: f"/admin/users/{ids['villager']}",
                       lambda ids: {"text": "腿脚不便，上门时先打电话。"}, UserNote, 1, "user.note",
                       to=lambda ids: f"/admin/users/{ids['villager']}/notes"),
}


def _count(db, model: type, action: str) -> tuple[int, int, int]:
    with db.session() as s:
        objects = s.scalar(select(func.count()).select_from(model).where(AuditEntry.action == action)
                           if model is AuditEntry else select(func.count()).select_from(model))
        audits = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))
        pushes = s.scalar(select(func.count()).select_from(OutboxMessage))
    return objects, audits, pushes


@pytest.mark.parametrize("name", list(FORMS))
def test_a_create_form_posted_twice_makes_one_object_and_one_push(app, db, world, name):
    form = FORMS[name]
    ids = dict(world.ids["A"])
    with db.session() as s:
        village = s.get(Village, ids["village"])
        ids["matter"] = matters.create_matter(s, village, "修建文化广场", "", "test").id
        ids["suggestion"] = suggestions.send_suggestion(s, s.get(User, ids["villager"]), "建议村口装路灯").id
    client = app.test_client()
    assert login(client, form.account).status_code == 302
    page = form.page(ids)
    html = client.get(page).get_data(as_text=True)
    target = form.to(ids) if form.to else page
    token = re.search(r'<form method="post"[^>]*(?:action="' + re.escape(target) + r'")?[^>]*>\s*'
                      r'(?:<[^>]*csrf_token[^>]*>\s*)?<input type="hidden" name="form_token" value="([^"]+)"',
                      html)
    assert token, f"no form token on {page}"
    objects, audits, _ = _count(db, form.model, form.action)
    data = {**form.fields(ids), "form_token": token.group(1)}
    first = post(client, target, data, token_from=page)
    assert first.status_code in (200, 302), first.get_data(as_text=True)[:2000]
    after_first = _count(db, form.model, form.action)
    assert after_first[:2] == (objects + form.made, audits + 1)
    second = post(client, target, data, token_from=page)
    assert second.status_code == 302
    if first.status_code == 302:
        assert second.headers["Location"] == first.headers["Location"]
    assert _count(db, form.model, form.action) == after_first  # no second object, audit entry or push
