"""Measuring the router on a labelled file (`{"text", "intent", "guide"}` per line).

`guide` may be missing (the intent names no matter: the router must answer null), a string, or a
list where either guide is right. Used by `flask route --eval`, the tests and the bench script.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .types import RouteResult


@dataclass(frozen=True)
class Labelled:
    text: str
    intent: str
    guides: tuple[str | None, ...]  # accepted guides; (None,) when no matter is named


@dataclass
class Miss:
    item: Labelled
    got: RouteResult


@dataclass
class Report:
    total: int = 0
    intent_right: int = 0
    both_right: int = 0
    misses: list[Miss] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)  # (expected label, got label) → count
    per_intent: dict[str, Counter] = field(default_factory=dict)  # intent → tp/fp/fn

    @property
    def intent_accuracy(self) -> float:
        return self.intent_right / self.total if self.total else 0.0

    @property
    def accuracy(self) -> float:
        """Intent and guide both right."""
        return self.both_right / self.total if self.total else 0.0


def read_labelled(path: Path | str) -> list[Labelled]:
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            guide = row.get("guide")
            guides = tuple(guide) if isinstance(guide, list) else (guide,)
            items.append(Labelled(str(row["text"]), str(row["intent"]), guides))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a labelled line ({exc})") from None
    return items


def label(intent: str, guide: str | None) -> str:
    return f"{intent}/{guide}" if guide else intent


def evaluate(items: Iterable[Labelled], route: Callable[[str], RouteResult]) -> Report:
    report = Report()
    for item in items:
        got = route(item.text)
        report.total += 1
        intent_ok = got.intent == item.intent
        both_ok = intent_ok and got.guide in item.guides
        report.intent_right += intent_ok
        report.both_right += both_ok
        counts_expected = report.per_intent.setdefault(item.intent, Counter())
        counts_got = report.per_intent.setdefault(got.intent, Counter())
        if intent_ok:
            counts_expected["tp"] += 1
        else:
            counts_expected["fn"] += 1
            counts_got["fp"] += 1
        if not both_ok:
            report.misses.append(Miss(item, got))
            report.confusions[(label(item.intent, item.guides[0]), label(got.intent, got.guide))] += 1
    return report


def format_report(report: Report, source: str) -> str:
    lines = [
        f"routing eval: {source} ({report.total} messages)",
        f"intent accuracy:        {report.intent_right}/{report.total} = {report.intent_accuracy:.1%}",
        f"intent+guide accuracy:  {report.both_right}/{report.total} = {report.accuracy:.1%}",
        "",
        f"{'intent':<11} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}",
    ]
    for intent in sorted(report.per_intent):
        c = report.per_intent[intent]
        support = c["tp"] + c["fn"]
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        lines.append(f"{intent:<11} {precision:>9.2f} {recall:>7.2f} {f1:>6.2f} {support:>8}")
    lines.append("")
    lines.append("confusions (expected → routed: count):" if report.confusions else "confusions: none")
    for (expected, got), count in report.confusions.most_common():
        lines.append(f"  {expected} → {got}: {count}")
    if report.misses:
        lines.append("errors:")
        for miss in report.misses:
            expected = label(miss.item.intent, "|".join(g for g in miss.item.guides if g) or None)
            flag = " ambiguous" if miss.got.ambiguous else ""
            lines.append(f"  {miss.item.text!r}: expected {expected}, routed "
                         f"{label(miss.got.intent, miss.got.guide)} (score {miss.got.score:.2f}{flag})")
    return "\n".join(lines)
