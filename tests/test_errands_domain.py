"""Errand rules: least-busy offer, accept once by the right person, progress, finish, escalation."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select

from bot import errands
from bot.guides import GUIDE_TITLES, matter_title
from bot.models import Errand, ErrandEvent, OutboxMessage, User, UserRole

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


def _user(s, county, key) -> User:
    return s.get(User, county.users[key])


def _new(db, county, villager="v1", now=T0, matter="低保办理") -> int:
    with db.session() as s:
        errand = errands.create_errand(s, _user(s, county, villager), matter=matter, phone="13812345678",
                                       preferred_time="明天上午", guide_id="dibao", now=now)
        return errand.number


def _errand(db, number) -> Errand:
    with db.session() as s:
        errand = s.get(Errand, number)
        s.expunge(errand)
        return errand


def _outbox(db) -> dict[str, str]:
    with db.session() as s:
        return dict(s.execute(select(OutboxMessage.business_key, OutboxMessage.openid)).all())


def test_offer_goes_to_the_least_busy_member_of_the_area(db, county):
    # m1 already holds two open errands, m3 one: the next goes to m2, then m3 (tie with m2 → older id).
    for member, count in (("m1", 2), ("m3", 1)):
        for _ in range(count):
            number = _new(db, county)
            with db.session() as s:
                s.get(Errand, number).assignee_id = county.users[member]
    first = _new(db, county)
    assert _errand(db, first).assignee_id == county.users["m2"]
    second = _new(db, county)
    assert _errand(db, second).assignee_id in (county.users["m2"], county.users["m3"])
    assert _outbox(db)[f"errand:{first}:offer:m2"] == "m2"


def test_offer_never_leaves_the_area_nor_goes_to_the_villager_himself(db, county):
    with db.session() as s:  # m1 asks for an errand himself: the offer goes to another member
        m1 = _user(s, county, "m1")
        errand = errands.create_errand(s, m1, "低保办理", "13812345678", now=T0)
        assert errand.assignee_id in (county.users["m2"], county.users["m3"])
    number = _new(db, county, villager="v2")  # 东关片区: only mb1
    assert _errand(db, number).assignee_id == county.users["mb1"]


def test_escalation_moves_to_the_next_member_then_the_secretary(db, county):
    number = _new(db, county)
    first = _errand(db, number).assignee_id
    with db.session() as s:
        assert errands.escalate_overdue(s, T0 + timedelta(minutes=119)) == []
    seen = {first}
    for hour in (2, 4):
        with db.session() as s:
            steps = errands.escalate_overdue(s, T0 + timedelta(hours=hour))
        assert [st.action for st in steps] == ["reoffered"]
        current = _errand(db, number).assignee_id
        assert current not in seen
        seen.add(current)
    assert seen == {county.users[k] for k in ("m1", "m2", "m3")}
    with db.session() as s:
        steps = errands.escalate_overdue(s, T0 + timedelta(hours=6))
    assert [(st.action, st.to_openids) for st in steps] == [("escalated", ("s1",))]
    errand = _errand(db, number)
    assert errand.state == "escalated" and errand.assignee_id is None
    keys = _outbox(db)
    assert {f"errand:{number}:offer:m{i}" for i in (1, 2, 3)} <= set(keys)
    assert f"errand:{number}:escalated:s1" in keys
    assert sum(k.startswith(f"errand:{number}:withdrawn:") for k in keys) == 3
    with db.session() as s:
        kinds = [e.kind for e in s.scalars(select(ErrandEvent).where(ErrandEvent.errand_id == number)
                                           .order_by(ErrandEvent.id))]
    assert kinds == ["created", "offered", "timed_out", "offered", "timed_out", "offered", "timed_out",
                     "escalated"]


def test_escalating_again_sends_nothing_twice(db, county):
    number = _new(db, county)
    later = T0 + timedelta(hours=2)
    with db.session() as s:
        assert len(errands.escalate_overdue(s, later)) == 1
    before = _outbox(db)
    for _ in range(2):
        with db.session() as s:
            assert errands.escalate_overdue(s, later) == []
    assert _outbox(db) == before
    with db.session() as s:
        counts = s.execute(select(OutboxMessage.business_key, func.count())
                           .group_by(OutboxMessage.business_key)).all()
    assert all(count == 1 for _, count in counts) and _errand(db, number).state == "offered"


def test_an_area_without_members_goes_straight_to_its_secretary(db, county):
    with db.session() as s:
        s.execute(delete(UserRole).where(UserRole.role == "party_member", UserRole.area_id == county.areas["a"]))
    number = _new(db, county)
    assert _errand(db, number).state == "escalated"
    assert "errand:%d:escalated:s1" % number in _outbox(db)


def test_only_the_offered_member_accepts_until_it_reaches_the_area(db, county):
    number = _new(db, county)
    offered = _errand(db, number).assignee_id
    others = [k for k in ("m1", "m2", "m3") if county.users[k] != offered]
    with db.session() as s:
        assert errands.accept(s, number, _user(s, county, others[0]), T0).reason == "not_yours"
        assert errands.accept(s, number, _user(s, county, "mb1"), T0).reason == "not_found"
        assert errands.accept(s, number, _user(s, county, "v2"), T0).reason == "not_found"
        assert errands.find_visible(s, _user(s, county, "mb1"), number) is None
        assert errands.find_visible(s, _user(s, county, "v2"), number) is None
    for hours in (2, 4, 6):
        with db.session() as s:
            errands.escalate_overdue(s, T0 + timedelta(hours=hours))
    with db.session() as s:
        assert errands.accept(s, number, _user(s, county, "mb1"), T0).reason == "not_found"
        outcome = errands.accept(s, number, _user(s, county, others[1]), T0 + timedelta(hours=7))
        assert outcome.ok and outcome.item.assignee_id == county.users[others[1]]
        assert errands.accept(s, number, _user(s, county, others[0]), T0).reason == "taken"
        assert errands.accept(s, number, _user(s, county, others[1]), T0).reason == "already_yours"
    assert f"errand:{number}:accepted" in _outbox(db)


def test_the_secretary_can_take_an_escalated_errand(db, county):
    number = _new(db, county)
    for hours in (2, 4, 6):
        with db.session() as s:
            errands.escalate_overdue(s, T0 + timedelta(hours=hours))
    with db.session() as s:
        assert errands.accept(s, number, _user(s, county, "s1"), T0 + timedelta(hours=7)).ok


def test_progress_and_finish_only_by_the_member_handling_it(db, county):
    number = _new(db, county)
    with db.session() as s:
        member = s.get(User, s.get(Errand, number).assignee_id)
        other = next(_user(s, county, k) for k in ("m1", "m2", "m3") if county.users[k] != member.id)
        assert errands.report_progress(s, number, member, "材料交了", T0).reason == "not_yours"  # not accepted yet
        assert errands.accept(s, number, member, T0).ok
        assert errands.report_progress(s, number, other, "我也来", T0).reason == "not_yours"
        assert errands.report_progress(s, number, member, "  ", T0).reason == "empty_note"
        assert errands.report_progress(s, number, member, "已经去乡镇交了材料", T0).ok
        assert errands.report_progress(s, number, member, "乡镇在审核", T0).ok
        assert errands.finish(s, number, other, "", T0).reason == "not_yours"
        assert errands.finish(s, number, member, "已办好", T0 + timedelta(days=1)).ok
        assert errands.finish(s, number, member, "again", T0).reason == "closed"
        assert errands.report_progress(s, number, member, "late", T0).reason == "closed"
    keys = _outbox(db)
    assert sum(k.startswith(f"errand:{number}:progress:") for k in keys) == 2
    assert keys[f"errand:{number}:done"] == "v1"
    errand = _errand(db, number)
    assert errand.state == "done" and errand.done_at == T0 + timedelta(days=1)


def test_decline_passes_it_on_at_once(db, county):
    number = _new(db, county)
    with db.session() as s:
        first = s.get(User, s.get(Errand, number).assignee_id)
        assert errands.decline(s, number, first, T0).ok
        assert errands.decline(s, number, first, T0).reason == "not_yours"
    assert _errand(db, number).assignee_id not in (None, first.id)


def test_an_offer_held_by_someone_who_left_the_role_moves_on_without_waiting(db, county):
    number = _new(db, county)
    holder = _errand(db, number).assignee_id
    with db.session() as s:
        s.execute(delete(UserRole).where(UserRole.user_id == holder))
    with db.session() as s:
        steps = errands.escalate_overdue(s, T0 + timedelta(minutes=5))
    assert [st.action for st in steps] == ["reoffered"]
    assert _errand(db, number).assignee_id != holder


def test_the_villager_cancels_only_their_own_open_errand(db, county):
    number = _new(db, county)
    holder = _errand(db, number).assignee_id
    with db.session() as s:
        assert errands.cancel_errand(s, number, _user(s, county, "v2"), T0).reason == "not_found"
        assert errands.cancel_errand(s, number, _user(s, county, "v1"), T0).ok
        assert errands.cancel_errand(s, number, _user(s, county, "v1"), T0).reason == "closed"
        holder_openid = s.get(User, holder).openid
    assert f"errand:{number}:cancelled:{holder_openid}" in _outbox(db)
    with db.session() as s:
        assert errands.escalate_overdue(s, T0 + timedelta(hours=9)) == []


def test_member_list_shows_own_offers_and_area_escalations_only(db, county):
    mine, elsewhere = _new(db, county), _new(db, county, villager="v2")
    with db.session() as s:
        holder = s.get(User, s.get(Errand, mine).assignee_id)
        assert [e.number for e in errands.errands_for_member(s, holder)] == [mine]
        assert [e.number for e in errands.errands_for_member(s, _user(s, county, "mb1"))] == [elsewhere]
        assert [e.number for e in errands.errands_of_villager(s, _user(s, county, "v1"))] == [mine]


def test_matter_title_falls_back_to_the_contract_titles(db):
    with db.session() as s:
        assert matter_title(s, "dibao") in ("低保办理", GUIDE_TITLES["dibao"])
        assert matter_title(s, "nope") is None and matter_title(s, None) is None
        assert all(matter_title(s, gid) for gid in GUIDE_TITLES)
    assert len(GUIDE_TITLES) == 18
