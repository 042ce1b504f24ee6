"""Ratings in words for errands and mediations, on the real database (SQLite, PostgreSQL).

Errands: the villager is asked when it is done; 不满意 reopens it for the same member (told, with
the words), and once done again it can be rated again. Mediations: asked with the outcome;
不满意 is flagged to the area's secretary and the mediator; a rating is taken once.
The admin boards show both.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import clock, errands, mediation
from bot.errands.rules import awaiting_rating
from bot.models import Booking, Errand, OutboxMessage, Slot, User, UserRole
from tests.kit.admin import login
from tests.kit.admin_world import build_world
from tests.kit.factories import add_user
from tests.kit.mediation import at, make_mediator, make_place
from tests.kit.outbox import outbox_rows
from tests.kit.worlds import make_county

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)


def _texts(db, openid: str) -> list[str]:
    with db.session() as s:
        return [m.payload["text"] for m in s.scalars(
            select(OutboxMessage).where(OutboxMessage.openid == openid).order_by(OutboxMessage.id))]


def _done_errand(db, county) -> int:
    with db.session() as s:
        v1 = s.get(User, county.users["v1"])
        errand = errands.create_errand(s, v1, matter="低保办理", phone="13812345678", now=T0)
        member = errand.assignee
        assert errands.accept(s, errand.number, member, T0).ok
        assert errands.finish(s, errand.number, member, "材料交上去了", T0).ok
        return errand.number


def test_errand_unhappy_reopens_for_the_same_member_then_is_rated_again(db):
    county = make_county(db)
    number = _done_errand(db, county)
    assert "满意" in _texts(db, "v1")[-1]  # asked with the done notice
    with db.session() as s:
        member_openid = s.get(Errand, number).assignee.openid
        v1 = s.get(User, county.users["v1"])
        outcome = errands.rate_errand(s, v1, False, "钱还没到账", T0 + timedelta(hours=1))
        assert outcome.ok and outcome.reason == "unsatisfied"
        errand = s.get(Errand, number)
        assert (errand.state, errand.rating, errand.rating_words) == ("accepted", "unsatisfied", "钱还没到账")
        assert errand.done_at is None and errand.assignee.openid == member_openid
        # Not rateable while it is being done again.
        assert errands.rate_errand(s, v1, True, "好", T0 + timedelta(hours=2)).reason == "nothing_to_rate"
    assert any("不满意" in t and "钱还没到账" in t for t in _texts(db, member_openid))
    with db.session() as s:
        member = s.get(Errand, number).assignee
        assert errands.finish(s, number, member, "", T0 + timedelta(days=1)).ok
        assert errands.rate_errand(s, s.get(User, county.users["v1"]), True, "这回挺好",
                                   T0 + timedelta(days=1, hours=1)).reason == "satisfied"
        errand = s.get(Errand, number)
        assert (errand.state, errand.rating, errand.rating_words) == ("done", "satisfied", "这回挺好")
        kinds = [e.kind for e in errand.events]
        assert kinds.count("done") == 2 and kinds.count("rated") == 2 and "reopened" in kinds
        # Rated: a later 谢谢 is no rating.
        assert awaiting_rating(s, s.get(User, county.users["v1"]), T0 + timedelta(days=2)) is None
    asked = [t for t in _texts(db, "v1") if "已经办好了" in t]
    assert len(asked) == 2  # the second done is its own push


@pytest.fixture
def place(db):
    with db.session() as s:
        place = make_place(s, capacity=2)
        make_mediator(s, "m1", place.room_id)
        add_user(s, "v1", place.village_id, name="村民1")
        secretary = add_user(s, "sec", place.village_id, name="书记")
        s.add(UserRole(user_id=secretary.id, role="secretary", area_id=place.area_id))
        mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14)
    return place


def _booked_with_outcome(db, place, now):
    with db.session() as s:
        villager = s.scalars(select(User).where(User.openid == "v1")).one()
        slot = s.scalars(select(Slot).where(Slot.room_id == place.room_id, Slot.starts_at == at(2027, 1, 6, 9))).one()
        booking = mediation.book_slot(s, villager_id=villager.id, slot_id=slot.id, kind="邻里",
                                      description="排水沟", phone="13800138000",
                                      now=at(2027, 1, 4, 10)).booking
        mediation.record_outcome(s, booking, "成功", "", None, now)
        return booking.id


def test_mediation_unhappy_is_flagged_to_the_area_and_taken_once(db, place):
    now = at(2027, 1, 6, 12)
    booking_id = _booked_with_outcome(db, place, now)
    assert "满意" in _texts(db, "v1")[-1]
    with db.session() as s:
        villager = s.scalars(select(User).where(User.openid == "v1")).one()
        assert mediation.awaiting_rating(s, villager, now).id == booking_id
        outcome = mediation.rate_booking(s, villager, False, "他家还往俺这排水", now)
        assert outcome.ok and outcome.reason == "unsatisfied"
        booking = s.get(Booking, booking_id)
        assert (booking.rating, booking.rating_words, booking.state) == ("unsatisfied", "他家还往俺这排水", "done")
        assert mediation.rate_booking(s, villager, True, "好", now).reason == "nothing_to_rate"
        keys = {m.business_key for m in outbox_rows(s)}
    assert f"mediation:{booking.number}:rated:sec" in keys and f"mediation:{booking.number}:rated:m1" in keys
    assert any("不满意" in t and "排水" in t for t in _texts(db, "sec"))


def test_mediation_happy_tells_the_mediator_only(db, place):
    now = at(2027, 1, 6, 12)
    _booked_with_outcome(db, place, now)
    with db.session() as s:
        villager = s.scalars(select(User).where(User.openid == "v1")).one()
        assert mediation.rate_booking(s, villager, True, "挺好的", now).reason == "satisfied"
    assert not _texts(db, "sec") and "满意" in _texts(db, "m1")[-1]


def test_an_old_outcome_is_not_rated_by_a_passing_word(db, place):
    now = at(2027, 1, 6, 12)
    _booked_with_outcome(db, place, now)
    with db.session() as s:
        villager = s.scalars(select(User).where(User.openid == "v1")).one()
        assert mediation.awaiting_rating(s, villager, now + timedelta(days=15)) is None


def test_admin_boards_show_the_ratings(app, db):
    world = build_world(db)
    now = clock.now()
    with db.session() as s:
        errand = s.get(Errand, world.ids["A"]["errand"])
        member = errand.assignee
        assert errands.accept(s, errand.number, member, now).ok
        assert errands.finish(s, errand.number, member, "", now).ok
        assert errands.rate_errand(s, errand.villager, False, "没办利索", now).ok
        booking = s.get(Booking, world.ids["A"]["booking"])
        mediation.record_outcome(s, booking, "成功", "", None, now)
        assert mediation.rate_booking(s, booking.villager, False, "协议没人照着做", now).ok
        errand_id, booking_id, room_id = errand.id, booking.id, world.ids["A"]["room"]
        week = s.get(Slot, booking.slot_id).starts_at.date().isoformat()
    cadre = app.test_client()
    assert login(cadre, "area_a").status_code == 302
    listing = cadre.get("/admin/errands").get_data(as_text=True)
    assert "群众评价" in listing and "没办利索" in listing
    assert "没办利索" in cadre.get(f"/admin/errands/{errand_id}").get_data(as_text=True)
    rooms = cadre.get("/admin/mediation").get_data(as_text=True)
    assert "群众不满意的调解" in rooms and "协议没人照着做" in rooms
    assert "协议没人照着做" in cadre.get(f"/admin/mediation/bookings/{booking_id}").get_data(as_text=True)
    assert "群众不满意" in cadre.get(f"/admin/mediation/rooms/{room_id}?week={week}").get_data(as_text=True)
