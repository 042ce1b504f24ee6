"""Whistle rounds repeat unclaimed needs (issue 13, bot/needs/rounds.py): urgent ones alerted at
once included, once per round, not within NEED_REWHISTLE_HOURS of the last round that whistled
them, at most NEED_REWHISTLE_ROUNDS times; a claimed need is never repeated. The needs county
has three representatives of the building group (build1, build2, build_lead) serving 代村."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import needs
from bot.models import NeedEvent, OutboxMessage
from tests.kit.outbox import keys_from
from tests.kit.worlds import user

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # the 09:00 round in Beijing
ROAD = "村口那条路坑坑洼洼，一下雨全是泥，车都过不去"
REPS = {"build1", "build2", "build_lead"}

pytestmark = pytest.mark.county("needs")


def _report(db, county, urgency="normal", now=T0) -> int:
    with db.session() as s:
        return needs.report_need(s, user(s, county, "v1"), ROAD, urgency=urgency, now=now).number


def _round(db, at, **options) -> int:
    with db.session() as s:
        return needs.whistle_round(s, at, **options)


def _whistles(db, number: int) -> list[str]:
    return keys_from(db, f"need:{number}:whistle:")


def _repeats(db, number: int) -> list[str]:
    return [k for k in _whistles(db, number) if ":t" in k]


def test_an_urgent_need_alerted_at_once_is_whistled_again_by_the_next_round(db, county):
    number = _report(db, county, urgency="urgent")
    assert {k.rsplit(":", 1)[1] for k in _whistles(db, number)} == REPS  # the urgent path
    assert _round(db, T0) == 1  # the round comes minutes later: it is no round's whistle yet
    assert {k.rsplit(":", 1)[1] for k in _repeats(db, number)} == REPS
    assert _round(db, T0 + timedelta(hours=1)) == 0  # a second round soon after: nothing again
    assert len(_repeats(db, number)) == 3
    with db.session() as s:
        text = s.scalar(select(OutboxMessage.payload).where(OutboxMessage.business_key == _repeats(db, number)[0]))
    assert text["text"].startswith("【再次吹哨】") and "【很急】" in text["text"] and text["template"]["状态"] == "仍待认领"


def test_a_normal_need_is_whistled_by_one_round_and_again_by_the_next(db, county):
    number = _report(db, county)
    assert _round(db, T0) == 1 and _repeats(db, number) == []  # first alert: once, not twice in the round
    assert _round(db, T0 + timedelta(hours=1)) == 0
    assert _round(db, T0 + timedelta(hours=6)) == 1  # the 15:00 round
    assert {k.split(":")[3] for k in _repeats(db, number)} == {"t202612070700"}
    with db.session() as s:
        notes = s.scalars(select(NeedEvent.note).where(NeedEvent.need_id == number, NeedEvent.kind == "alerted")).all()
    assert sorted(notes) == ["再次吹哨"] * 3 + ["定时吹哨"] * 3


def test_the_same_round_run_twice_pushes_nothing_twice(db, county):
    number = _report(db, county, urgency="urgent")
    _round(db, T0)
    with db.session() as s:  # another process ran the same round in the same minute, before the events were seen
        needs.rounds.whistle_again(s, s.get(needs.rounds.Need, number), T0 + timedelta(seconds=20))
    assert len(_repeats(db, number)) == 3


def test_a_claimed_need_is_not_whistled_again_and_the_others_hear_once_it_is_taken(db, county):
    number = _report(db, county, urgency="urgent")
    _round(db, T0)
    with db.session() as s:
        assert needs.claim(s, number, user(s, county, "build2"), T0 + timedelta(minutes=5)).ok
    assert _round(db, T0 + timedelta(hours=6)) == 0
    assert len(_repeats(db, number)) == 3
    assert {k.rsplit(":", 1)[1] for k in keys_from(db, f"need:{number}:taken:")} == {"build1", "build_lead"}


def test_an_escalated_need_is_still_whistled_and_repeats_stop_after_the_limit(app, db, county):
    number = _report(db, county)
    _round(db, T0)
    with db.session() as s:
        assert needs.escalate_unclaimed(s, T0 + timedelta(hours=25)) == 1
    app.config["NEED_REWHISTLE_ROUNDS"] = 2  # read in the app's context, as the scheduler runs its jobs
    with app.app_context():
        rounds = [_round(db, T0 + timedelta(hours=6 * i)) for i in range(1, 5)]
    assert rounds == [1, 1, 0, 0]
    assert len(_repeats(db, number)) == 6


def test_the_admin_pages_round_blows_only_the_collected_ones(db, county):
    number = _report(db, county, urgency="urgent")
    assert _round(db, T0 + timedelta(hours=6), again=False) == 0
    assert _repeats(db, number) == []
