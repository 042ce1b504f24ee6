"""Bench-only gunicorn config: bench/message_phases.py's thread-CPU timers inside real workers.

    gunicorn -c bench/wrk_phases_conf.py ...   (bench/wrk_profile.py --phases passes it)

Once a worker is ready (after gunicorn set its signals) it wraps the message path's phases (message_phases.PHASES, plus the
request thread's gunicorn and Flask layers and the pool's hop) with `time.thread_time()`
timers (and those named in $PHASES_EXTRA, `module:function` or
`module:Class.method`, comma-separated). SIGUSR2 writes the figures gathered since the last SIGUSR2 to
$PHASES_OUT/phases-<pid>-<n>.json and starts again, so the harness sends one before wrk (the
warm-up's) and one after. `PHASES_CPROFILE=1` also runs cProfile with thread CPU time in both
the request thread and the reply threads and writes its stats beside. Never used by the bot.
"""
from __future__ import annotations

import cProfile
import gc
import importlib
import itertools
import json
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_dumps = itertools.count()
_profiles: list = []


def post_worker_init(worker):  # noqa: ARG001 - gunicorn's hook: after the worker set its signals
    import concurrent.futures.thread as pool_thread
    import time

    from gunicorn.workers import sync

    from bench import message_phases as mp

    extra = [
        (sync.SyncWorker, "handle", "request thread: gunicorn handle (accept → close)"),
        (sync.SyncWorker, "handle_request", "  gunicorn handle_request (parse → WSGI → write)"),
        (pool_thread._WorkItem, "run", "pool work item (job.run + future result)"),
    ]
    for spec in filter(None, os.environ.get("PHASES_EXTRA", "").split(",")):  # module:attr or module:Class.attr
        module_name, _, path = spec.partition(":")
        owner = importlib.import_module(module_name)
        *classes, name = path.split(".")
        for cls in classes:
            owner = getattr(owner, cls)
        extra.append((owner, name, f"extra: {spec}"))
    for owner, name, label in [*mp.PHASES, *extra]:
        mp.timed(owner, name, label)
    labels = [label for _, _, label in [*mp.PHASES, *extra]]

    # The garbage collector's passes, by generation (its callbacks run in the thread that triggered them).
    started: dict[int, float] = {}

    def collecting(phase, info):
        label = f"gc generation {info['generation']} (whichever thread allocates)"
        if phase == "start":
            started[threading.get_ident()] = time.thread_time()
        else:
            mp.seconds[label] += time.thread_time() - started.pop(threading.get_ident(), time.thread_time())
            mp.calls[label] += 1

    gc.callbacks.append(collecting)
    labels += [f"gc generation {n} (whichever thread allocates)" for n in range(3)]

    if os.environ.get("PHASES_CPROFILE"):
        local = threading.local()

        def profiled(function):
            def wrapper(*args, **kwargs):
                profile = getattr(local, "profile", None)
                if profile is None:
                    profile = local.profile = cProfile.Profile(time.thread_time)
                    _profiles.append(profile)
                profile.enable()
                try:
                    return function(*args, **kwargs)
                finally:
                    profile.disable()
            return wrapper

        sync.SyncWorker.handle = profiled(sync.SyncWorker.handle)
        pool_thread._WorkItem.run = profiled(pool_thread._WorkItem.run)

    def dump(_signum, _frame):
        out = Path(os.environ.get("PHASES_OUT", "/tmp"))
        out.mkdir(parents=True, exist_ok=True)
        n = next(_dumps)
        figures = {label: [mp.seconds[label], mp.calls[label]] for label in labels if mp.calls[label]}
        (out / f"phases-{os.getpid()}-{n}.json").write_text(json.dumps(figures, ensure_ascii=False))
        mp.seconds.clear()
        mp.calls.clear()
        for i, profile in enumerate(_profiles):
            profile.dump_stats(str(out / f"cprofile-{os.getpid()}-{n}-{i}.prof"))
            profile.clear()

    signal.signal(signal.SIGUSR2, dump)
