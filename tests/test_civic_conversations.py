"""Issue 18's conversations (tests/data/converse-civic.jsonl) pass, in fresh worlds.

A village matter asked about before and after its 决议公开 (pushed to the village), two close
matters to choose from, a suggestion answered by a cadre, an errand for a confirmed mother (代亲属办),
the benefits check kept with consent (政策找人)
(CONTRACT.md's format; `run` steps use `flask matter`, `flask suggestion` and `flask family`).
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.converse.cli import evaluate, make_worlds, read_conversations

OWN = Path(__file__).parent / "data" / "converse-civic.jsonl"


@pytest.fixture(scope="module")
def worlds():
    built = make_worlds(read_conversations(io.StringIO('{"id": "x", "steps": []}\n')), "Asia/Shanghai")
    yield built
    built.fake.close()
    built.cleanup()


def _specs() -> list:
    with OWN.open(encoding="utf-8") as stream:
        return read_conversations(stream)


@pytest.mark.parametrize("spec", _specs(), ids=lambda s: s["id"])
def test_civic_conversation_passes(worlds, spec):
    line = evaluate(worlds, spec)
    assert line["passed"], json.dumps(line, ensure_ascii=False)
