"""The scale run's report: checks and figures as a table on stdout and in test-artifacts/scale-report.md."""
from __future__ import annotations

import time
from pathlib import Path

from .checks import Check
from .faults import Window


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def latency_row(label: str, deliveries: list[dict]) -> list[str]:
    values = sorted(d["ms"] for d in deliveries)
    return [label, str(len(values))] + [f"{percentile(values, p):.0f}" for p in (50, 95, 99)] + \
        [f"{values[-1]:.0f}" if values else "-"]


def outside(deliveries: list[dict], windows: list[Window], grace: float) -> list[dict]:
    return [d for d in deliveries
            if not any(w.start - 1 <= d["end"] and d["t"] <= (w.end or w.start) + grace for w in windows)]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "/").replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render(*, command: str, settings: dict, checks: list[Check], requests: list[dict], windows: list[Window],
           notes: list[str], started: float, load_seconds: float, figures: dict, grace: float) -> str:
    first = [r for r in requests if r["why"] == "first"]
    answered = [r for r in requests if r["status"] == 200]
    quiet = outside(answered, windows, grace)
    failed = [c for c in checks if not c.ok]
    parts = [
        "# Scale test report",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(started))}: `{command}`",
        "",
        table(["setting", "value"], [[k, str(v)] for k, v in settings.items()]),
        "",
        "## Faults",
        "",
        table(["fault", "from (s)", "to (s)", "what happened"],
              [[w.name, f"{w.start - started:.1f}", f"{(w.end or w.start) - started:.1f}", w.note] for w in windows]),
    ]
    if notes:
        parts += ["", *[f"- {n}" for n in notes]]
    parts += [
        "",
        "## Checks",
        "",
        table(["check", "result", "detail"], [[c.name, "PASS" if c.ok else "FAIL", c.detail] for c in checks]),
        "",
        "## Latency of answered deliveries (ms)",
        "",
        table(["deliveries", "n", "p50", "p95", "p99", "max"],
              [latency_row("all", answered),
               latency_row(f"outside every fault window (+{grace:.0f} s)", quiet)]),
        "",
        "## Throughput",
        "",
        table(["what", "figure"], [
            ["messages (first deliveries)", f"{len(first)} in {load_seconds:.0f} s = {len(first) / load_seconds:.1f}/s"],
            ["deliveries (with WeChat's retries and redeliveries)",
             f"{len(requests)} = {len(requests) / load_seconds:.1f}/s"],
            *[[k, str(v)] for k, v in figures.items()],
        ]),
        "",
        f"**{'FAILED: ' + str(len(failed)) + ' check(s)' if failed else 'All checks passed'}**",
        "",
    ]
    return "\n".join(parts)


def write(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
