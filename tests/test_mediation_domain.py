"""Mediation rules on the real database: slots, booking, moving, cancelling, reminders, loading."""
from datetime import date, time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from bot import mediation
from bot.models import Area, Booking, MediationRoom, OpeningHours, Slot
from tests.kit.factories import add_user
from tests.kit.mediation import SH, at, make_mediator, make_place
from tests.kit.outbox import outbox_rows

MONDAY = at(2027, 1, 4, 10, 0)


@pytest.fixture
def place(db):
    with db.session() as s:
        place = make_place(s, capacity=2)
        make_mediator(s, "m1", place.room_id)
        for i in range(1, 5):
            add_user(s, f"v{i}", place.village_id, name=f"村民{i}")
        mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14)
    return place


def _slot(s, place, day: date, hour: int) -> Slot:
    starts = at(day.year, day.month, day.day, hour)
    return s.scalars(select(Slot).where(Slot.room_id == place.room_id, Slot.starts_at == starts)).one()


def _uid(s, openid: str) -> int:
    from bot.models import User

    return s.scalar(select(User.id).where(User.openid == openid))


def _book(s, place, openid, day=date(2027, 1, 6), hour=9, kind="邻里", now=MONDAY):
    return mediation.book_slot(s, villager_id=_uid(s, openid), slot_id=_slot(s, place, day, hour).id,
                               kind=kind, description="吵架", phone="13800138000", now=now)


def test_slots_follow_opening_hours_in_shanghai_time_and_generation_is_idempotent(db, place):
    with db.session() as s:
        assert mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14) == 0
        days = {s_.starts_at.astimezone(SH).date() for s_ in s.scalars(select(Slot))}
        assert date(2027, 1, 9) not in days and date(2027, 1, 10) not in days  # weekend closed
        monday = mediation.free_slots(s, place.room_id, date(2027, 1, 4), tz=SH)
        assert [x.starts_at.astimezone(SH).time() for x in monday] == [time(9), time(10)]
        assert monday[0].starts_at.hour == 1  # stored in UTC
        # At 10:00 on Monday, only Monday's 10:00 slot has not begun... and it begins now.
        assert mediation.free_slots(s, place.room_id, date(2027, 1, 4), now=MONDAY, tz=SH)[0].starts_at == MONDAY


def test_same_request_twice_gives_the_same_booking(db, place):
    with db.session() as s:
        first = _book(s, place, "v1")
        again = _book(s, place, "v1")
        assert first.created and not again.created
        assert again.booking.number == first.booking.number
    with db.session() as s:
        assert s.scalar(select(func.count(Booking.id))) == 1
        assert _slot(s, place, date(2027, 1, 6), 9).taken == 1
        assert len(outbox_rows(s, "m1")) == 1  # the mediator is told once


def test_one_open_booking_per_kind_and_never_the_same_slot_twice(db, place):
    with db.session() as s:
        first = _book(s, place, "v1", kind="邻里").booking
        with pytest.raises(mediation.AlreadyBooked) as exc:
            _book(s, place, "v1", hour=10, kind="邻里")
        assert exc.value.booking.number == first.number
        with pytest.raises(mediation.AlreadyBooked):
            _book(s, place, "v1", hour=9, kind="债务")  # same slot, another kind
        assert _book(s, place, "v1", hour=10, kind="债务").created


def test_full_slot_refuses_and_past_slot_is_unavailable(db, place):
    with db.session() as s:
        _book(s, place, "v1")
        _book(s, place, "v2")
        with pytest.raises(mediation.SlotFull):
            _book(s, place, "v3")
        with pytest.raises(mediation.SlotUnavailable):
            _book(s, place, "v3", day=date(2027, 1, 4), hour=9)


def test_database_refuses_overbooking_and_duplicates_even_without_the_rules(db, place):
    with db.session() as s:
        slot_id = _slot(s, place, date(2027, 1, 6), 9).id
        villager = _uid(s, "v1")
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.execute(text("UPDATE mediation_slots SET taken = capacity + 1 WHERE id = :i"), {"i": slot_id})
    row = dict(villager_id=villager, slot_id=slot_id, kind="邻里", description="", phone="",
               state="requested", version=1, created_at=MONDAY, updated_at=MONDAY)
    with db.session() as s:
        s.add(Booking(**row))
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(Booking(**{**row, "kind": "债务"}))  # same slot, same villager
    with pytest.raises(IntegrityError):
        with db.session() as s:
            other = _slot(s, place, date(2027, 1, 6), 10).id
            s.add(Booking(**{**row, "slot_id": other}))  # second open booking of the same kind
    with db.session() as s:
        s.execute(text("UPDATE mediation_bookings SET state = 'cancelled'"))
        s.add(Booking(**row))  # a cancelled booking does not block booking again


def test_move_takes_the_new_place_and_frees_the_old_or_changes_nothing(db, place):
    with db.session() as s:
        booking = _book(s, place, "v1").booking
        _book(s, place, "v2", day=date(2027, 1, 7), hour=9)
        _book(s, place, "v3", day=date(2027, 1, 7), hour=9)
        full = _slot(s, place, date(2027, 1, 7), 9)
        with pytest.raises(mediation.SlotFull):
            mediation.move(s, booking, full.id, MONDAY)
    with db.session() as s:
        booking = mediation.booking_by_number(s, booking.number)
        assert booking.state == "requested" and _slot(s, place, date(2027, 1, 6), 9).taken == 1
        target = _slot(s, place, date(2027, 1, 8), 10)
        mediation.move(s, booking, target.id, MONDAY)
    with db.session() as s:
        assert _slot(s, place, date(2027, 1, 6), 9).taken == 0
        assert _slot(s, place, date(2027, 1, 8), 10).taken == 1
        booking = mediation.booking_by_number(s, booking.number)
        assert (booking.state, booking.slot.starts_at) == ("moved", at(2027, 1, 8, 10))
        assert any("改时间" in m.payload["text"] for m in outbox_rows(s, "m1"))


def test_cancel_frees_the_place_once(db, place):
    with db.session() as s:
        booking = _book(s, place, "v1").booking
        mediation.cancel(s, booking, MONDAY)
        mediation.cancel(s, booking, MONDAY)
        assert _slot(s, place, date(2027, 1, 6), 9).taken == 0
        assert _book(s, place, "v1").created  # may book the same again


def test_proposal_accepted_moves_and_confirms(db, place):
    with db.session() as s:
        mediator = _uid(s, "m1")
        booking = _book(s, place, "v1").booking
        other = _slot(s, place, date(2027, 1, 8), 10)
        mediation.propose_other_time(s, booking, other.id, mediator, MONDAY)
        assert _slot(s, place, date(2027, 1, 8), 10).taken == 0  # not held until accepted
        mediation.accept_proposal(s, booking, MONDAY)
        assert (booking.state, booking.slot_id) == ("confirmed", other.id)
        assert _slot(s, place, date(2027, 1, 6), 9).taken == 0
        assert [m.payload["text"] for m in outbox_rows(s, "v1")][0].startswith("调解员想把")


def test_reminders_go_the_day_before_exactly_once(db, place):
    with db.session() as s:
        mediator = _uid(s, "m1")
        confirmed = _book(s, place, "v1").booking
        mediation.confirm(s, confirmed, mediator, MONDAY)
        _book(s, place, "v2")  # not confirmed: no reminder to the villager
    with db.session() as s:
        assert mediation.reminders_due(s, at(2027, 1, 5, 7, 59)) == 0
    for _ in range(2):
        with db.session() as s:
            mediation.reminders_due(s, at(2027, 1, 5, 8, 0))
    with db.session() as s:
        assert mediation.reminders_due(s, at(2027, 1, 6, 8, 59)) == 0
        reminders = outbox_rows(s, kind="reminder")
        # v1's confirmed booking: v1 and the mediator; v2's unconfirmed one: a nudge to the mediator.
        assert sorted(m.openid for m in reminders) == ["m1", "m1", "v1"]
        assert sum("还没确认" in m.payload["text"] for m in reminders) == 1
        assert "明天" in next(m for m in reminders if m.openid == "v1").payload["text"]
        assert reminders[0].payload["template"]["时间"]


def test_outcome_is_recorded_and_the_villager_told(db, place):
    with db.session() as s:
        booking = _book(s, place, "v1").booking
        mediation.record_outcome(s, booking, "成功", "签了协议", _uid(s, "m1"), MONDAY)
        mediation.record_outcome(s, booking, "成功", "签了协议", _uid(s, "m1"), MONDAY)
        assert (booking.state, booking.outcome) == ("done", "调解成功")
        told = [m.payload["text"] for m in outbox_rows(s, "v1")]
        assert len(told) == 1 and "30天" in told[0]
        with pytest.raises(mediation.WrongState):
            mediation.cancel(s, booking, MONDAY)


def test_sample_rooms_load_idempotently(db):
    path = Path(__file__).resolve().parents[1] / "knowledge" / "mediation.yaml"
    codes = [r["area"] for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rooms"]]
    with db.session() as s:
        s.add_all(Area(code=c, name=c) for c in codes[:-1])
    with db.session() as s:
        first = mediation.load_mediation(s, path)
    assert (first.rooms_created, first.unknown_areas) == (len(codes) - 1, [codes[-1]])
    with db.session() as s:
        again = mediation.load_mediation(s, path)
        assert (again.rooms_created, again.rooms_updated, again.hours_changed) == (0, 0, 0)
        assert s.scalar(select(func.count(MediationRoom.id))) == len(codes) - 1
        assert s.scalar(select(func.count(OpeningHours.id))) > 0


def test_a_broken_mediation_file_is_refused(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("rooms:\n  - {code: r1, area: a1, name: 室, hours: [{weekdays: [8], start: '9:00', end: '11:00'}]}\n",
                   encoding="utf-8")
    with pytest.raises(mediation.MediationDataError):
        mediation.read_mediation_file(bad)


def test_status_lines_show_only_ones_own_bookings(db, place):
    from bot.models import User

    with db.session() as s:
        _book(s, place, "v1")
        _book(s, place, "v2", kind="债务")
        v1 = s.scalars(select(User).where(User.openid == "v1")).one()
        lines = mediation.status_lines(s, v1)
        assert len(lines) == 1 and "邻里纠纷" in lines[0] and "等调解员确认" in lines[0]


def test_generating_slots_counts_the_new_ones(db, place):
    """On PostgreSQL the count was always 0 (psycopg's rowcount of INSERT … ON CONFLICT is -1),
    so `flask mediation slots` and the nightly job said "0 new" whatever they made (seen while
    setting up the scale test)."""
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Slot))
        made = mediation.generate_slots(s, place.room_id, date(2027, 1, 18), 7)
        assert made == s.scalar(select(func.count()).select_from(Slot)) - before > 0
