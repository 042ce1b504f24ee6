"""Needs and whistles on the real database: classification to a group, whistle rounds, claims,
progress, closing, the villager's verdict, escalation, and who sees what."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot import clock
from bot import needs
from bot.models import Need, NeedEvent, OutboxMessage
from tests.kit.worlds import user
from tests.kit.outbox import keys_from

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
ROAD = "村口那条路坑坑洼洼，一下雨全是泥，车都过不去"


pytestmark = pytest.mark.county("needs")


def _report(db, county, who="v1", text=ROAD, urgency="normal", now=T0) -> int:
    with db.session() as s:
        return needs.report_need(s, user(s, county, who), text, urgency=urgency, now=now).number


def _whistled(db, number: int) -> set[str]:
    return {k.rsplit(":", 1)[1] for k in keys_from(db, f"need:{number}:whistle:")}


def test_a_reported_need_gets_a_number_a_field_and_its_group(db, county):
    number = _report(db, county)
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.field, need.group_code, need.state) == ("城建交通", "county-build", "collected")
        assert need.confidence >= 0.5 and need.area.code == "bz-daicun" and need.village.name == "代村"
    assert keys_from(db, f"need:{number}:") == []  # a normal need waits for the whistle round


def test_whistle_round_alerts_the_matching_group_serving_the_area_only(db, county):
    road = _report(db, county)
    far_road = _report(db, county, who="v2")  # 荀庄片区: build_ll serves it too
    with db.session() as s:
        assert needs.whistle_round(s, T0 + timedelta(hours=1)) == 2
    assert _whistled(db, road) == {"build1", "build2", "build_lead"}
    assert _whistled(db, far_road) == {"build1", "build2", "build_lead", "build_ll"}
    with db.session() as s:
        assert needs.whistle_round(s, T0 + timedelta(hours=2)) == 0  # nothing new: nothing twice
        assert s.get(Need, road).state == "alerted"
        text = s.scalar(select(OutboxMessage.payload).where(
            OutboxMessage.business_key == f"need:{road}:whistle:build1"))
    assert f"{road}号" in text["text"] and "代村" in text["text"] and f"报到 {road}" in text["text"]
    template = text["template"]
    # The template's typed fields (bot/outbox/kinds.py); the outbox fits each to 20 characters.
    assert template["事项"].startswith(f"{road}号 ") and template["地点"] == "代村"
    assert template["状态"] == "待认领"


def test_whistle_round_of_one_township(db, county):
    daicun, xunzhuang = _report(db, county), _report(db, county, who="v2")
    with db.session() as s:
        assert needs.whistle_round(s, T0, township="兰陵镇") == 1
        assert (s.get(Need, daicun).state, s.get(Need, xunzhuang).state) == ("collected", "alerted")


def test_an_urgent_need_is_alerted_at_once(db, county):
    number = _report(db, county, text="停电一整天了，老人在家用不了制氧机", urgency="urgent")
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.field, need.state, need.alerted_at) == ("水电", "alerted", T0)
        # the water-and-power group has no members yet: its township group takes it over
        assert need.group_code == "tw-bianzhuang"
    assert _whistled(db, number) == {"tw1"}
    with db.session() as s:
        assert needs.claim(s, number, user(s, county, "tw1"), T0).ok
    with db.session() as s:
        told = s.scalars(select(NeedEvent.user_id).where(NeedEvent.need_id == number,
                                                         NeedEvent.kind == "alerted")).all()
    assert told == [county.users["tw1"]]


def test_an_unsure_need_goes_to_the_township_group_to_sort(db, county):
    number = _report(db, county, text="俺有个事想跟领导当面说说")
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.field, need.group_code) == ("综合", "tw-bianzhuang")
        needs.whistle_round(s, T0)
    assert _whistled(db, number) == {"tw1"}
    with db.session() as s:
        assert needs.claim(s, number, user(s, county, "build1"), T0).reason == "not_your_group"
        assert needs.assign_field(s, number, user(s, county, "tw1"), "火星", T0).reason == "unknown_field"
        assert needs.assign_field(s, number, user(s, county, "build1"), "农业", T0).reason == "not_your_group"
        outcome = needs.assign_field(s, number, user(s, county, "tw1"), "城建交通", T0)
        assert outcome.ok and outcome.item.group_code == "county-build" and outcome.item.state == "alerted"
    assert _whistled(db, number) == {"tw1", "build1", "build2", "build_lead"}
    with db.session() as s:
        assert needs.claim(s, number, user(s, county, "build1"), T0).ok
        # once sorted it belongs to the field group: the township group no longer moves it
        assert needs.assign_field(s, number, user(s, county, "tw1"), "农业", T0).reason == "not_your_group"


def test_only_a_representative_of_the_matching_group_can_claim(db, county):
    number = _report(db, county)
    with db.session() as s:
        needs.whistle_round(s, T0)
        for who in ("agri1", "law1", "v1", "v3", "s1", "tw1"):
            assert needs.claim(s, number, user(s, county, who), T0).reason == "not_your_group", who
        assert needs.claim(s, 9999, user(s, county, "build1"), T0).reason == "not_found"
        assert s.get(Need, number).claimed_by is None


def test_an_area_bound_representative_claims_only_in_that_area(db, county):
    daicun, xunzhuang = _report(db, county), _report(db, county, who="v2")
    with db.session() as s:
        needs.whistle_round(s, T0)
        rep = user(s, county, "build_ll")
        assert needs.claim(s, daicun, rep, T0).reason == "not_your_group"
        assert needs.claim(s, xunzhuang, rep, T0).ok


def test_claim_progress_close_and_the_villagers_verdict(db, county):
    number = _report(db, county)
    with db.session() as s:
        needs.whistle_round(s, T0)
        outcome = needs.claim(s, number, user(s, county, "build1"), T0 + timedelta(hours=1))
        assert outcome.ok and outcome.item.state == "claimed"
        again = needs.claim(s, number, user(s, county, "build2"), T0 + timedelta(hours=1))
        assert again.reason == "taken"
        assert needs.claim(s, number, user(s, county, "build1"), T0).reason == "already_yours"
    # the others who heard the whistle are told it is taken; the villager is told who took it
    assert keys_from(db, f"need:{number}:taken:") == [f"need:{number}:taken:build2", f"need:{number}:taken:build_lead"]
    assert keys_from(db, f"need:{number}:claimed") == [f"need:{number}:claimed"]
    with db.session() as s:
        claimed = s.scalar(select(OutboxMessage).where(OutboxMessage.business_key == f"need:{number}:claimed"))
        assert claimed.openid == "v1" and "代表build1" in claimed.payload["text"]
        build2 = user(s, county, "build2")
        assert needs.report_progress(s, number, build2, "我也去看看", T0).reason == "not_yours"
        rep = user(s, county, "build1")
        assert needs.report_progress(s, number, rep, "  ", T0).reason == "empty_note"
        assert needs.report_progress(s, number, rep, "已联系施工队，后天来修", T0).ok
        assert s.get(Need, number).state == "in_progress"
        assert needs.close(s, number, rep, "路修好了", T0 + timedelta(days=2)).ok
        assert needs.close(s, number, rep, "再办结一次", T0 + timedelta(days=2)).reason == "closed_already"
    assert len(keys_from(db, f"need:{number}:progress:")) == 1 and len(keys_from(db, f"need:{number}:closed:")) == 1
    with db.session() as s:
        v1 = user(s, county, "v1")
        assert needs.rate(s, user(s, county, "v3"), satisfied=False, need_no=number).reason == "not_found"
        outcome = needs.rate(s, v1, satisfied=False, note="还是有坑", now=T0 + timedelta(days=3))
        assert outcome.reason == "reopened"
        need = s.get(Need, number)
        assert (need.state, need.satisfaction, need.reopen_count) == ("reopened", "unsatisfied", 1)
        assert needs.rate(s, v1, satisfied=True).reason == "nothing_to_rate"
    reopened = keys_from(db, f"need:{number}:reopened:")
    assert len(reopened) == 1
    with db.session() as s:
        rep = user(s, county, "build1")
        assert s.scalar(select(OutboxMessage.openid).where(OutboxMessage.business_key == reopened[0])) == "build1"
        assert needs.close(s, number, rep, "坑也补上了", T0 + timedelta(days=4)).ok
        assert needs.rate(s, user(s, county, "v1"), satisfied=True).reason == "satisfied"
        need = s.get(Need, number)
        assert (need.state, need.satisfaction) == ("closed", "satisfied")
    assert len(keys_from(db, f"need:{number}:closed:")) == 2  # asked again after the second closing
    assert len(keys_from(db, f"need:{number}:satisfied:")) == 1


def test_unclaimed_whistles_go_to_the_leader_then_the_secretary(db, county):
    number = _report(db, county)
    urgent = _report(db, county, text="桥塌了一半，车过去危险", urgency="urgent")
    with db.session() as s:
        needs.whistle_round(s, T0)
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=1)) == 0
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=2)) == 1  # the urgent one first
        assert s.get(Need, urgent).escalation_level == 1
    assert keys_from(db, f"need:{urgent}:escalate:") == [f"need:{urgent}:escalate:1:build_lead"]
    with db.session() as s:
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=24)) == 2  # urgent → secretary; normal → leader
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=24)) == 0  # a rerun does nothing
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=48)) == 1
        assert needs.escalate_unclaimed(s, T0 + timedelta(days=30)) == 0  # nobody above the secretary
        assert s.get(Need, number).state == "escalated" and s.get(Need, number).escalation_level == 2
    assert keys_from(db, f"need:{number}:escalate:") == [f"need:{number}:escalate:1:build_lead",
                                                      f"need:{number}:escalate:2:s1"]
    with db.session() as s:
        secretary = s.scalar(select(OutboxMessage.payload).where(
            OutboxMessage.business_key == f"need:{number}:escalate:2:s1"))
        assert "安排" in secretary["text"]
        assert needs.claim(s, number, user(s, county, "s1"), T0).reason == "not_your_group"
        assert needs.claim(s, number, user(s, county, "build_lead"), T0 + timedelta(days=3)).ok
    assert f"need:{number}:taken:s1" in keys_from(db, f"need:{number}:taken:")  # the secretary hears it is taken
    with db.session() as s:
        assert needs.escalate_unclaimed(s, T0 + timedelta(days=60)) == 0


def test_without_a_leader_escalation_goes_straight_to_the_secretary(db, county):
    number = _report(db, county, text="想请家庭医生上门看看俺娘的血压")
    with db.session() as s:
        need = s.get(Need, number)
        assert need.group_code == "county-health"  # a group without members: township group hears it
        needs.whistle_round(s, T0)
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=25)) == 1
        assert s.get(Need, number).escalation_level == 2
    assert keys_from(db, f"need:{number}:escalate:") == [f"need:{number}:escalate:2:s1"]


def test_villagers_see_only_their_own_needs(db, county):
    mine = _report(db, county)
    theirs = _report(db, county, who="v3", text="自来水三天没来了")
    with db.session() as s:
        v1 = user(s, county, "v1")
        assert [n.number for n in needs.needs_of_villager(s, v1)] == [mine]
        assert needs.find_own(s, v1, theirs) is None and needs.find_own(s, v1, mine).number == mine
        lines = needs.status_lines(s, v1)
        assert len(lines) == 1 and lines[0].startswith(f"{mine}号") and "等着转给党代表" in lines[0]
        assert needs.status_lines(s, user(s, county, "v2")) == []


def test_representatives_see_what_their_groups_may_claim(db, county):
    daicun, xunzhuang = _report(db, county), _report(db, county, who="v2")
    farm = _report(db, county, text="大棚里的黄瓜叶子发黄")
    with db.session() as s:
        needs.whistle_round(s, T0)
        assert [n.number for n in needs.claimable_for(s, user(s, county, "build1"))] == [daicun, xunzhuang]
        assert [n.number for n in needs.claimable_for(s, user(s, county, "build_ll"))] == [xunzhuang]
        assert [n.number for n in needs.claimable_for(s, user(s, county, "agri1"))] == [farm]
        assert needs.claimable_for(s, user(s, county, "v1")) == []
        rep = user(s, county, "build1")
        needs.claim(s, daicun, rep, T0)
        assert [n.number for n in needs.held_by(s, rep)] == [daicun]
        assert [n.number for n in needs.claimable_for(s, rep)] == [xunzhuang]


def test_a_villager_without_a_village_cannot_report(db, county):
    from tests.kit.factories import add_user

    with db.session() as s:
        stranger = add_user(s, "nobody")
        with pytest.raises(ValueError):
            needs.report_need(s, stranger, ROAD)
        assert s.scalar(select(func.count()).select_from(Need)) == 0


def test_schema_matches_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.models import Base

    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diffs if any(name in repr(d) for name in ("need", "theme", "leader", "speciality"))]
    assert mine == []


def test_cli_marks_a_leader_and_runs_the_jobs(runner, db, county):
    result = runner.invoke(args=["needs", "leader", "build1", "county-build"])
    assert result.exit_code == 0 and "build1 leads county-build" in result.output
    assert runner.invoke(args=["needs", "leader", "agri1", "county-build"]).exit_code != 0
    assert runner.invoke(args=["needs", "leader", "ghost", "county-build"]).exit_code != 0
    _report(db, county, now=clock.now())
    result = runner.invoke(args=["needs", "whistle", "--township", "卞庄街道"])
    assert result.exit_code == 0 and "1 need(s) alerted" in result.output
    assert "0 need(s) moved up" in runner.invoke(args=["needs", "escalate"]).output
    assert "252 new" in runner.invoke(args=["themes", "load"]).output
    assert runner.invoke(args=["themes", "push"]).exit_code == 0
    with db.session() as s:
        leaders = needs.group_reps(s, "county-build", county.areas["bz-daicun"], leaders_only=True)
    assert [u.openid for u in leaders] == ["build1", "build_lead"]
