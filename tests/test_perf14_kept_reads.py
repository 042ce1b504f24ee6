"""perf14 (issue 17): reads a gunicorn worker paid for under wrk, made cheaper with the same answers.

- toneless(): lazy_pinyin with each word's conversion kept (the village match's sound);
- may_have_offer(): no ORM read of a villager's bookings when none carries a mediator's other time;
- the newest relay message read on the cursor for "writing back after a staff answer".
Each is checked against the code it replaces, on our own phrasings and rows.
"""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from pypinyin import lazy_pinyin
from sqlalchemy import select

from bot import mediation
from bot.models import Conversation, RelayMessage, Slot, User
from bot.pinyin_words import toneless
from handlers.human_followup import _answered_lately, _newest_message
from handlers.own_bookings import may_have_offer
from tests.kit.factories import add_user
from tests.kit.mediation import at, make_mediator, make_place

MONDAY = at(2027, 1, 4, 10, 0)


@pytest.mark.parametrize("text", [
    "俺家住在东徐村那边", "我是重庆长大的，重量不重要", "咱村的银行在哪儿", "俺想问问残疾证咋办",
    "wo shi wangzhuang de", "俺是代庄的！！２号楼", "行，就那个时间", "长长的长江", "",
    "俺娘的医保报销了没", "给俺孙子上户口要带啥", "一下雨水就灌进院子",
])
def test_toneless_is_lazy_pinyin(text):
    assert toneless(text) == tuple(lazy_pinyin(text))
    assert toneless(text) == tuple(lazy_pinyin(text))  # again, from the kept words


def _uid(s, openid: str) -> int:
    return s.scalar(select(User.id).where(User.openid == openid))


def _slot(s, place, day: date, hour: int) -> Slot:
    starts = at(day.year, day.month, day.day, hour)
    return s.scalars(select(Slot).where(Slot.room_id == place.room_id, Slot.starts_at == starts)).one()


def test_an_offer_is_read_only_when_a_booking_carries_one(db):
    with db.session() as s:
        place = make_place(s, capacity=2)
        make_mediator(s, "m1", place.room_id)
        for openid in ("w1", "w2", "w3"):
            add_user(s, openid, place.village_id)
        mediation.generate_slots(s, place.room_id, date(2027, 1, 4), 14)
    with db.session() as s:
        mediator = _uid(s, "m1")
        kept = mediation.book_slot(s, villager_id=_uid(s, "w2"), slot_id=_slot(s, place, date(2027, 1, 6), 9).id,
                                   kind="邻里", description="吵架", phone="13800138000", now=MONDAY).booking
        moved = mediation.book_slot(s, villager_id=_uid(s, "w3"), slot_id=_slot(s, place, date(2027, 1, 6), 10).id,
                                    kind="邻里", description="地边", phone="13800138001", now=MONDAY).booking
        mediation.propose_other_time(s, moved, _slot(s, place, date(2027, 1, 8), 10).id, mediator, MONDAY)
        assert kept.state != "proposed_other_time"
    with db.session() as s:
        assert may_have_offer(s, _uid(s, "w1")) is False  # no booking at all
        assert may_have_offer(s, _uid(s, "w2")) is False  # a booking, no other time offered
        assert may_have_offer(s, _uid(s, "w3")) is True
        offered = [b for b in mediation.villager_bookings(s, _uid(s, "w3")) if b.state == "proposed_other_time"]
        assert [b.id for b in offered] == [moved.id]
        w2 = _uid(s, "w2")
        s.add(User(openid="w4"))  # something not yet flushed: the ORM read decides
        assert may_have_offer(s, w2) is True


def _ctx(s, openid: str, now):
    return SimpleNamespace(session=s, user=s.scalars(select(User).where(User.openid == openid)).one(), now=now)


@pytest.mark.parametrize("staff_ago, last_direction, expected", [
    (timedelta(hours=3), "staff", True),        # answered this afternoon: writing back
    (timedelta(hours=30), "staff", False),      # more than a day ago
    (timedelta(hours=3), "villager", False),    # the villager wrote last
])
def test_the_newest_relay_message_read_on_the_cursor_as_the_orm_reads_it(db, staff_ago, last_direction, expected):
    now = at(2027, 3, 2, 15, 0)
    with db.session() as s:
        villager = add_user(s, "x1")
        add_user(s, "x2")
        s.flush()
        conversation = Conversation(villager_id=villager.id)
        s.add(conversation)
        s.flush()
        s.add(RelayMessage(conversation_id=conversation.id, direction="villager", text="低保为啥停了",
                           created_at=now - staff_ago - timedelta(hours=1)))
        s.add(RelayMessage(conversation_id=conversation.id, direction=last_direction, text="明天去你家看看",
                           created_at=now - staff_ago))
    with db.session() as s:
        ctx = _ctx(s, "x1", now)
        kept = _newest_message(ctx)
        assert _answered_lately(ctx) is expected
        assert _newest_message(_ctx(s, "x2", now)) is None and _answered_lately(_ctx(s, "x2", now)) is False
        s.add(User(openid="x3"))  # pending: the ORM's read (which flushes) gives the same
        assert _newest_message(ctx) == kept and kept[0] == last_direction
        assert kept[1] == now - staff_ago
