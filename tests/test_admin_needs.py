"""The 群众需求 board: needs in scope, and each cadre action through the needs rules: the list, the
detail, assigning a need to a representative, changing its field.

Each action is a real form POST (CSRF token, and the need's version as the page showed it) by a
logged-in cadre. Effects are read back from the database, the outbox (what the villager and the
representatives are told) and the audit log. The county is the needs county of tests/kit/worlds.py:
v1 of 代村 (代村片区, 卞庄街道), v2 of 荀庄 (荀庄片区, 兰陵镇); county-build reps build1, build2,
build_lead (leader), build_ll (荀庄片区 only); agri1; tw1 (卞庄街道's township group); s1 the
代村片区 secretary. Accounts: county1, bz (卞庄街道), daicun (代村片区), ll (兰陵镇).
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import needs
from tests.kit.admin import audit_entries, logged_in
from tests.kit.needs_desk import (FARM, NEEDS_ACCOUNTS, NOW, ROAD, act, need_events, need_row,
                                  pushes_from, report, whistled)
from tests.kit.worlds import user

pytestmark = pytest.mark.county("needs", accounts=NEEDS_ACCOUNTS)


# --- the list ------------------------------------------------------------------------------

def test_the_list_shows_the_scope_open_first_and_filters(app, db, county):
    old = report(db, county, ago=timedelta(days=3))  # nobody took it on for 3 days: over 24 h
    farm = report(db, county, text=FARM, ago=timedelta(hours=2))
    urgent = report(db, county, text="桥塌了一半，车过去危险", urgency="urgent", ago=timedelta(hours=1))
    far = report(db, county, who="v2", text="荀庄的路灯坏了好几天")
    done = whistled(db, county, "build1")
    with db.session() as s:
        assert needs.close(s, done, user(s, county, "build1"), "修好了").ok
    html = logged_in(app, "daicun").get("/admin/needs").get_data(as_text=True)
    rows = re.findall(r'href="/admin/needs/(\d+)"', html)
    # Open first: urgent first, then the longest wait first (issue 16); closed last.
    assert rows == [str(n) for n in (urgent, old, farm, done)]
    newest = logged_in(app, "daicun").get("/admin/needs?sort=new").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', newest) == [str(n) for n in (urgent, farm, old, done)]
    assert "荀庄的路灯" not in html and str(far) not in rows
    assert "很急" in html and "等了3天" in html and "超时" in html and "代表build1" in html
    farm_only = logged_in(app, "daicun").get("/admin/needs?field=农业").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', farm_only) == [str(farm)]
    waiting = logged_in(app, "daicun").get("/admin/needs?state=waiting").get_data(as_text=True)
    assert str(done) not in re.findall(r'href="/admin/needs/(\d+)"', waiting)
    closed = logged_in(app, "daicun").get("/admin/needs?state=closed").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', closed) == [str(done)]
    only_urgent = logged_in(app, "daicun").get("/admin/needs?urgent=1").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', only_urgent) == [str(urgent)]
    township = logged_in(app, "ll").get("/admin/needs").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', township) == [str(far)]
    # nonsense filters are ignored or match nothing, never an error
    assert logged_in(app, "daicun").get("/admin/needs?state=nope&page=abc&field=" + "x" * 99).status_code == 200


def test_the_list_is_paged(app, db, county):
    numbers = [report(db, county, text=f"路灯坏了第{i}盏") for i in range(55)]
    cadre = logged_in(app, "daicun")
    first = re.findall(r'href="/admin/needs/(\d+)"', cadre.get("/admin/needs").get_data(as_text=True))
    second_page = cadre.get("/admin/needs?page=2").get_data(as_text=True)
    second = re.findall(r'href="/admin/needs/(\d+)"', second_page)
    assert len(first) == 50 and len(second) == 5 and "第 2 / 2 页" in second_page
    assert sorted(map(int, first + second)) == numbers
    assert re.findall(r'href="/admin/needs/(\d+)"', cadre.get("/admin/needs?page=9").get_data(as_text=True)) == []


def test_the_detail_shows_words_attachments_field_holder_and_history(app, db, county):
    number = report(db, county, ago=timedelta(hours=3), input_kind="photo", photo_media_id="MEDIA-PHOTO-1",
                     latitude=34.85, longitude=117.99)
    with db.session() as s:
        needs.whistle_round(s, NOW - timedelta(hours=2))
        needs.claim(s, number, user(s, county, "build1"), NOW - timedelta(hours=1))
        needs.report_progress(s, number, user(s, county, "build1"), "已联系施工队", NOW)
    html = logged_in(app, "daicun").get(f"/admin/needs/{number}").get_data(as_text=True)
    for words in (ROAD, "李大爷", "13800000001", "代村", "MEDIA-PHOTO-1", "34.85000", "117.99000",
                  "uri.amap.com/marker?position=117.990000,34.850000", "城建交通", "把握", "县城建交通党代表活动组",
                  "组长：代表build_lead", "代表build1", "群众反映", "吹哨通知", "接手", "进展", "已联系施工队"):
        assert words in html, words
    assert "分到“城建交通”" in html and "level" not in html  # history in plain words


# --- assign -------------------------------------------------------------------------------

def test_assign_to_a_rep_tells_rep_villager_and_the_others(app, db, county):
    number = whistled(db, county)
    cadre = logged_in(app, "daicun")
    page = act(cadre, number, "assign", {"rep": f"county-build:{county.users['build2']}"})
    assert "已指派" in page
    need = need_row(db, number)
    assert (need.state, need.claimed_by, need.group_code) == ("claimed", county.users["build2"], "county-build")
    kind, note = need_events(db, number)[-1]
    assert kind == "claimed" and "片区指派（daicun）" in note
    (key, (openid, text)), = pushes_from(db, f"need:{number}:assigned:").items()
    assert openid == "build2" and "李大爷" in text and "13800000001" in text and f"办结 {number}" in text
    (openid, text), = pushes_from(db, f"need:{number}:claimed").values()
    assert openid == "v1" and "代表build2" in text
    assert {o for o, _ in pushes_from(db, f"need:{number}:taken:").values()} == {"build1", "build_lead"}
    entry, = audit_entries(db, "need.assign")
    assert entry.username == "daicun" and entry.area_id == county.areas["bz-daicun"]
    assert entry.before["claimed_by"] is None and entry.after["claimed_by"] == county.users["build2"]

    # hand it on to a rep of another group: the need moves there, build2 is told to stop
    act(cadre, number, "assign", {"rep": f"county-agri:{county.users['agri1']}"})
    need = need_row(db, number)
    assert (need.claimed_by, need.group_code, need.field) == (county.users["agri1"], "county-agri", "农业")
    (openid, text), = pushes_from(db, f"need:{number}:withdrawn:").values()
    assert openid == "build2" and "不用再办" in text
    villager = [o for o, _ in pushes_from(db, f"need:{number}:claimed").values()]
    assert villager == ["v1", "v1"]  # told again who has it now
    assert len(audit_entries(db, "need.assign")) == 2


@pytest.mark.parametrize("rep, group, message", [
    ("law1", "county-build", "不在这个活动组"),        # a rep of another group
    ("build_ll", "county-build", "不在这个活动组"),    # serves 荀庄片区 only
    ("build1", "tw-lanling", "不管这个片区"),          # a group that does not serve 代村片区
    ("v3", "county-build", "不在这个活动组"),          # not a rep at all
])
def test_assign_refuses_reps_who_cannot_take_it(app, db, county, rep, group, message):
    number = whistled(db, county)
    page = act(logged_in(app, "daicun"), number, "assign", {"rep": f"{group}:{county.users[rep]}"})
    assert message in page
    assert need_row(db, number).claimed_by is None and not audit_entries(db, "need.assign")
    assert "请选择党代表" in act(logged_in(app, "daicun"), number, "assign", {"rep": "county-build:x"})


# --- change the field ----------------------------------------------------------------------

def test_change_field_whistles_the_new_group_and_back_again(app, db, county):
    number = whistled(db, county)
    cadre = logged_in(app, "daicun")
    assert "已转到“农业”" in act(cadre, number, "field", {"field": "农业"})
    need = need_row(db, number)
    assert (need.field, need.group_code, need.state, need.escalation_level) == ("农业", "county-agri", "alerted", 0)
    agri = pushes_from(db, f"need:{number}:whistle:r")
    assert [o for o, _ in agri.values()] == ["agri1"]
    kinds = [k for k, _ in need_events(db, number)]
    assert kinds[-2:] == ["rerouted", "alerted"]
    # back to 城建交通: its reps heard the first whistle, and hear this new round too
    act(cadre, number, "field", {"field": "城建交通"})
    assert need_row(db, number).group_code == "county-build"
    rounds = {key.split(":")[3] for key in pushes_from(db, f"need:{number}:whistle:r")}
    assert len(rounds) == 2
    build = sorted(o for k, (o, _) in pushes_from(db, f"need:{number}:whistle:").items() if "agri" not in o)
    assert build == ["build1", "build1", "build2", "build2", "build_lead", "build_lead"]
    entries = audit_entries(db, "need.field")
    assert [e.after["group_code"] for e in entries] == ["county-agri", "county-build"]
    assert "已经在这个活动组了" in act(cadre, number, "field", {"field": "城建交通"})
    assert "没有管这个领域" in act(cadre, number, "field", {"field": "火星"})
    assert "请选择领域" in act(cadre, number, "field", {"field": ""})
    assert len(audit_entries(db, "need.field")) == 2


def test_moving_a_held_need_tells_its_rep_to_stop(app, db, county):
    number = whistled(db, county, "build1")
    act(logged_in(app, "daicun"), number, "field", {"field": "综合"})  # to 卞庄街道's township group to sort
    need = need_row(db, number)
    assert (need.group_code, need.claimed_by, need.state) == ("tw-bianzhuang", None, "alerted")
    (openid, text), = pushes_from(db, f"need:{number}:moved:").values()
    assert openid == "build1" and "卞庄街道党代表活动组" in text and "不用再办" in text
    assert [o for o, _ in pushes_from(db, f"need:{number}:whistle:r").values()] == ["tw1"]
    with db.session() as s:  # the township group sorts it back in chat, as before
        assert needs.assign_field(s, number, user(s, county, "tw1"), "城建交通").ok
    # county-build heard round 1; 分派 is a new round, so they hear it again
    assert len([k for k in pushes_from(db, f"need:{number}:whistle:") if k.endswith(":build1")]) == 2
