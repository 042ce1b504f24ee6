"""`flask --app wsgi converse [--eval FILE] [FILE]`: run scripted conversations, print JSON lines."""
from __future__ import annotations

import json
import logging
import sys
import time
from contextlib import closing
from datetime import timedelta
from typing import IO, Iterator

import click

from bot.config import Config

from .expectations import judge
from .steps import Conversation
from .world import FakeWeChatServer, Worlds, local_start


def read_conversations(stream: IO[str]) -> list[dict | str]:
    """The JSONL conversations; a line that is not a conversation is kept as its error text."""
    out: list[dict | str] = []
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            spec = json.loads(line)
        except ValueError as exc:
            out.append(f"line {number}: not JSON ({exc})")
            continue
        out.append(spec if isinstance(spec, dict) else f"line {number}: not an object")
    return out


def _start_of(spec: dict, tz_name: str):
    try:
        return local_start(spec.get("now"), tz_name)
    except (ValueError, TypeError, AttributeError):
        return None


def evaluate(worlds: Worlds, spec: dict | str) -> dict:
    """One conversation's result line: passed, or the first failing step with want and got."""
    if isinstance(spec, str):
        return {"id": None, "passed": False, "step": 0, "want": {}, "got": {"error": spec}}
    conversation_id = spec.get("id")
    if _start_of(spec, worlds.tz_name) is None:
        return {"id": conversation_id, "passed": False, "step": 0, "want": {},
                "got": {"error": f"bad now {spec.get('now')!r}: use \"YYYY-MM-DD HH:MM\""}}
    steps = spec.get("steps") or []
    with closing(Conversation(worlds, spec).run()) as results:  # closing it drops the world
        for result in results:
            verdict = judge(steps[result.index], result)
            if verdict is not None:
                want, got = verdict
                return {"id": conversation_id, "passed": False, "step": result.index, "want": want, "got": got}
    return {"id": conversation_id, "passed": True, "step": None, "want": None, "got": None}


def transcript(worlds: Worlds, spec: dict | str) -> Iterator[dict]:
    """Each step of a conversation as it happened."""
    if isinstance(spec, str):
        yield {"id": None, "step": 0, "error": spec}
        return
    if _start_of(spec, worlds.tz_name) is None:
        yield {"id": spec.get("id"), "step": 0, "error": f"bad now {spec.get('now')!r}"}
        return
    for result in Conversation(worlds, spec).run():
        yield result.as_line(str(spec.get("id")))


def make_worlds(specs: list[dict | str], tz_name: str) -> Worlds:
    starts = [s for s in (_start_of(spec, tz_name) for spec in specs if isinstance(spec, dict)) if s]
    base_time = (min(starts) if starts else local_start(None, tz_name)) - timedelta(days=1)
    return Worlds(tz_name=tz_name, fake=FakeWeChatServer(), base_time=base_time)


def run(specs: list[dict | str], tz_name: str, evaluate_only: bool, echo=click.echo) -> tuple[int, int]:
    """Run every conversation; echo one line per conversation (eval) or per step. (passed, total)."""
    worlds = make_worlds(specs, tz_name)
    passed = 0
    try:
        for spec in specs:
            if evaluate_only:
                line = evaluate(worlds, spec)
                passed += bool(line["passed"])
                echo(json.dumps(line, ensure_ascii=False))
            else:
                for line in transcript(worlds, spec):
                    echo(json.dumps(line, ensure_ascii=False))
    finally:
        worlds.fake.close()
        worlds.cleanup()
    return passed, len(specs)


@click.command("converse")
@click.option("--eval", "eval_file", type=click.File("r", encoding="utf-8"), default=None,
              help="Judge the conversations of this JSONL file: one line each, then the pass rate.")
@click.argument("file", type=click.File("r", encoding="utf-8"), required=False)
def converse_command(eval_file: IO[str] | None, file: IO[str] | None) -> None:
    """Run scripted conversations (CONTRACT.md), each in a fresh world; JSONL from FILE or stdin."""
    specs = read_conversations(eval_file or file or sys.stdin)
    # Standard output is the result; keep stderr to warnings (every world's app logs at INFO,
    # the fake WeChat API logs each request).
    logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # No app context here: each world has its own app (and `flask` commands run in it).
    tz_name = Config.from_env().TZ_NAME
    started = time.monotonic()
    passed, total = run(specs, tz_name, evaluate_only=eval_file is not None)
    click.echo(f"converse: {total} conversations in {time.monotonic() - started:.1f} s", err=True)
    if eval_file is not None:
        share = 100.0 * passed / total if total else 0.0
        click.echo(f"passed {passed} of {total} ({share:.1f}%)")


commands = [converse_command]
