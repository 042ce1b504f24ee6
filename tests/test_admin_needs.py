"""The 群众需求 board: needs in scope, and each cadre action through the needs rules.

Each action is a real form POST (CSRF token, and the need's version as the page showed it) by a
logged-in cadre. Effects are read back from the database, the outbox (what the villager and the
representatives are told) and the audit log. The county is the sample one of tests/needs_kit.py:
v1 of 代村 (代村片区, 卞庄街道), v2 of 荀庄 (荀庄片区, 兰陵镇); county-build reps build1, build2,
build_lead (leader), build_ll (荀庄片区 only); agri1; tw1 (卞庄街道's township group); s1 the
代村片区 secretary. Accounts: county1, bz (卞庄街道), daicun (代村片区), ll (兰陵镇).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot import needs
from bot.admin import figures
from bot.models import AuditEntry, Need, NeedEvent, OutboxMessage, UserRole
from bot.needs import staff
from tests.admin_kit import add_account, login, post
from tests.clock_kit import FROZEN_AT
from tests.needs_kit import make_needs_county, user
from tests.race_kit import race

NOW = FROZEN_AT  # the frozen_clock fixture's time
ROAD = "村口那条路坑坑洼洼，一下雨全是泥，车都过不去"
FARM = "大棚里的黄瓜叶子发黄"
_SEEN = re.compile(r'name="seen" value="([^"]+)"')


@pytest.fixture
def county(db):
    county = make_needs_county(db)
    add_account(db, "county1", "county")
    add_account(db, "bz", "township", township="卞庄街道")
    add_account(db, "daicun", "area", area_code="bz-daicun")
    add_account(db, "ll", "township", township="兰陵镇")
    return county


def _cadre(app, name: str = "daicun"):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _report(db, county, who: str = "v1", text: str = ROAD, urgency: str = "normal", ago: timedelta = timedelta(0),
            **extra) -> int:
    with db.session() as s:
        return needs.report_need(s, user(s, county, who), text, urgency=urgency, now=NOW - ago, **extra).number


def _whistled(db, county, *who_claims: str) -> int:
    """A road need of v1, whistled to county-build (build1, build2, build_lead)."""
    number = _report(db, county, ago=timedelta(hours=3))
    with db.session() as s:
        needs.whistle_round(s, NOW - timedelta(hours=2))
        for who in who_claims:
            assert needs.claim(s, number, user(s, county, who), NOW - timedelta(hours=1)).ok
    return number


def _seen(client, number: int) -> str:
    page = client.get(f"/admin/needs/{number}")
    assert page.status_code == 200
    return _SEEN.search(page.get_data(as_text=True)).group(1)


def _act(client, number: int, action: str, data: dict | None = None, seen: str | None = None) -> str:
    """POST an action form of the need's page; the page shown after the redirect."""
    url = f"/admin/needs/{number}"
    form = {"seen": seen if seen is not None else _seen(client, number), **(data or {})}
    response = post(client, f"{url}/{action}", form, token_from=url, follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _need(db, number: int) -> Need:
    with db.session() as s:
        return s.get(Need, number)


def _pushes(db, prefix: str) -> dict[str, tuple[str, str]]:
    """business key → (openid, text) of the outbox rows whose key starts with `prefix`."""
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(prefix)))
        return {m.business_key: (m.openid, m.payload["text"]) for m in rows}


def _audit(db, action: str) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _events(db, number: int) -> list[tuple[str, str]]:
    with db.session() as s:
        return list(s.execute(select(NeedEvent.kind, NeedEvent.note).where(NeedEvent.need_id == number)
                              .order_by(NeedEvent.id)).all())


# --- the list ------------------------------------------------------------------------------

def test_the_list_shows_the_scope_open_first_and_filters(app, db, county):
    old = _report(db, county, ago=timedelta(days=3))  # nobody took it on for 3 days: over 24 h
    farm = _report(db, county, text=FARM, ago=timedelta(hours=2))
    urgent = _report(db, county, text="桥塌了一半，车过去危险", urgency="urgent", ago=timedelta(hours=1))
    far = _report(db, county, who="v2", text="荀庄的路灯坏了好几天")
    done = _whistled(db, county, "build1")
    with db.session() as s:
        assert needs.close(s, done, user(s, county, "build1"), "修好了").ok
    html = _cadre(app).get("/admin/needs").get_data(as_text=True)
    rows = re.findall(r'href="/admin/needs/(\d+)"', html)
    # Open first: urgent first, then the longest wait first (issue 16); closed last.
    assert rows == [str(n) for n in (urgent, old, farm, done)]
    newest = _cadre(app).get("/admin/needs?sort=new").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', newest) == [str(n) for n in (urgent, farm, old, done)]
    assert "荀庄的路灯" not in html and str(far) not in rows
    assert "很急" in html and "等了3天" in html and "超时" in html and "代表build1" in html
    farm_only = _cadre(app).get("/admin/needs?field=农业").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', farm_only) == [str(farm)]
    waiting = _cadre(app).get("/admin/needs?state=waiting").get_data(as_text=True)
    assert str(done) not in re.findall(r'href="/admin/needs/(\d+)"', waiting)
    closed = _cadre(app).get("/admin/needs?state=closed").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', closed) == [str(done)]
    only_urgent = _cadre(app).get("/admin/needs?urgent=1").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', only_urgent) == [str(urgent)]
    township = _cadre(app, "ll").get("/admin/needs").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', township) == [str(far)]
    # nonsense filters are ignored or match nothing, never an error
    assert _cadre(app).get("/admin/needs?state=nope&page=abc&field=" + "x" * 99).status_code == 200


def test_the_list_is_paged(app, db, county):
    numbers = [_report(db, county, text=f"路灯坏了第{i}盏") for i in range(55)]
    cadre = _cadre(app)
    first = re.findall(r'href="/admin/needs/(\d+)"', cadre.get("/admin/needs").get_data(as_text=True))
    second_page = cadre.get("/admin/needs?page=2").get_data(as_text=True)
    second = re.findall(r'href="/admin/needs/(\d+)"', second_page)
    assert len(first) == 50 and len(second) == 5 and "第 2 / 2 页" in second_page
    assert sorted(map(int, first + second)) == numbers
    assert re.findall(r'href="/admin/needs/(\d+)"', cadre.get("/admin/needs?page=9").get_data(as_text=True)) == []


def test_the_detail_shows_words_attachments_field_holder_and_history(app, db, county):
    number = _report(db, county, ago=timedelta(hours=3), input_kind="photo", photo_media_id="MEDIA-PHOTO-1",
                     latitude=34.85, longitude=117.99)
    with db.session() as s:
        needs.whistle_round(s, NOW - timedelta(hours=2))
        needs.claim(s, number, user(s, county, "build1"), NOW - timedelta(hours=1))
        needs.report_progress(s, number, user(s, county, "build1"), "已联系施工队", NOW)
    html = _cadre(app).get(f"/admin/needs/{number}").get_data(as_text=True)
    for words in (ROAD, "李大爷", "13800000001", "代村", "MEDIA-PHOTO-1", "34.85000", "117.99000",
                  "uri.amap.com/marker?position=117.990000,34.850000", "城建交通", "把握", "县城建交通党代表活动组",
                  "组长：代表build_lead", "代表build1", "群众反映", "吹哨通知", "接手", "进展", "已联系施工队"):
        assert words in html, words
    assert "分到“城建交通”" in html and "level" not in html  # history in plain words


# --- assign -------------------------------------------------------------------------------

def test_assign_to_a_rep_tells_rep_villager_and_the_others(app, db, county):
    number = _whistled(db, county)
    cadre = _cadre(app)
    page = _act(cadre, number, "assign", {"rep": f"county-build:{county.users['build2']}"})
    assert "已指派" in page
    need = _need(db, number)
    assert (need.state, need.claimed_by, need.group_code) == ("claimed", county.users["build2"], "county-build")
    kind, note = _events(db, number)[-1]
    assert kind == "claimed" and "片区指派（daicun）" in note
    (key, (openid, text)), = _pushes(db, f"need:{number}:assigned:").items()
    assert openid == "build2" and "李大爷" in text and "13800000001" in text and f"办结 {number}" in text
    (openid, text), = _pushes(db, f"need:{number}:claimed").values()
    assert openid == "v1" and "代表build2" in text
    assert {o for o, _ in _pushes(db, f"need:{number}:taken:").values()} == {"build1", "build_lead"}
    entry, = _audit(db, "need.assign")
    assert entry.username == "daicun" and entry.area_id == county.areas["bz-daicun"]
    assert entry.before["claimed_by"] is None and entry.after["claimed_by"] == county.users["build2"]

    # hand it on to a rep of another group: the need moves there, build2 is told to stop
    _act(cadre, number, "assign", {"rep": f"county-agri:{county.users['agri1']}"})
    need = _need(db, number)
    assert (need.claimed_by, need.group_code, need.field) == (county.users["agri1"], "county-agri", "农业")
    (openid, text), = _pushes(db, f"need:{number}:withdrawn:").values()
    assert openid == "build2" and "不用再办" in text
    villager = [o for o, _ in _pushes(db, f"need:{number}:claimed").values()]
    assert villager == ["v1", "v1"]  # told again who has it now
    assert len(_audit(db, "need.assign")) == 2


@pytest.mark.parametrize("rep, group, message", [
    ("law1", "county-build", "不在这个活动组"),        # a rep of another group
    ("build_ll", "county-build", "不在这个活动组"),    # serves 荀庄片区 only
    ("build1", "tw-lanling", "不管这个片区"),          # a group that does not serve 代村片区
    ("v3", "county-build", "不在这个活动组"),          # not a rep at all
])
def test_assign_refuses_reps_who_cannot_take_it(app, db, county, rep, group, message):
    number = _whistled(db, county)
    page = _act(_cadre(app), number, "assign", {"rep": f"{group}:{county.users[rep]}"})
    assert message in page
    assert _need(db, number).claimed_by is None and not _audit(db, "need.assign")
    assert "请选择党代表" in _act(_cadre(app), number, "assign", {"rep": "county-build:x"})


# --- change the field ----------------------------------------------------------------------

def test_change_field_whistles_the_new_group_and_back_again(app, db, county):
    number = _whistled(db, county)
    cadre = _cadre(app)
    assert "已转到“农业”" in _act(cadre, number, "field", {"field": "农业"})
    need = _need(db, number)
    assert (need.field, need.group_code, need.state, need.escalation_level) == ("农业", "county-agri", "alerted", 0)
    agri = _pushes(db, f"need:{number}:whistle:r")
    assert [o for o, _ in agri.values()] == ["agri1"]
    kinds = [k for k, _ in _events(db, number)]
    assert kinds[-2:] == ["rerouted", "alerted"]
    # back to 城建交通: its reps heard the first whistle, and hear this new round too
    _act(cadre, number, "field", {"field": "城建交通"})
    assert _need(db, number).group_code == "county-build"
    rounds = {key.split(":")[3] for key in _pushes(db, f"need:{number}:whistle:r")}
    assert len(rounds) == 2
    build = sorted(o for k, (o, _) in _pushes(db, f"need:{number}:whistle:").items() if "agri" not in o)
    assert build == ["build1", "build1", "build2", "build2", "build_lead", "build_lead"]
    entries = _audit(db, "need.field")
    assert [e.after["group_code"] for e in entries] == ["county-agri", "county-build"]
    assert "已经在这个活动组了" in _act(cadre, number, "field", {"field": "城建交通"})
    assert "没有管这个领域" in _act(cadre, number, "field", {"field": "火星"})
    assert "请选择领域" in _act(cadre, number, "field", {"field": ""})
    assert len(_audit(db, "need.field")) == 2


def test_moving_a_held_need_tells_its_rep_to_stop(app, db, county):
    number = _whistled(db, county, "build1")
    _act(_cadre(app), number, "field", {"field": "综合"})  # to 卞庄街道's township group to sort
    need = _need(db, number)
    assert (need.group_code, need.claimed_by, need.state) == ("tw-bianzhuang", None, "alerted")
    (openid, text), = _pushes(db, f"need:{number}:moved:").values()
    assert openid == "build1" and "卞庄街道党代表活动组" in text and "不用再办" in text
    assert [o for o, _ in _pushes(db, f"need:{number}:whistle:r").values()] == ["tw1"]
    with db.session() as s:  # the township group sorts it back in chat, as before
        assert needs.assign_field(s, number, user(s, county, "tw1"), "城建交通").ok
    # county-build heard round 1; 分派 is a new round, so they hear it again
    assert len([k for k in _pushes(db, f"need:{number}:whistle:") if k.endswith(":build1")]) == 2


# --- whistle and escalate now ---------------------------------------------------------------

def test_whistle_now_then_escalate_step_by_step(app, db, county):
    number = _report(db, county)
    cadre = _cadre(app)
    assert "还没吹哨" in _act(cadre, number, "escalate")
    assert "已吹哨" in _act(cadre, number, "whistle")
    assert _need(db, number).state == "alerted"
    assert {o for o, _ in _pushes(db, f"need:{number}:whistle:").values()} == {"build1", "build2", "build_lead"}
    assert "已经吹过哨了" in _act(cadre, number, "whistle")
    assert "组长" in _act(cadre, number, "escalate")
    need = _need(db, number)
    assert (need.state, need.escalation_level) == ("escalated", 1)
    assert list(_pushes(db, f"need:{number}:escalate:")) == [f"need:{number}:escalate:1:build_lead"]
    assert "片区书记" in _act(cadre, number, "escalate")
    assert sorted(_pushes(db, f"need:{number}:escalate:")) == [f"need:{number}:escalate:1:build_lead",
                                                                f"need:{number}:escalate:2:s1"]
    assert "不能再往上催" in _act(cadre, number, "escalate")
    assert [e.after["escalation_level"] for e in _audit(db, "need.escalate")] == [1, 2]
    assert len(_audit(db, "need.whistle")) == 1
    with db.session() as s:  # the job has nothing left to do for it
        assert needs.escalate_unclaimed(s, NOW + timedelta(days=30)) == 0


def test_escalate_now_does_what_the_job_does(db, county):
    by_hand, by_job = _whistled(db, county), _whistled(db, county)
    with db.session() as s:
        assert staff.escalate_now(s, by_hand, "daicun").ok
        assert needs.escalate_unclaimed(s, NOW + timedelta(hours=23)) == 1  # only by_job is due by then
        hand, job = s.get(Need, by_hand), s.get(Need, by_job)
        assert (hand.state, hand.escalation_level) == (job.state, job.escalation_level) == ("escalated", 1)
    hand_keys = [k.split(":", 2)[2] for k in _pushes(db, f"need:{by_hand}:escalate:")]
    job_keys = [k.split(":", 2)[2] for k in _pushes(db, f"need:{by_job}:escalate:")]
    assert hand_keys == job_keys == ["escalate:1:build_lead"]


def test_a_claimed_need_is_not_escalated(app, db, county):
    number = _whistled(db, county, "build1")
    assert "已经有党代表接手" in _act(_cadre(app), number, "escalate")
    assert _need(db, number).escalation_level == 0


# --- close --------------------------------------------------------------------------------

def test_close_asks_the_villager_to_rate_and_tells_the_rep(app, db, county):
    number = _whistled(db, county, "build1")
    cadre = _cadre(app)
    assert "请写上办结说明" in _act(cadre, number, "close", {"note": "   "})
    assert "已办结" in _act(cadre, number, "close", {"note": "路已经修好了"})
    need = _need(db, number)
    assert need.state == "closed" and need.closed_at is not None and need.claimed_by == county.users["build1"]
    to_villager = {k: v for k, v in _pushes(db, f"need:{number}:closed:").items() if v[0] == "v1"}
    (openid, text), = to_villager.values()
    assert "片区说：路已经修好了" in text and "满意" in text
    to_rep = {k: v for k, v in _pushes(db, f"need:{number}:closed:").items() if v[0] == "build1"}
    assert len(to_rep) == 1 and "不用再办" in next(iter(to_rep.values()))[1]
    assert _audit(db, "need.close")[0].after["state"] == "closed"
    assert "已经办结了" in _act(cadre, number, "close", {"note": "再来一次"}, seen=staff.version(_need(db, number)))
    with db.session() as s:  # 不满意: back to the same representative, as after a rep's 办结
        assert needs.rate(s, user(s, county, "v1"), satisfied=False, note="灯还是不亮").reason == "reopened"
        assert s.get(Need, number).state == "reopened"
    assert [o for o, _ in _pushes(db, f"need:{number}:reopened:").values()] == ["build1"]


def test_an_unclaimed_need_cannot_be_closed(app, db, county):
    number = _whistled(db, county)
    assert "还没有党代表接手" in _act(_cadre(app), number, "close", {"note": "重复的"})
    assert _need(db, number).state == "alerted" and not _audit(db, "need.close")


# --- the need changed meanwhile ---------------------------------------------------------------

@pytest.mark.parametrize("action, data", [
    ("assign", lambda c: {"rep": f"county-build:{c.users['build2']}"}),
    ("field", lambda c: {"field": "农业"}),
    ("escalate", lambda c: {}),
    ("close", lambda c: {"note": "办好了"}),
])
def test_an_action_on_a_need_that_changed_meanwhile_is_refused_with_a_message(app, db, county, action, data):
    number = _whistled(db, county, *(("build1",) if action == "close" else ()))
    cadre = _cadre(app)
    seen = _seen(cadre, number)
    with db.session() as s:  # meanwhile, in chat
        if action == "close":
            assert needs.close(s, number, user(s, county, "build1"), "我办好了").ok
        else:
            assert needs.claim(s, number, user(s, county, "build1")).ok
    before = _need(db, number)
    page = _act(cadre, number, action, data(county), seen=seen)
    assert "刚刚有了变化" in page
    after = _need(db, number)
    assert staff.version(after) == staff.version(before)
    assert not _audit(db, f"need.{action}")
    assert "刚刚有了变化" in _act(cadre, number, action, data(county), seen="")  # no version: refused too


def test_a_cadre_and_a_rep_racing_leave_one_winner(db, county):
    for _ in range(3):
        number = _whistled(db, county)
        seen = staff.version(_need(db, number))

        def assign():
            with db.session() as s:
                return staff.assign_rep(s, number, user(s, county, "build2"), "county-build", "daicun", seen).reason

        def claim():
            with db.session() as s:
                return needs.claim(s, number, user(s, county, "build1")).reason

        reasons = race([assign, claim])
        assert sorted(reasons) in (["assigned", "taken"], ["changed", "claimed"]), reasons
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(NeedEvent).where(
                NeedEvent.need_id == number, NeedEvent.kind == "claimed")) == 1
        assert len(_pushes(db, f"need:{number}:claimed")) == 1


def test_a_cadre_closing_while_the_rep_closes_closes_once(db, county):
    for _ in range(3):
        number = _whistled(db, county, "build1")
        seen = staff.version(_need(db, number))

        def by_cadre():
            with db.session() as s:
                return staff.close_need(s, number, "片区办好了", "daicun", seen).reason

        def by_rep():
            with db.session() as s:
                return needs.close(s, number, user(s, county, "build1"), "我办好了").reason

        reasons = race([by_cadre, by_rep])
        assert reasons.count("closed") == 1 and set(reasons) <= {"closed", "changed", "closed_already"}, reasons
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(NeedEvent).where(
                NeedEvent.need_id == number, NeedEvent.kind == "closed")) == 1
        assert len([v for v in _pushes(db, f"need:{number}:closed:").values() if v[0] == "v1"]) == 1


# --- scope ---------------------------------------------------------------------------------

def test_another_areas_need_is_refused_and_untouched(app, db, county):
    far = _report(db, county, who="v2")
    cadre = _cadre(app)
    assert cadre.get(f"/admin/needs/{far}").status_code == 403
    seen = staff.version(_need(db, far))
    for action, data in (("assign", {"rep": f"county-build:{county.users['build_ll']}"}), ("field", {"field": "农业"}),
                         ("whistle", {}), ("escalate", {}), ("close", {"note": "x"})):
        response = post(cadre, f"/admin/needs/{far}/{action}", {"seen": seen, **data})
        assert response.status_code == 403, action
    assert _need(db, far).state == "collected" and not _pushes(db, f"need:{far}:")
    assert cadre.get("/admin/needs/99999").status_code == 404


def test_the_jobs_run_for_the_accounts_areas_only(app, db, county):
    mine = _report(db, county)
    far = _report(db, county, who="v2")
    cadre = _cadre(app)
    asked = cadre.get("/admin/needs/whistle").get_data(as_text=True)  # issue 16: a page to confirm first
    assert f"{mine}号" in asked and f"{far}号" not in asked and _need(db, mine).state == "collected"
    unreasoned = post(cadre, "/admin/needs/whistle", {"confirmed": "1"}, token_from="/admin/needs")
    assert "请写上原因" in unreasoned.get_data(as_text=True) and _need(db, mine).state == "collected"
    page = post(cadre, "/admin/needs/whistle", {"confirmed": "1", "reason": "村里急着要"}, token_from="/admin/needs",
                follow_redirects=True)
    assert "已吹哨：1条" in page.get_data(as_text=True)
    assert (_need(db, mine).state, _need(db, far).state) == ("alerted", "collected")
    with db.session() as s:  # 30 hours later nobody has claimed it
        s.get(Need, mine).alerted_at = NOW - timedelta(hours=30)
        needs.whistle_round(s, NOW - timedelta(hours=30))
        s.get(Need, far).alerted_at = NOW - timedelta(hours=30)
    page = post(cadre, "/admin/needs/escalate", token_from="/admin/needs", follow_redirects=True)
    assert "已催办：1条" in page.get_data(as_text=True)
    assert (_need(db, mine).escalation_level, _need(db, far).escalation_level) == (1, 0)
    assert _audit(db, "need.whistle_round")[0].after == {"alerted": 1, "reason": "村里急着要"}
    assert _audit(db, "need.escalate_due")[0].after == {"moved": 1}
    again = post(cadre, "/admin/needs/whistle", {"confirmed": "1", "reason": "再吹一次"}, token_from="/admin/needs",
                 follow_redirects=True)
    assert "没有等着吹哨" in again.get_data(as_text=True) and len(_audit(db, "need.whistle_round")) == 1


# --- group leaders (flask needs leader) -----------------------------------------------------

def _leaders(db, county, key: str) -> list[bool]:
    with db.session() as s:
        return list(s.scalars(select(UserRole.leader).where(UserRole.user_id == county.users[key],
                                                            UserRole.role == "rep")))


def test_county_sets_and_unsets_a_group_leader(app, db, county):
    cadre = _cadre(app, "county1")
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
    entries = _audit(db, "user.leader")
    assert [e.after["leaders"] for e in entries] == [[True], [False]]
    unchanged = post(cadre, url, {"group_code": "county-build", "leader": "0"}, token_from="/admin/needs/groups",
                     follow_redirects=True)
    assert "没有变化" in unchanged.get_data(as_text=True) and len(_audit(db, "user.leader")) == 2
    wrong_group = post(cadre, url, {"group_code": "county-agri", "leader": "1"}, token_from="/admin/needs/groups")
    assert wrong_group.status_code == 404


def test_a_township_sets_leaders_only_of_reps_bound_to_its_areas(app, db, county):
    township = _cadre(app, "ll")
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
    area = _cadre(app, "daicun")
    assert "代表build_ll" not in area.get("/admin/needs/groups").get_data(as_text=True)
    assert post(area, f"/admin/users/{county.users['build_ll']}/leader", {"group_code": "county-build", "leader": "0"},
                token_from="/admin/needs/groups").status_code == 403
    assert _leaders(db, county, "build_ll") == [True]


# --- dashboard -----------------------------------------------------------------------------

def test_need_speed_on_known_data(db, county):
    t0 = datetime(2026, 11, 2, 1, 0, tzinfo=timezone.utc)
    daicun, xunzhuang = county.areas["bz-daicun"], county.areas["ll-xunzhuang"]

    def report(who="v1", at=t0):
        with db.session() as s:
            number = needs.report_need(s, user(s, county, who), ROAD, now=at).number
            needs.whistle_round(s, at)
            return number

    def claim(number, hours, who="build1"):
        with db.session() as s:
            assert needs.claim(s, number, user(s, county, who), t0 + timedelta(hours=hours)).ok

    def close(number, hours, who="build1"):
        with db.session() as s:
            assert needs.close(s, number, user(s, county, who), "好了", t0 + timedelta(hours=hours)).ok

    fast, slow, _never = report(), report(), report()  # the third is never taken on
    claim(fast, 10), close(fast, 30)                  # taken on in 10 h, closed after 30 h
    claim(slow, 50), close(slow, 96)                  # taken on after 50 h, closed after 96 h
    young = report(at=t0 + timedelta(hours=100))      # reported 20 h before "now": not yet due
    claim(young, 101)
    with db.session() as s:                           # handed over by a cadre within 48 h
        assigned = needs.report_need(s, user(s, county, "v3"), ROAD, now=t0).number
        assert staff.assign_rep(s, assigned, user(s, county, "build2"), "county-build", "daicun",
                                now=t0 + timedelta(hours=47)).ok
    far = report(who="v2")
    claim(far, 1, who="build_ll")
    now = t0 + timedelta(hours=120)
    with db.session() as s:
        area = figures.need_speed(s, {daicun}, t0 - timedelta(days=1), now)
        everywhere = figures.need_speed(s, None, t0 - timedelta(days=1), now)
        later = figures.need_speed(s, {daicun}, t0 + timedelta(hours=1), t0 + timedelta(hours=200))  # only `young`
        by_field, series = figures.needs_by_field(s, {daicun})
        other = figures.need_speed(s, {xunzhuang}, t0 - timedelta(days=1), now)
    assert (area.due, area.claimed_in_time, area.claimed_share) == (4, 2, 0.5)  # fast, assigned of 4
    assert (area.closed, area.median_close) == (2, timedelta(hours=63))
    assert figures.duration_words(area.median_close) == "2.6天"
    assert (everywhere.due, everywhere.claimed_in_time) == (5, 3)
    assert (later.due, later.claimed_share, later.median_close) == (1, 1.0, None)
    assert (other.due, other.claimed_in_time, other.closed) == (1, 1, 0)
    assert dict(by_field) == {"城建交通": {"已办结": 2, "已吹哨": 1, "已报到": 2}}
    assert series == ["已吹哨", "已报到", "已办结"]


@pytest.mark.parametrize("hours, words", [(0.5, "不到1小时"), (1, "1小时"), (47.9, "47小时"), (48, "2天"),
                                          (63, "2.6天"), (24 * 10, "10天")])
def test_duration_words(hours, words):
    assert figures.duration_words(timedelta(hours=hours)) == words


def test_dashboard_shows_the_needs_figures(app, db, county):
    number = _report(db, county, ago=timedelta(days=4))
    with db.session() as s:
        needs.whistle_round(s, NOW - timedelta(days=4))
        assert needs.claim(s, number, user(s, county, "build1"), NOW - timedelta(days=3, hours=12)).ok
        assert needs.close(s, number, user(s, county, "build1"), "好了", NOW - timedelta(days=2)).ok
    _report(db, county, ago=timedelta(days=3))  # nobody took it on
    html = _cadre(app).get("/admin/figures").get_data(as_text=True)
    assert "50%" in html and "（1/2）" in html and "2天" in html and "群众需求（按领域、状态）" in html
    assert "<svg" in html and "城建交通" in html
    assert "群众需求" in html and 'href="/admin/needs"' in html  # the board is in the navigation
