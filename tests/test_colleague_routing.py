"""First messages written blind by a colleague (session 14's sets 3 and 5, session 15's sets 6 and 7,
session 16's 8 and 9, session 17's 10 and 11;
first-sight figures in the README of each tests/data/colleague-blind-N/). Both were used as dev sets
afterwards; this keeps them at the level reached (the goal of issue 13 is 95% on unseen sets)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.nlu import route_text

DATA = Path(__file__).parent / "data"
FLOOR = 0.97  # both sets stood at 97.5% or more when they became regression data


def _right(row: dict) -> bool:
    route = route_text(row["text"])
    wanted = row.get("guide")
    guides = wanted if isinstance(wanted, list) else [wanted]
    return route.intent == row["intent"] and (route.guide in guides if row["intent"] in ("guide", "errand") else True)


@pytest.mark.parametrize("name", ["colleague-blind-3/routing-blind3.jsonl", "colleague-blind-5/routing-blind5.jsonl",
                                  "colleague-blind-6/routing-blind6.jsonl", "colleague-blind-7/routing-blind7.jsonl",
                                  "colleague-blind-8/routing-blind8.jsonl", "colleague-blind-9/routing-blind9.jsonl",
                                  "colleague-blind-10/routing-blind10.jsonl", "colleague-blind-11/routing-blind11.jsonl",
                                  "colleague-blind-16/routing-blind16.jsonl",
                                  "colleague-blind-19/routing-blind19.jsonl",
                                  "colleague-blind-21/routing-blind21.jsonl",
                                  "colleague-blind-25/routing-blind25.jsonl",
                                  "colleague-blind-35/routing-blind35.jsonl",
                                  "colleague-blind-39/routing-blind39.jsonl",
                                  "colleague-blind-46/routing-blind46.jsonl",
                                  "colleague-blind-26/routing-blind26.jsonl"])
def test_colleague_first_messages_stay_routed(name):
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    wrong = [row["text"] for row in rows if not _right(row)]
    assert (len(rows) - len(wrong)) / len(rows) >= FLOOR, wrong
