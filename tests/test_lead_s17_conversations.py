"""Conversations of our own for the causes the colleagues' sets 10 and 12 showed (session 17),
each in other words than the sets'.

A scripted `wait` of days runs a calendar job at every time it fell due, as the live scheduler
would: the 18:00 reminder of tomorrow's tasks on the first evening, not only on the last one
(bot/converse/clockwork.py)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.converse.clockwork import due_times
from scheduler.jobs import Job, cron, every
from tests.kit.conversations import assert_passes, own_conversations

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s17.jsonl"), ids=lambda s: s["id"])
def test_lead_s17_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


def _job(trigger) -> Job:
    return Job("x", lambda session, now: None, trigger)


def test_a_calendar_job_runs_at_every_time_it_fell_due():
    start = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)
    until = datetime(2026, 12, 10, 9, 0, tzinfo=TZ)
    times = due_times(_job(cron(hour=18, minute=0)), TZ, start, start, until)
    assert [t.day for t in times] == [7, 8, 9]


def test_an_interval_sweep_runs_once_at_its_last_due_time():
    start = datetime(2026, 12, 7, 9, 0, tzinfo=TZ)
    until = datetime(2026, 12, 7, 11, 0, tzinfo=TZ)
    times = due_times(_job(every(minutes=5)), TZ, start, start, until)
    assert times == [until]
