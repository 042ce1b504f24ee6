"""The 群众需求 board within an account's scope: another area's need, the jobs an account may run,
and who may set a representative group's leader (flask needs leader's page).

Each action is a real form POST (CSRF token, and the need's version as the page showed it) by a
logged-in cadre. Effects are read back from the database, the outbox (what the villager and the
representatives are told) and the audit log. The county is the needs county of tests/kit/worlds.py:
v1 of 代村 (代村片区, 卞庄街道), v2 of 荀庄 (荀庄片区, 兰陵镇); county-build reps build1, build2,
build_lead (leader), build_ll (荀庄片区 only); agri1; tw1 (卞庄街道's township group); s1 the
代村片区 secretary. Accounts: county1, bz (卞庄街道), daicun (代村片区), ll (兰陵镇).
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import needs
from bot.models import Need, UserRole
from bot.needs import staff
from tests.kit.admin import audit_entries, logged_in, post
from tests.kit.needs_desk import (NEEDS_ACCOUNTS, NOW, need_row,
                                  pushes_from, report)

pytestmark = pytest.mark.county("needs", accounts=NEEDS_ACCOUNTS)


# --- scope ---------------------------------------------------------------------------------

def test_another_areas_need_is_refused_and_untouched(app, db, county):
    far = report(db, county, who="v2")
    cadre = logged_in(app, "daicun")
    assert cadre.get(f"/admin/needs/{far}").status_code == 403
    seen = staff.version(need_row(db, far))
    for action, data in (("assign", {"rep": f"county-build:{county.users['build_ll']}"}), ("field", {"field": "农业"}),
                         ("whistle", {}), ("escalate", {}), ("close", {"note": "x"})):
        response = post(cadre, f"/admin/needs/{far}/{action}", {"seen": seen, **data})
        assert response.status_code == 403, action
    assert need_row(db, far).state == "collected" and not pushes_from(db, f"need:{far}:")
    assert cadre.get("/admin/needs/99999").status_code == 404


def test_the_jobs_run_for_the_accounts_areas_only(app, db, county):
    mine = report(db, county)
    far = report(db, county, who="v2")
    cadre = logged_in(app, "daicun")
    asked = cadre.get("/admin/needs/whistle").get_data(as_text=True)  # issue 16: a page to confirm first
    assert f"{mine}号" in asked and f"{far}号" not in asked and need_row(db, mine).state == "collected"
    unreasoned = post(cadre, "/admin/needs/whistle", {"confirmed": "1"}, token_from="/admin/needs")
    assert "请写上原因" in unreasoned.get_data(as_text=True) and need_row(db, mine).state == "collected"
    page = post(cadre, "/admin/needs/whistle", {"confirmed": "1", "reason": "村里急着要"}, token_from="/admin/needs",
                follow_redirects=True)
    assert "已吹哨：1条" in page.get_data(as_text=True)
    assert (need_row(db, mine).state, need_row(db, far).state) == ("alerted", "collected")
    with db.session() as s:  # 30 hours later nobody has claimed it
        s.get(Need, mine).alerted_at = NOW - timedelta(hours=30)
        needs.whistle_round(s, NOW - timedelta(hours=30))
        s.get(Need, far).alerted_at = NOW - timedelta(hours=30)
    page = post(cadre, "/admin/needs/escalate", token_from="/admin/needs", follow_redirects=True)
    assert "已催办：1条" in page.get_data(as_text=True)
    assert (need_row(db, mine).escalation_level, need_row(db, far).escalation_level) == (1, 0)
    assert audit_entries(db, "need.whistle_round")[0].after == {"alerted": 1, "reason": "村里急着要"}
    assert audit_entries(db, "need.escalate_due")[0].after == {"moved": 1}
    again = post(cadre, "/admin/needs/whistle", {"confirmed": "1", "reason": "再吹一次"}, token_from="/admin/needs",
                 follow_redirects=True)
    assert "没有等着吹哨" in again.get_data(as_text=True) and len(audit_entries(db, "need.whistle_round")) == 1


# --- group leaders (flask needs leader) -----------------------------------------------------

def _leaders(db, county, key: str) -> list[bool]:
    with db.session() as s:
        return list(s.scalars(select(UserRole.leader).where(UserRole.user_id == county.users[key],
                                                            UserRole.role == "rep")))


def test_county_sets_and_unsets_a_group_leader(app, db, county):
    cadre = logged_in(app, "county1")
    html = cadre.get("/admin/needs/groups").get_data(as_text=True)
    assert "县城建交通党代表活动组" in html and "代表build_lead" in html and "设为组长" in html
    url = f"/admin/users/{county.users['build1']}/leader"
    page = post(cadre, url, {"group_code": "county-build", "leader": "1", "back": "groups"},
                token_from="/admin/needs/groups", follow_redirects=True)
    assert "已设为组长" in page.get_data(as_text=True) and _leaders(db, county, "build1") == [True]
    with db.session() as s:
        leaders = needs.group_reps(s, "county-build", county.areas["bz-daicun"], leaders_only=True)
    assert {u.openid for u in leaders} == {"build1", "build_lead"}
    post(cadre, url, {"group_code": "county-build", "leader": "0"}, token_from="/admin/needs/groups")
    assert _leaders(db, county, "build1") == [False]
    entries = audit_entries(db, "user.leader")
    assert [e.after["leaders"] for e in entries] == [[True], [False]]
    unchanged = post(cadre, url, {"group_code": "county-build", "leader": "0"}, token_from="/admin/needs/groups",
                     follow_redirects=True)
    assert "没有变化" in unchanged.get_data(as_text=True) and len(audit_entries(db, "user.leader")) == 2
    wrong_group = post(cadre, url, {"group_code": "county-agri", "leader": "1"}, token_from="/admin/needs/groups")
    assert wrong_group.status_code == 404


def test_a_township_sets_leaders_only_of_reps_bound_to_its_areas(app, db, county):
    township = logged_in(app, "ll")
    html = township.get("/admin/needs/groups").get_data(as_text=True)
    assert "代表build_ll" in html and "荀庄片区" in html
    # build1 serves every area of the group: county business, no switch and a refusal
    refused = post(township, f"/admin/users/{county.users['build1']}/leader", {"group_code": "county-build",
                                                                               "leader": "1"},
                   token_from="/admin/needs/groups")
    assert refused.status_code == 403 and _leaders(db, county, "build1") == [False]
    post(township, f"/admin/users/{county.users['build_ll']}/leader", {"group_code": "county-build", "leader": "1"},
         token_from="/admin/needs/groups")
    assert _leaders(db, county, "build_ll") == [True]
    area = logged_in(app, "daicun")
    assert "代表build_ll" not in area.get("/admin/needs/groups").get_data(as_text=True)
    assert post(area, f"/admin/users/{county.users['build_ll']}/leader", {"group_code": "county-build", "leader": "0"},
                token_from="/admin/needs/groups").status_code == 403
    assert _leaders(db, county, "build_ll") == [True]
