"""Promise 1 with real OS processes: 8 racers for the last places never overbook a slot,
never give anyone two places, and the same request twice gives one booking."""
import multiprocessing
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from bot import mediation
from bot.models import Booking, Slot
from tests.kit.factories import add_user
from tests.kit.mediation import at, make_mediator, make_place
from tests.kit.races import book_racing

PROCESSES = 8
CAPACITY = 5
ALREADY_TAKEN = 3  # so 8 processes race for the last 2 places
ROUNDS = 4
KINDS = ["邻里", "婚姻家庭", "赡养", "土地承包", "宅基地", "债务", "工钱", "其他"]


@pytest.mark.slow
@pytest.mark.processes
def test_eight_processes_race_for_the_last_places(db):
    with db.session() as s:
        place = make_place(s, capacity=CAPACITY, start=at(2027, 1, 4, 9).time(),
                           end=at(2027, 1, 4, 11).time(), slot_minutes=30)
        make_mediator(s, "m1", place.room_id)
        mediation.generate_slots(s, place.room_id, date(2027, 1, 5), 1)
        slots = [x.id for x in s.scalars(select(Slot).order_by(Slot.starts_at))][:ROUNDS]
        fillers = [add_user(s, f"f{i}", place.village_id).id for i in range(ALREADY_TAKEN)]
        for r, slot_id in enumerate(slots):
            for uid in fillers:
                mediation.book_slot(s, villager_id=uid, slot_id=slot_id, kind=KINDS[r], phone="1",
                                    now=at(2027, 1, 4))
        racers = [add_user(s, f"r{i}", place.village_id).id for i in range(6)]
    assert len(slots) == ROUNDS

    # Racers 0–5 are six villagers; racer 6 repeats villager 0's request exactly (a double tap
    # in another worker); racer 7 is villager 1 asking for the same slot for another dispute.
    plans = []
    for p in range(PROCESSES):
        villager = racers[p] if p < 6 else racers[p - 6]
        plans.append((villager, [(slot, KINDS[r + 4] if p == 7 else KINDS[r]) for r, slot in enumerate(slots)]))

    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=book_racing, args=(db.url, barrier, villager, attempts, results))
             for villager, attempts in plans]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(PROCESSES * ROUNDS)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0

    assert not [o for o in outcomes if o[3] == "error"], outcomes
    with db.session() as s:
        for slot_id in slots:
            slot = s.get(Slot, slot_id)
            live = s.scalars(select(Booking).where(Booking.slot_id == slot_id,
                                                   Booking.state != "cancelled")).all()
            assert slot.taken == slot.capacity == CAPACITY
            assert len(live) == CAPACITY
            assert max(Counter(b.villager_id for b in live).values()) == 1  # nobody twice
            mine = [o for o in outcomes if o[1] == slot_id]
            created = [o for o in mine if o[3] == "booked" and o[5]]
            assert len(created) == CAPACITY - ALREADY_TAKEN
            # The repeated request: one booking between the two racers, never two.
            twins = [o for o in mine if o[0] == racers[0] and o[2] == KINDS[slots.index(slot_id)]]
            numbers = {o[4] for o in twins if o[3] == "booked"}
            assert len(numbers) <= 1
        assert s.scalar(select(func.count(Booking.id))) == ROUNDS * CAPACITY
