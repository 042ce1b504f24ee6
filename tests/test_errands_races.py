"""Races on the real database: members accepting at once, accept vs escalation, one invite claimed by many."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot import errands
from bot.accounts import claim_invite, create_invite
from bot.models import Area, Errand, InviteCode, OutboxMessage, User, UserRole
from tests.kit.factories import add_user
from tests.kit.worlds import make_county
from tests.kit.races import race

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


def _accept_in_own_transaction(db, number: int, user_id: int):
    def work():
        with db.session() as s:
            return errands.accept(s, number, s.get(User, user_id), T0 + timedelta(hours=7)).reason
    return work


def _new_escalated(db, county) -> int:
    with db.session() as s:
        number = errands.create_errand(s, s.get(User, county.users["v1"]), "低保办理", "13812345678",
                                       now=T0).number
    hours = 0
    while True:
        hours += 2
        with db.session() as s:
            errands.escalate_overdue(s, T0 + timedelta(hours=hours))
            if s.get(Errand, number).state == "escalated":
                return number


def test_members_racing_to_accept_leave_one_winner(db):
    county = make_county(db, members=5)
    racers = [county.users[k] for k in ("m1", "m2", "m3", "m4", "m5", "s1")]
    for _ in range(4):
        number = _new_escalated(db, county)
        reasons = race([_accept_in_own_transaction(db, number, uid) for uid in racers])
        assert sorted(reasons).count("accepted") == 1, reasons
        assert set(reasons) <= {"accepted", "taken"}
        with db.session() as s:
            errand = s.get(Errand, number)
            assert errand.state == "accepted" and errand.assignee_id in racers
            accepted = s.scalar(select(func.count()).select_from(OutboxMessage)
                                .where(OutboxMessage.business_key == f"errand:{number}:accepted"))
            assert accepted == 1


def test_accept_racing_the_escalation_job_never_does_both(db):
    county = make_county(db)
    for _ in range(4):
        with db.session() as s:
            errand = errands.create_errand(s, s.get(User, county.users["v1"]), "低保办理", "13812345678", now=T0)
            number, holder = errand.number, errand.assignee_id

        def escalate():
            with db.session() as s:
                return [st.action for st in errands.escalate_overdue(s, T0 + timedelta(hours=3))]

        def take():
            with db.session() as s:
                return errands.accept(s, number, s.get(User, holder), T0 + timedelta(hours=3)).reason

        moved, taken = race([escalate, take])
        with db.session() as s:
            errand = s.get(Errand, number)
        if taken == "accepted":
            assert moved == [] and errand.state == "accepted" and errand.assignee_id == holder
        else:
            assert taken == "not_yours" and moved == ["reoffered"] and errand.assignee_id != holder
            with db.session() as s:
                errands.accept(s, number, s.get(User, errand.assignee_id), T0 + timedelta(hours=3))


def test_two_escalation_jobs_at_once_move_each_offer_once(db):
    county = make_county(db)
    with db.session() as s:
        number = errands.create_errand(s, s.get(User, county.users["v1"]), "低保办理", "13812345678",
                                       now=T0).number

    def job():
        with db.session() as s:
            return len(errands.escalate_overdue(s, T0 + timedelta(hours=3)))

    assert sorted(race([job, job, job])) == [0, 0, 1]
    with db.session() as s:
        keys = list(s.scalars(select(OutboxMessage.business_key)))
        assert len(keys) == len(set(keys)) == 3  # first offer, withdrawn, second offer
        assert s.get(Errand, number).offer_round == 2


@pytest.mark.parametrize("claimers", [8])
def test_one_invite_claimed_by_many_at_once_grants_one_role(db, claimers):
    make_county(db)
    with db.session() as s:
        area = s.scalar(select(Area).where(Area.code == "bz-daicun"))
        code = create_invite(s, "rep", area, group_code="agri", now=T0).code
        ids = [add_user(s, f"c{i}").id for i in range(claimers)]

    def claim(user_id):
        def work():
            with db.session() as s:
                return claim_invite(s, s.get(User, user_id), code, T0 + timedelta(minutes=1)).reason
        return work

    reasons = race([claim(uid) for uid in ids])
    assert reasons.count("granted") == 1 and set(reasons) == {"granted", "used"}
    with db.session() as s:
        holders = list(s.scalars(select(UserRole.user_id).where(UserRole.role == "rep")))
        invite = s.scalar(select(InviteCode).where(InviteCode.code == code))
        assert holders == [invite.used_by]
