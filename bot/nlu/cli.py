"""`flask route`: route JSON lines from standard input, or measure the router on a labelled file.

    echo '{"text": "低包咋办"}' | flask --app wsgi route
    {"text": "低包咋办", "intent": "guide", "guide": "dibao"}

    flask --app wsgi route --eval ../shared/eval/routing-dev.jsonl   # accuracy and confusions
    flask --app wsgi route --check                                    # validate the lexicon

Routing is pure (no database): it answers as for the first message of a new villager.
"""
from __future__ import annotations

import json
import sys

import click

from .lexicon import LexiconError


def _routed_line(text: str, explain: bool) -> str:
    from . import route_text

    result = route_text(text)
    row: dict = {"text": text, "intent": result.intent, "guide": result.guide}
    if explain:
        row.update(score=result.score, ambiguous=result.ambiguous, normalized=result.normalized,
                   candidates=[[c.intent, c.guide, c.score] for c in result.candidates])
    return json.dumps(row, ensure_ascii=False)


def _text_of(line: str) -> str | None:
    try:
        row = json.loads(line)
    except ValueError:
        return line  # a bare line of text is routed as it is
    if isinstance(row, dict) and isinstance(row.get("text"), str):
        return row["text"]
    if isinstance(row, str):
        return row
    return None


def _check_lexicon() -> None:
    from .router import get_router

    router = get_router()
    total = wrong = 0
    for entry in router.lexicon.entries():
        for example in entry.examples:
            total += 1
            got = router.route(example, leave_out=True)
            right = (got.intent, got.guide) == ("guide", entry.id) if entry.kind == "guide" else got.intent == entry.id
            if not right:
                wrong += 1
                click.echo(f"  example of {entry.kind} {entry.id} routes elsewhere: {example!r} → "
                           f"{got.intent}/{got.guide}")
    click.echo(f"lexicon ok: {len(router.table.surfaces)} written forms, {total} examples, "
               f"{total - wrong} route to their own entry without their own help")


@click.command("route")
@click.option("--eval", "eval_file", type=click.Path(exists=True, dir_okay=False),
              help="Labelled JSON lines: print accuracy, per-intent scores, confusions and errors.")
@click.option("--fail-under", type=float, default=None,
              help="With --eval: exit 1 when intent+guide accuracy is below this fraction.")
@click.option("--check", is_flag=True, help="Validate the lexicon and route its own examples.")
@click.option("--explain", is_flag=True, help="Add score, ambiguity, candidates and cleaned text.")
def route_command(eval_file: str | None, fail_under: float | None, check: bool, explain: bool) -> None:
    """Route JSON lines ({"text": ...}) from standard input to intents and guides."""
    try:
        if check:
            _check_lexicon()
            return
        if eval_file:
            from . import route_text
            from .evaluate import evaluate, format_report, read_labelled

            report = evaluate(read_labelled(eval_file), route_text)
            click.echo(format_report(report, eval_file))
            if fail_under is not None and report.accuracy < fail_under:
                raise SystemExit(1)
            return
        for line in sys.stdin:
            if not line.strip():
                continue
            text = _text_of(line.rstrip("\n"))
            if text is None:
                click.echo(json.dumps({"error": "a JSON object with a text field is expected",
                                       "line": line.strip()}, ensure_ascii=False))
                continue
            click.echo(_routed_line(text, explain))
            sys.stdout.flush()
    except LexiconError as exc:
        raise click.ClickException(f"lexicon: {exc}") from None


commands = [route_command]
