"""Conversations of our own for the causes the colleagues' sets 10 and 12 showed (session 17),
each in other words than the sets'.

A scripted `wait` of days runs a calendar job at every time it fell due, as the live scheduler
would: the 18:00 reminder of tomorrow's tasks on the first evening, not only on the last one
(bot/converse/clockwork.py). Staff answer a push in run-on words (收到收到 下午过去拿材料, 到!,
明天俺得去开会 挪到礼拜五下午吧): the word that matters is found inside the chatter
(handlers/staff_spotted.py); volunteers say yes at length or type 报名 by its sound; a volunteer's
question about a pushed task gets its card (handlers/volunteer_questions.py)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.converse.clockwork import due_times
from bot.safety.detect import detect
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


# Set 10's danger causes in our own words: a wire blown onto a house still live, mud sliding
# towards the house, a farewell to the children; a beam breaking over people inside. And what is no
# alarm: water coming into the yard every time it rains, being bedridden for years, an accident
# told for the money it costs now, a swim on a hot day, arms worn out by work, a past fire.
_SAFETY_ROWS = [json.loads(line) for line in
                (Path(__file__).parent / "data" / "safety-lead-s17.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", _SAFETY_ROWS, ids=lambda r: r["text"])
def test_set10_danger_causes_in_our_words(row):
    assert (detect(row["text"]) is not None) == (row["intent"] == "safety")
