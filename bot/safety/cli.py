"""`flask safety eval FILE...`: recall and false alarms of the danger detector on labelled files.

A line is `{"text": ..., "intent": "safety"}` (danger) or anything else (a look-alike, e.g.
`{"text": ..., "safety": false}`); every file given is counted together and on its own.

    flask --app wsgi safety eval ../shared/eval/safety-dev.jsonl tests/data/safety-own.jsonl
"""
from __future__ import annotations

import json
from pathlib import Path

import click


def _rows(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(rows: list[dict]) -> tuple[int, int, int, int, list[str]]:
    """(danger found, danger total, false alarms, look-alikes total, the mistakes)."""
    from .detect import detect  # not at import: every `flask` command loads this module

    found = total = alarms = lookalikes = 0
    mistakes = []
    for row in rows:
        danger = detect(row["text"])
        if row.get("intent") == "safety":
            total += 1
            found += danger is not None
            if danger is None:
                mistakes.append(f"  missed: {row['text']}")
        else:
            lookalikes += 1
            alarms += danger is not None
            if danger is not None:
                mistakes.append(f"  false alarm ({danger.kind.id}, {danger.score}): {row['text']}")
    return found, total, alarms, lookalikes, mistakes


def _line(name: str, found: int, total: int, alarms: int, lookalikes: int) -> str:
    recall = found / total if total else 1.0
    rate = alarms / lookalikes if lookalikes else 0.0
    return (f"{name}: recall {found}/{total} = {recall:.1%}, "
            f"false alarms {alarms}/{lookalikes} = {rate:.1%}")


@click.group("safety")
def safety_group() -> None:
    """The safety layer (danger to life or safety)."""


@safety_group.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def eval_command(files: tuple[str, ...]) -> None:
    """Recall and false-alarm rate of the danger detector on labelled JSON lines."""
    totals = [0, 0, 0, 0]
    for path in files:
        found, total, alarms, lookalikes, mistakes = measure(_rows(path))
        click.echo(_line(path, found, total, alarms, lookalikes))
        for line in mistakes:
            click.echo(line)
        totals = [a + b for a, b in zip(totals, (found, total, alarms, lookalikes))]
    if len(files) > 1:
        click.echo(_line("all", *totals))


commands = [safety_group]
