"""The 群众需求 board's actions on one need: whistle and escalate now, close, and an action on a
need that changed meanwhile (a stale page, a rep racing the cadre).

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
from sqlalchemy import func, select

from bot import needs
from bot.models import Need, NeedEvent
from bot.needs import staff
from tests.kit.admin import audit_entries, logged_in
from tests.kit.needs_desk import (NEEDS_ACCOUNTS, NOW, act, need_row,
                                  pushes_from, report, seen_stamp, whistled)
from tests.kit.races import race
from tests.kit.worlds import user

pytestmark = pytest.mark.county("needs", accounts=NEEDS_ACCOUNTS)


# --- whistle and escalate now ---------------------------------------------------------------

def test_whistle_now_then_escalate_step_by_step(app, db, county):
    number = report(db, county)
    cadre = logged_in(app, "daicun")
    assert "还没吹哨" in act(cadre, number, "escalate")
    assert "已吹哨" in act(cadre, number, "whistle")
    assert need_row(db, number).state == "alerted"
    assert {o for o, _ in pushes_from(db, f"need:{number}:whistle:").values()} == {"build1", "build2", "build_lead"}
    assert "已经吹过哨了" in act(cadre, number, "whistle")
    assert "组长" in act(cadre, number, "escalate")
    need = need_row(db, number)
    assert (need.state, need.escalation_level) == ("escalated", 1)
    assert list(pushes_from(db, f"need:{number}:escalate:")) == [f"need:{number}:escalate:1:build_lead"]
    assert "片区书记" in act(cadre, number, "escalate")
    assert sorted(pushes_from(db, f"need:{number}:escalate:")) == [f"need:{number}:escalate:1:build_lead",
                                                                f"need:{number}:escalate:2:s1"]
    assert "不能再往上催" in act(cadre, number, "escalate")
    assert [e.after["escalation_level"] for e in audit_entries(db, "need.escalate")] == [1, 2]
    assert len(audit_entries(db, "need.whistle")) == 1
    with db.session() as s:  # the job has nothing left to do for it
        assert needs.escalate_unclaimed(s, NOW + timedelta(days=30)) == 0


def test_escalate_now_does_what_the_job_does(db, county):
    by_hand, by_job = whistled(db, county), whistled(db, county)
    with db.session() as s:
        assert staff.escalate_now(s, by_hand, "daicun").ok
        assert needs.escalate_unclaimed(s, NOW + timedelta(hours=23)) == 1  # only by_job is due by then
        hand, job = s.get(Need, by_hand), s.get(Need, by_job)
        assert (hand.state, hand.escalation_level) == (job.state, job.escalation_level) == ("escalated", 1)
    hand_keys = [k.split(":", 2)[2] for k in pushes_from(db, f"need:{by_hand}:escalate:")]
    job_keys = [k.split(":", 2)[2] for k in pushes_from(db, f"need:{by_job}:escalate:")]
    assert hand_keys == job_keys == ["escalate:1:build_lead"]


def test_a_claimed_need_is_not_escalated(app, db, county):
    number = whistled(db, county, "build1")
    assert "已经有党代表接手" in act(logged_in(app, "daicun"), number, "escalate")
    assert need_row(db, number).escalation_level == 0


# --- close --------------------------------------------------------------------------------

def test_close_asks_the_villager_to_rate_and_tells_the_rep(app, db, county):
    number = whistled(db, county, "build1")
    cadre = logged_in(app, "daicun")
    assert "请写上办结说明" in act(cadre, number, "close", {"note": "   "})
    assert "已办结" in act(cadre, number, "close", {"note": "路已经修好了"})
    need = need_row(db, number)
    assert need.state == "closed" and need.closed_at is not None and need.claimed_by == county.users["build1"]
    to_villager = {k: v for k, v in pushes_from(db, f"need:{number}:closed:").items() if v[0] == "v1"}
    (openid, text), = to_villager.values()
    assert "片区说：路已经修好了" in text and "满意" in text
    to_rep = {k: v for k, v in pushes_from(db, f"need:{number}:closed:").items() if v[0] == "build1"}
    assert len(to_rep) == 1 and "不用再办" in next(iter(to_rep.values()))[1]
    assert audit_entries(db, "need.close")[0].after["state"] == "closed"
    assert "已经办结了" in act(cadre, number, "close", {"note": "再来一次"}, seen=staff.version(need_row(db, number)))
    with db.session() as s:  # 不满意: back to the same representative, as after a rep's 办结
        assert needs.rate(s, user(s, county, "v1"), satisfied=False, note="灯还是不亮").reason == "reopened"
        assert s.get(Need, number).state == "reopened"
    assert [o for o, _ in pushes_from(db, f"need:{number}:reopened:").values()] == ["build1"]


def test_an_unclaimed_need_cannot_be_closed(app, db, county):
    number = whistled(db, county)
    assert "还没有党代表接手" in act(logged_in(app, "daicun"), number, "close", {"note": "重复的"})
    assert need_row(db, number).state == "alerted" and not audit_entries(db, "need.close")


# --- the need changed meanwhile ---------------------------------------------------------------

@pytest.mark.parametrize("action, data", [
    ("assign", lambda c: {"rep": f"county-build:{c.users['build2']}"}),
    ("field", lambda c: {"field": "农业"}),
    ("escalate", lambda c: {}),
    ("close", lambda c: {"note": "办好了"}),
])
def test_an_action_on_a_need_that_changed_meanwhile_is_refused_with_a_message(app, db, county, action, data):
    number = whistled(db, county, *(("build1",) if action == "close" else ()))
    cadre = logged_in(app, "daicun")
    seen = seen_stamp(cadre, number)
    with db.session() as s:  # meanwhile, in chat
        if action == "close":
            assert needs.close(s, number, user(s, county, "build1"), "我办好了").ok
        else:
            assert needs.claim(s, number, user(s, county, "build1")).ok
    before = need_row(db, number)
    page = act(cadre, number, action, data(county), seen=seen)
    assert "刚刚有了变化" in page
    after = need_row(db, number)
    assert staff.version(after) == staff.version(before)
    assert not audit_entries(db, f"need.{action}")
    assert "刚刚有了变化" in act(cadre, number, action, data(county), seen="")  # no version: refused too


def test_a_cadre_and_a_rep_racing_leave_one_winner(db, county):
    for _ in range(3):
        number = whistled(db, county)
        seen = staff.version(need_row(db, number))

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
        assert len(pushes_from(db, f"need:{number}:claimed")) == 1


def test_a_cadre_closing_while_the_rep_closes_closes_once(db, county):
    for _ in range(3):
        number = whistled(db, county, "build1")
        seen = staff.version(need_row(db, number))

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
        assert len([v for v in pushes_from(db, f"need:{number}:closed:").values() if v[0] == "v1"]) == 1
