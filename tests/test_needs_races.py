"""Races on the real database: representatives claiming one whistle at once, a claim against
the escalation job, and two whistle rounds at once."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone


from bot import needs
from bot.models import Need, NeedEvent, OutboxMessage
from tests.kit.worlds import make_needs_county, user
from tests.kit.races import race
from tests.kit.factories import count_rows

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
RACERS = ("build1", "build2", "build_lead", "build_ll")


def _new_whistled(db, county) -> int:
    with db.session() as s:
        number = needs.report_need(s, user(s, county, "v2"), "村里的路坏了，坑坑洼洼", now=T0).number
        needs.whistle_round(s, T0)
    return number


def _claim(db, county, number: int, who: str):
    def work():
        with db.session() as s:
            return needs.claim(s, number, user(s, county, who), T0 + timedelta(hours=1)).reason
    return work


def test_representatives_racing_to_claim_leave_one_winner(db):
    county = make_needs_county(db)
    for _ in range(4):
        number = _new_whistled(db, county)
        reasons = race([_claim(db, county, number, who) for who in RACERS])
        assert reasons.count("claimed") == 1, reasons
        assert set(reasons) <= {"claimed", "taken"}
        with db.session() as s:
            need = s.get(Need, number)
            winner = next(who for who, reason in zip(RACERS, reasons) if reason == "claimed")
            assert need.state == "claimed" and need.claimed_by == county.users[winner]
        assert count_rows(db, NeedEvent, NeedEvent.need_id == number, NeedEvent.kind == "claimed") == 1
        assert count_rows(db, OutboxMessage, OutboxMessage.business_key == f"need:{number}:claimed") == 1
        taken = count_rows(db, OutboxMessage, OutboxMessage.business_key.startswith(f"need:{number}:taken:"))
        assert taken == len(RACERS) - 1


def test_a_claim_racing_the_escalation_job_never_does_both(db):
    county = make_needs_county(db)
    late = T0 + timedelta(hours=30)
    for _ in range(4):
        number = _new_whistled(db, county)

        def escalate():
            with db.session() as s:
                return needs.escalate_unclaimed(s, late)

        claimed, moved = race([_claim(db, county, number, "build1"), escalate])
        with db.session() as s:
            need = s.get(Need, number)
            assert claimed == "claimed" and need.state == "claimed", (claimed, moved)
            # the job either moved it before the claim (and the leader heard) or saw it claimed
            escalated = need.escalation_level == 1
            assert moved == (1 if escalated else 0)
        heard = count_rows(db, OutboxMessage, OutboxMessage.business_key.startswith(f"need:{number}:escalate:"))
        assert heard == (1 if escalated else 0)


def test_two_whistle_rounds_at_once_alert_each_need_once(db):
    county = make_needs_county(db)
    with db.session() as s:
        numbers = [needs.report_need(s, user(s, county, "v1"), f"路灯坏了第{i}盏", now=T0).number
                   for i in range(6)]

    def round_():
        with db.session() as s:
            return needs.whistle_round(s, T0)

    assert sum(race([round_, round_])) == len(numbers)
    for number in numbers:
        assert count_rows(db, NeedEvent, NeedEvent.need_id == number, NeedEvent.kind == "alerted") == 3
        assert count_rows(db, OutboxMessage, OutboxMessage.business_key.startswith(f"need:{number}:whistle:")) == 3
