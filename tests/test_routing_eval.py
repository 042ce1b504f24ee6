"""The router on the shared evaluation set (measured only; nothing from it is in the lexicon)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu import route_text
from bot.nlu.evaluate import evaluate, format_report, read_labelled

DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "routing-dev.jsonl"


def test_dev_set_intent_and_guide_accuracy_at_least_90_percent():
    if not DEV_SET.exists():
        pytest.skip(f"shared evaluation set not found at {DEV_SET} (it lives beside the repository)")
    report = evaluate(read_labelled(DEV_SET), route_text)
    assert report.total >= 100
    assert report.accuracy >= 0.90, format_report(report, str(DEV_SET))


def test_no_dev_set_phrasing_is_a_lexicon_example():
    """The dev set measures; it must never teach (compared without punctuation and spaces)."""
    import re

    from bot.nlu.lexicon import load_lexicon

    if not DEV_SET.exists():
        pytest.skip(f"shared evaluation set not found at {DEV_SET}")
    bare = lambda text: re.sub(r"[\s，。？！,.?!、]", "", text)  # noqa: E731
    dev = {bare(item.text) for item in read_labelled(DEV_SET)}
    examples = {bare(x) for entry in load_lexicon().entries() for x in entry.examples}
    assert not dev & examples
