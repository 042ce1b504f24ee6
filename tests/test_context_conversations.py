"""Issue 13's conversations of context (tests/data/converse-context.jsonl) pass, in fresh worlds.

Replies to pushes, guide parts and follow-ups, small talk, registration that carries on,
per-role help and "my work", each told as a whole conversation (CONTRACT.md's format).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.converse.cli import evaluate, read_conversations

OWN = Path(__file__).parent / "data" / "converse-context.jsonl"


def _specs() -> list:
    with OWN.open(encoding="utf-8") as stream:
        return read_conversations(stream)


@pytest.mark.parametrize("spec", _specs(), ids=lambda s: s["id"])
def test_context_conversation_passes(worlds, spec):
    line = evaluate(worlds, spec)
    assert line["passed"], json.dumps(line, ensure_ascii=False)
