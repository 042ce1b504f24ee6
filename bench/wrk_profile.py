"""Where a real gunicorn worker's CPU goes under wrk: per thread, and sampled by py-spy.

    .venv/bin/python bench/wrk_profile.py [--duration 16] [--connections 16] [--workers 2]
        [--safe] [--py-spy PATH [--native] [--rate 250] [--out DIR]] [--env KEY=VALUE ...]

Starts the full bot as bench/webhook_bench.py does (`gunicorn -w N --preload`, SQLite, unique
signed text messages from 500 openids, every user once first), then runs wrk and reads each
worker thread's CPU from /proc/<pid>/task/<tid>/stat before and after: the request thread (the
gunicorn worker's main thread), the reply pool's threads (`wechat-reply_*`) and any other, per
message, with the worker's total. With `--py-spy`, `py-spy record --nonblocking --threads` runs
on each worker during the wrk run and writes collapsed stacks (`--format raw`) to `--out`, which
`bench/stack_shares.py` groups by cost centre. Never a timed test: a measuring tool.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.process_stats import worker_pids  # noqa: E402
from bench.webhook_bench import (build_requests, first_reply_seconds, free_port, start_gunicorn,  # noqa: E402
                                 stop, warm_up)
from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN  # noqa: E402
from bot.dev.wire import WebhookClient  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu(pid: str) -> dict[str, tuple[str, float]]:
    """tid → (thread name, user + system CPU seconds) for every thread of `pid`."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        found[task.name] = (name, (int(fields[11]) + int(fields[12])) / TICK)
    return found


def kind_of(pid: str, tid: str, name: str) -> str:
    if tid == pid:
        return "request thread (gunicorn main)"
    if name.startswith("wechat-reply"):
        return "reply pool threads"
    return f"other threads ({name})"


def signal_workers(pids: list[str]) -> None:
    for pid in pids:
        os.kill(int(pid), signal.SIGUSR2)


def print_phases(directory: str, pids: list[str], done: int) -> None:
    """The workers' phase timers of the measured run, summed, in ms of thread CPU per message."""
    seconds: dict[str, float] = {}
    calls: dict[str, int] = {}
    order: list[str] = []
    for pid in pids:
        path = Path(directory) / f"phases-{pid}-1.json"
        if not path.exists():
            continue
        for label, (spent, n) in json.loads(path.read_text()).items():
            if label not in seconds:
                order.append(label)
            seconds[label] = seconds.get(label, 0.0) + spent
            calls[label] = calls.get(label, 0) + n
    print("phases inside the workers (thread CPU ms per message, calls per message):")
    for label in order:
        print(f"  {label:58s} {seconds[label] / done * 1000:7.3f}   {calls[label] / done:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=16)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--messages", type=int, default=60000)
    parser.add_argument("--openids", type=int, default=500)
    parser.add_argument("--safe", action="store_true", help="safe mode (AES) instead of plaintext")
    parser.add_argument("--py-spy", help="path of the py-spy binary: sample the workers during the run")
    parser.add_argument("--native", action="store_true")
    parser.add_argument("--perf", help="FILE: `perf record -g` the workers during the run into FILE")
    parser.add_argument("--rate", type=int, default=250)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pyspy"))
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the bot's environment")
    parser.add_argument("--no-preload", action="store_true")
    parser.add_argument("--phases", help="DIR: thread-CPU timers inside the workers (bench/wrk_phases_conf.py)")
    parser.add_argument("--cprofile", action="store_true", help="with --phases: cProfile both threads too")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="pqt-prof-")
    env = dict(os.environ, WECHAT_TOKEN=DEV_TOKEN, WECHAT_ENCODING_AES_KEY=DEV_AES_KEY, WECHAT_ALLOW_PLAINTEXT="1",
               WECHAT_APP_ID=DEV_APP_ID, WECHAT_API_BASE="http://127.0.0.1:9/",
               USER_MESSAGES_PER_MINUTE="100000", DATABASE_URL=f"sqlite:///{tmp}/bench.db")
    env.pop("REDIS_URL", None)
    env.update(kv.split("=", 1) for kv in args.env)
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "setup"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    port = free_port()
    extra = [] if args.no_preload else ["--preload"]
    if args.phases:
        extra += ["-c", str(ROOT / "bench" / "wrk_phases_conf.py")]
        env["PHASES_OUT"] = args.phases
        if args.cprofile:
            env["PHASES_CPROFILE"] = "1"
    started = time.perf_counter()
    proc = start_gunicorn("wsgi:app", port, args.workers, env, 1, None, extra)
    url = f"http://127.0.0.1:{port}/wechat"
    spies = []
    try:
        first_reply_seconds(WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID), started, proc)
        openids = [f"bench-v{i:04d}" for i in range(args.openids)]
        warm_up(url, openids)
        pids = worker_pids(proc.pid)
        client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=args.safe)
        reqs = build_requests(client, port, openids, args.messages, random.Random(7), 7)
        prefix = Path(tmp) / "reqs"
        half = len(reqs) // 2
        for t in range(2):
            Path(f"{prefix}.{t}").write_bytes(b"\0".join(reqs[t * half:(t + 1) * half]))
        if args.py_spy:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            for pid in pids:
                cmd = [args.py_spy, "record", "--pid", pid, "--nonblocking", "--threads", "--gil", "--rate",
                       str(args.rate), "--duration", str(args.duration), "--format", "raw",
                       "-o", f"{args.out}/worker-{pid}.txt"]
                if args.native:
                    cmd.append("--native")
                spies.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        if args.phases:
            signal_workers(pids)  # the warm-up's figures: dump 0
        if args.perf:
            spies.append(subprocess.Popen(["perf", "record", "-F", "499", "-g", "-o", args.perf, "-p", ",".join(pids),
                                           "--", "sleep", str(args.duration)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        before = {pid: thread_cpu(pid) for pid in pids}
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
                              "-s", str(ROOT / "bench" / "wrk_replay.lua"), f"http://127.0.0.1:{port}", "--",
                              str(prefix)], capture_output=True, text=True, check=True).stdout
        after = {pid: thread_cpu(pid) for pid in pids}
        if args.phases:
            signal_workers(pids)  # the measured run's: dump 1
            time.sleep(1)
        for spy in spies:
            spy.wait(60)
    finally:
        stop(proc)
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    f = {k: int(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    done = max(1, f["requests"])
    shares: dict[str, float] = {}
    for pid in pids:
        for tid, (name, seconds) in after[pid].items():
            spent = seconds - before[pid].get(tid, (name, 0.0))[1]
            kind = kind_of(pid, tid, name)
            shares[kind] = shares.get(kind, 0.0) + spent
    total = sum(shares.values())
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, {'safe' if args.safe else 'plaintext'}, "
          f"-w {args.workers} {'--preload' if extra else ''}: {f['requests']} messages, "
          f"{f['requests'] / (f['duration_us'] / 1e6):.0f} msg/s, p50 {f['p50_us'] / 1000:.1f} ms, "
          f"p99 {f['p99_us'] / 1000:.1f} ms, non-2xx {f['non2xx']}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"worker CPU per message: {total / done * 1000:.2f} ms")
    for kind, spent in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"  {kind}: {spent / done * 1000:.2f} ms ({spent / total * 100:.0f}%)")
    if args.phases:
        print_phases(args.phases, pids, done)


if __name__ == "__main__":
    main()
