"""Races on the real database: callables at the same moment on threads, and the racing process
of tests/test_mediation_race.py (`book_racing`: its own engine, books on each signal).

    first, second = race([lambda: claim(a), lambda: claim(b)])
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone

from sqlalchemy import text

from bot import mediation
from bot.db import Database


def race(workers) -> list:
    """Run the callables at the same moment, each in its own thread; return their results."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)
    errors: list[BaseException] = []

    def run(i, work):
        try:
            barrier.wait(timeout=10)
            results[i] = work()
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


def _attempt(db: Database, villager_id: int, slot_id: int, kind: str, now: datetime) -> tuple:
    with db.session() as s:
        try:
            result = mediation.book_slot(s, villager_id=villager_id, slot_id=slot_id, kind=kind,
                                         phone="13800138000", now=now)
            return ("booked", result.booking.number, result.created)
        except mediation.SlotFull:
            return ("full", None, False)
        except mediation.AlreadyBooked as exc:
            return ("already", exc.booking.number, False)


def book_racing(url: str, barrier, villager_id: int, attempts: list[tuple[int, str]], results) -> None:
    """For each (slot, kind): wait for all racers, then try to book; report what happened."""
    db = Database(url)
    now = datetime(2027, 1, 4, 2, 0, tzinfo=timezone.utc)
    with db.engine.connect() as conn:  # connect before the start, so all racers start together
        conn.execute(text("SELECT 1"))
    try:
        for slot_id, kind in attempts:
            try:
                barrier.wait(timeout=60)
                outcome = _attempt(db, villager_id, slot_id, kind, now)
            except Exception as exc:  # reported, so the test fails with the reason
                outcome = ("error", repr(exc), False)
            results.put((villager_id, slot_id, kind) + outcome)
    finally:
        db.dispose()
