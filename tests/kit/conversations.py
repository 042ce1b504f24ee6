"""Our own scripted conversations (tests/data/converse-*.jsonl, CONTRACT.md's format), played by
the converse runner in the `worlds` fixture (tests/kit/fixtures.py)."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def own_conversations(name: str) -> list[dict]:
    """The conversations of tests/data/`name`, for `pytest.mark.parametrize` (ids: their "id")."""
    from bot.converse.cli import read_conversations  # only the modules that use it load it

    with (DATA / name).open(encoding="utf-8") as stream:
        return read_conversations(stream)


def assert_passes(worlds, spec: dict) -> None:
    """Play `spec` in a fresh world; on a failure show the runner's line (step, wanted, got)."""
    from bot.converse.cli import evaluate

    line = evaluate(worlds, spec)
    assert line["passed"], json.dumps(line, ensure_ascii=False)
