"""Promise 1 for volunteer tasks: 8 OS processes (each its own engine) race for the last places.

Each process confirms two volunteers (its own and its neighbour's), so every volunteer is
confirmed twice at about the same moment. Then every confirmed volunteer gives up at once while
others wait: each freed place goes to the next waiting volunteer, each told exactly once.
"""
from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from sqlalchemy import select

from bot.models import OutboxMessage, SignUp, Task
from tests.kit.factories import add_volunteer, create_task, find_user, seed_area

PROCESSES = 8
NEEDED = 5
ALREADY_TAKEN = 2


def _race_worker(url: str, action: str, jobs: list[tuple[str, int]], ready, go, results) -> None:
    """In a fresh process: own engine, wait for the starting gun, run each job in its own transaction."""
    from bot import volunteers
    from bot.db import Database

    database = Database(url)
    with database.engine.connect():
        pass  # connect before the gun, so the race is over the rows, not the connections
    ready.put(True)
    go.wait(30)
    outcomes = []
    try:
        for openid, number in jobs:
            with database.session() as s:
                who = find_user(s, openid)
                if action == "confirm":
                    outcomes.append((openid, volunteers.confirm_task(s, number, who).outcome))
                else:
                    result = volunteers.cancel_signup(s, number, who)
                    promoted = result.promoted.volunteer.user.openid if result.promoted else None
                    outcomes.append((openid, promoted))
    except Exception as error:  # reported to the test, which fails on it
        outcomes.append(("error", repr(error)))
    finally:
        database.dispose()
    results.put(outcomes)


def _race(url: str, action: str, jobs_per_process: list[list[tuple[str, int]]]) -> list[tuple]:
    # A fork server: fresh processes (no connection inherited from pytest), modules loaded once.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["bot.volunteers", "bot.db", "tests.kit.factories"])
    ready, go, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_race_worker, args=(url, action, jobs, ready, go, results))
               for jobs in jobs_per_process]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=60)
    go.set()
    outcomes = [item for _ in workers for item in results.get(timeout=60)]
    for worker in workers:
        worker.join(timeout=30)
    assert all(w.exitcode == 0 for w in workers)
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    return outcomes


@pytest.mark.slow
@pytest.mark.processes
def test_racing_processes_never_overbook_or_double_book(app, db, database_url):
    seed_area(db)
    early = [f"early{i}" for i in range(ALREADY_TAKEN)]
    racers = [f"racer{i}" for i in range(PROCESSES)]
    for openid in early + racers:
        add_volunteer(db, openid)
    number = create_task(db, needed=NEEDED)
    with db.session() as s:
        from bot import volunteers

        for openid in early:
            volunteers.confirm_task(s, number, find_user(s, openid))

    jobs = [[(racers[i], number), (racers[(i + 1) % PROCESSES], number)] for i in range(PROCESSES)]
    outcomes = _race(database_url, "confirm", jobs)

    with db.session() as s:
        task = s.scalars(select(Task).where(Task.number == number)).one()
        rows = s.scalars(select(SignUp).where(SignUp.task_id == task.id)).all()
        by_openid = Counter(row.volunteer.user.openid for row in rows)
        states = {row.volunteer.user.openid: row.state for row in rows}
        positions = [row.position for row in rows if row.state == "waiting"]
    assert task.taken == NEEDED
    assert max(by_openid.values()) == 1 and len(rows) == ALREADY_TAKEN + PROCESSES  # nobody twice
    assert Counter(states.values()) == {"confirmed": NEEDED, "waiting": ALREADY_TAKEN + PROCESSES - NEEDED}
    assert len(set(positions)) == len(positions)  # a clean waiting order
    answers = {openid: [] for openid in racers}
    for openid, outcome in outcomes:
        answers[openid].append(outcome)
    fresh = {}
    for openid, said in answers.items():  # one real answer and one "already", both true
        first = [a for a in said if not a.startswith("already_")]
        assert len(said) == 2 and len(first) == 1, (openid, said)
        assert all(a.removeprefix("already_") == states[openid] for a in said), (openid, said)
        fresh[openid] = first[0]
    assert Counter(fresh.values()) == {"confirmed": NEEDED - ALREADY_TAKEN,
                                       "waiting": PROCESSES - NEEDED + ALREADY_TAKEN}

    # Everyone confirmed gives up at once: the waiting volunteers move up, in order.
    confirmed = [openid for openid, state in states.items() if state == "confirmed"]
    waiting_in_order = sorted((row.position, row.volunteer.user.openid)
                              for row in rows if row.state == "waiting")
    outcomes = _race(database_url, "cancel", [[(openid, number)] for openid in confirmed])
    promoted = [p for _, p in outcomes if p]
    assert sorted(promoted) == sorted(openid for _, openid in waiting_in_order)
    with db.session() as s:
        task = s.scalars(select(Task).where(Task.number == number)).one()
        after = Counter(s.scalars(select(SignUp.state).where(SignUp.task_id == task.id)))
        told = s.scalars(select(OutboxMessage.openid).where(
            OutboxMessage.business_key.like(f"task:{number}:promoted:%"))).all()
    assert task.taken == len(waiting_in_order)
    assert after == {"cancelled": NEEDED, "confirmed": len(waiting_in_order)}
    assert sorted(told) == sorted(promoted)  # each promoted volunteer told exactly once
