"""Where one message's CPU goes, phase by phase: bench/message_path.py with thread-CPU timers.

    .venv/bin/python bench/message_phases.py --messages 200 [message_path's options]

Wraps the guarantees' steps (replay guard, rate limit, dedupe claim, reply stored), the
handler's parts and the thread-pool hop with `time.thread_time()` and prints the CPU per
message of each (averaged over the measured messages: the warm-up's runs are dropped when
message_path drains after it; `--with-warm-up` keeps them, as before session 21). Names missing in older code
are skipped, so the same script measures a checkout of an earlier commit.
"""
from __future__ import annotations

import collections
import functools
import runpy
import sys
import time
from pathlib import Path

ROOT = Path.cwd()  # the checkout measured (run from its root; it may be an older commit's)
sys.path.insert(0, str(ROOT))

import bot.conversation as conversation  # noqa: E402
import bot.dispatch as dispatch  # noqa: E402
import bot.nlu.router as router  # noqa: E402
import bot.reply_runner as reply_runner  # noqa: E402
import bot.safety.detect as safety_detect  # noqa: E402
import bot.safety.sounds as safety_sounds  # noqa: E402
import bot.webhook as webhook  # noqa: E402

seconds: collections.Counter = collections.Counter()
calls: collections.Counter = collections.Counter()
ALL = "job.run (worker thread, all)"


def timed(owner, name: str, label: str) -> None:
    """Replace owner.name by a wrapper adding its thread CPU time to `label`."""
    function = getattr(owner, name, None)
    if function is None:
        return

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] += time.thread_time() - started
            calls[label] += 1

    setattr(owner, name, wrapper)


PHASES = [  # (owner, name, label), outermost first
    (reply_runner.ReplyJob, "run", ALL),
    (reply_runner.ReplyJob, "_run", " job._run (after the app context)"),
    (reply_runner, "_read_ahead", "  reading ahead (safety + route, no transaction)"),
    (safety_detect, "_detect", "    safety detection (texts not kept)"),
    (safety_detect, "prepare", "      prepare (normalise, mask, spell, repair)"),
    (getattr(safety_sounds, "_SoundIndex", None), "repair", "        repair by sound"),
    (router.Router, "explain", "    router reading (texts not kept)"),
    (router.Router, "scan", "      router scan (a text read anew)"),
    (reply_runner.replay, "check_in_database", "  replay guard (SQLite)"),
    (reply_runner.limits, "message_allowed", "  rate limit"),
    (reply_runner, "claim_inbound", "  dedupe claim insert"),
    (reply_runner.replay, "check_on_connection", "  replay guard (SQLite, on the DBAPI cursor)"),
    (reply_runner, "claim_on_connection", "  dedupe claim insert (on the DBAPI cursor)"),
    (reply_runner.ReplyJob, "_handle", "  handler transaction (incl. commit)"),
    (reply_runner, "lock_for_handling", "    lock_for_handling"),
    (reply_runner, "handle_incoming", "    handle_incoming"),
    (conversation, "get_or_create_user", "      sender + roles"),
    (conversation, "_note_contact", "      sender's update"),
    (conversation, "DialogHandle", "      dialog load"),
    (dispatch.Dispatcher, "dispatch", "      dispatch (handlers, NLU, safety)"),
    (conversation.context, "note_action", "      context note_action"),
    (reply_runner, "store_reply", "    reply stored"),
    (webhook, "receive_message", "receive_message (request thread, waits cost nothing)"),
    (webhook, "_verify_and_parse", "  verify + parse"),
    (webhook, "answer_within_budget", "  answer_within_budget (request side of the hop)"),
]


def _reset_after_warm_up() -> None:
    """message_path drains the reply pool once, after its warm-up: start counting there."""
    drain = reply_runner.drain

    @functools.wraps(drain)
    def drained(*args, **kwargs):
        result = drain(*args, **kwargs)
        seconds.clear()
        calls.clear()
        return result

    reply_runner.drain = drained


def main() -> None:
    for owner, name, label in PHASES:
        timed(owner, name, label)
    if "--with-warm-up" in sys.argv:
        sys.argv.remove("--with-warm-up")
    else:
        _reset_after_warm_up()
    sys.argv = [str(ROOT / "bench" / "message_path.py")] + sys.argv[1:]
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    finally:
        runs = max(calls[ALL], 1)
        print(f"\nPhases, thread CPU ms per message (over {calls[ALL]} runs):")
        for _, _, label in PHASES:
            if calls[label]:
                print(f"  {label:55s} {seconds[label] / runs * 1000:7.3f}   calls per message {calls[label] / runs:.2f}")


if __name__ == "__main__":
    main()
