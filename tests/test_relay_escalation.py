"""A message for a person unanswered through one working day goes up: township, then county (clock moved)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import Conversation
from scheduler.tasks import escalate_relay
from bot.relay.workhours import one_working_day_after
from scheduler.jobs import JOBS
from tests.kit.chat import talk
from tests.kit.outbox import pushes
from tests.kit.worlds import MONDAY_10, TZ


pytestmark = pytest.mark.county("relay")


def _run_job(app) -> int:
    with app.app_context(), app.extensions["db"].session() as s:
        return escalate_relay(s, clock.now())


def _level(db) -> str:
    with db.session() as s:
        return s.scalar(select(Conversation.level))


def test_unanswered_goes_to_the_township_after_a_working_day_then_the_county(app, db, county):
    with clock.frozen(MONDAY_10) as moved:
        talk(app, "v1", "人工 俺家低保停了", at=clock.now())
        moved.advance(hours=23, minutes=59)  # Tuesday 09:59: not yet a working day
        _run_job(app)
        assert pushes(db, "sec2") == [] and _level(db) == "area"
        moved.advance(minutes=1)  # Tuesday 10:00
        assert _run_job(app) == 1
        [push] = pushes(db, "sec2")  # 东关片区's secretary, of the same 卞庄街道
        assert "低保停了" in push and "一个工作日没回复" in push and "王秀英" in push
        assert _level(db) == "township" and pushes(db, "county1") == []
        assert _run_job(app) == 0  # a second run the same minute tells nobody twice
        moved.advance(days=1)  # Wednesday 10:00: a working day at the township too
        _run_job(app)
        assert len(pushes(db, "county1")) == 1 and _level(db) == "county"
        moved.advance(days=5)
        assert _run_job(app) == 0 and len(pushes(db, "county1")) == 1 and len(pushes(db, "sec2")) == 1


def test_an_answer_in_time_stops_the_escalation(app, db, county):
    with clock.frozen(MONDAY_10) as moved:
        talk(app, "v1", "人工 俺家低保停了", at=clock.now())
        moved.advance(hours=5)
        assert talk(app, "sec1", "明天去你家", at=clock.now()).action == "human.reply"
        moved.advance(days=3)
        assert _run_job(app) == 0
        assert pushes(db, "sec2") == [] and pushes(db, "county1") == []


def test_the_weekend_does_not_count(app, db, county):
    friday_4pm = datetime(2026, 12, 11, 16, 0, tzinfo=TZ)
    with clock.frozen(friday_4pm) as moved:
        talk(app, "v1", "人工 俺家低保停了", at=clock.now())
        moved.set(datetime(2026, 12, 14, 15, 59, tzinfo=TZ))  # Monday 15:59
        assert _run_job(app) == 0
        moved.set(datetime(2026, 12, 14, 16, 0, tzinfo=TZ))
        assert _run_job(app) == 1 and len(pushes(db, "sec2")) == 1


def test_a_new_message_after_an_answer_starts_a_new_wait(app, db, county):
    with clock.frozen(MONDAY_10) as moved:
        talk(app, "v1", "人工 俺家低保停了", at=clock.now())
        talk(app, "sec1", "回复 1 明天去看", at=clock.now())
        moved.advance(days=2)  # Wednesday 10:00
        talk(app, "v1", "人工 你们咋还没来", at=clock.now())
        moved.advance(hours=23)
        assert _run_job(app) == 0
        moved.advance(hours=1)  # Thursday 10:00
        assert _run_job(app) == 1
        [push] = pushes(db, "sec2")
        assert "咋还没来" in push and "低保停了" not in push  # only what waits since the answer


@pytest.mark.parametrize("local, due", [
    ((2026, 12, 7, 10, 0), (2026, 12, 8, 10, 0)),     # Monday morning → Tuesday same time
    ((2026, 12, 11, 16, 0), (2026, 12, 14, 16, 0)),   # Friday afternoon → Monday
    ((2026, 12, 12, 12, 0), (2026, 12, 14, 17, 30)),  # Saturday → the end of Monday
    ((2026, 12, 7, 20, 0), (2026, 12, 8, 17, 30)),    # Monday evening → the end of Tuesday
    ((2026, 12, 7, 7, 0), (2026, 12, 7, 17, 30)),     # before the office opens → that evening
])
def test_one_working_day(local, due):
    start = datetime(*local, tzinfo=TZ).astimezone(timezone.utc)
    assert one_working_day_after(start, "Asia/Shanghai") == datetime(*due, tzinfo=TZ)


def test_the_job_is_in_the_scheduler_table():
    [job] = [j for j in JOBS if j.id == "human-escalation"]
    assert job.func is escalate_relay


def test_staff_told_in_an_earlier_wait_are_not_asked_to_answer_a_new_one(app, db, county):
    with clock.frozen(MONDAY_10) as moved:
        talk(app, "v1", "人工 俺家低保停了", at=clock.now())
        moved.advance(days=1)
        _run_job(app)  # sec2 (township) told
        talk(app, "sec2", "我来问问", at=clock.now())
        moved.advance(hours=2)
        talk(app, "v1", "人工 还是没人来", at=clock.now())  # a new wait: the area is told again, not sec2
        assert any("还是没人来" in p for p in pushes(db, "sec1"))
        assert talk(app, "sec2", "低保怎么办", at=clock.now()).action != "human.reply"
        assert talk(app, "sec1", "下午就到", at=clock.now()).action == "human.reply"
