"""Rarely written rows read once per few seconds (bot/read_gate.py): guides and village names.

A write made in this process through the ORM (the admin boards, the knowledge loader) is seen by
the next message at once; one made elsewhere (another worker: here a Core UPDATE, which no
flush of this process sees) is seen once the gate's seconds have passed, not before.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import clock, village_match
from bot.guides import get_guide
from bot.guides import lookups
from bot.models import Area, Guide, Village
from tests.kit.knowledge import load_into


class Ticks:
    """A stand-in for time.monotonic that moves only when told."""

    def __init__(self):
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def ticks(monkeypatch):
    ticks = Ticks()
    monkeypatch.setattr(lookups._cache._gate, "monotonic", ticks)
    monkeypatch.setattr(village_match._gate, "monotonic", ticks)
    monkeypatch.setattr(village_match._township_gate, "monotonic", ticks)
    return ticks


def _summary(db) -> str:
    with db.session() as s:
        return get_guide(s, "dibao").summary


def test_guide_edited_elsewhere_is_seen_after_the_gate_seconds(app, db, ticks):
    load_into(app)
    before = _summary(db)
    with db.session() as s:  # another worker's edit: no flush of a Guide in this process
        data = dict(s.get(Guide, "dibao").data, summary="别处改过的说明。")
        s.execute(update(Guide).where(Guide.id == "dibao").values(data=data, updated_at=clock.now() + timedelta(days=1)))
    assert _statements_for(db, lambda s: get_guide(s, "dibao")) == 0  # within the seconds: the copy
    assert _summary(db) == before
    ticks.at += lookups.GUIDE_CHECK_SECONDS
    assert _summary(db) == "别处改过的说明。"


def test_guide_written_in_this_process_is_seen_at_once(app, db, ticks, frozen_clock):
    load_into(app)
    _summary(db)
    frozen_clock.advance(minutes=1)  # the edit's updated_at is the stamp's news
    with db.session() as s:
        guide = s.get(Guide, "dibao")
        guide.data = dict(guide.data, summary="这里改过的说明。")
    assert _summary(db) == "这里改过的说明。"


def test_village_named_elsewhere_is_found_after_the_gate_seconds(app, db, ticks):
    load_into(app)
    with db.session() as s:
        assert village_match.match_villages(s, "俺是石碑岭的") == []
        s.execute(update(Village).where(Village.name == "王庄").values(aliases="石碑岭"))
    with db.session() as s:
        assert village_match.match_villages(s, "俺是石碑岭的") == []  # within the seconds
    ticks.at += village_match.VILLAGE_CHECK_SECONDS
    with db.session() as s:
        assert [h.village.name for h in village_match.match_villages(s, "俺是石碑岭的")] == ["王庄"]


def test_village_written_in_this_process_is_found_at_once(app, db, ticks):
    load_into(app)
    with db.session() as s:
        assert village_match.match_villages(s, "俺是石碑岭的") == []
        s.scalars(select(Village).where(Village.name == "王庄")).one().aliases = "石碑岭"
    with db.session() as s:
        assert [h.village.name for h in village_match.match_villages(s, "俺是石碑岭的")] == ["王庄"]


def _statements_for(db, work) -> int:
    from sqlalchemy import event
    seen = []

    def count(*_args):
        seen.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with db.session() as s:
            work(s)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_township_renamed_elsewhere_is_found_after_the_gate_seconds(app, db, ticks):
    load_into(app)
    with db.session() as s:
        assert village_match.match_townships(s, "俺是石碑岭镇的") == []
        s.execute(update(Area).where(Area.township == "卞庄街道").values(township="石碑岭镇"))
    with db.session() as s:
        assert village_match.match_townships(s, "俺是石碑岭镇的") == []  # within the seconds
    ticks.at += village_match.VILLAGE_CHECK_SECONDS
    with db.session() as s:
        assert village_match.match_townships(s, "俺是石碑岭镇的") == ["石碑岭镇"]
