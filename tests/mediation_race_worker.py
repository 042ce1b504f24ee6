"""One racing process for tests/test_mediation_race.py: its own engine, books on each signal."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

from bot import mediation
from bot.db import Database


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


def race(url: str, barrier, villager_id: int, attempts: list[tuple[int, str]], results) -> None:
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
