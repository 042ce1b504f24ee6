"""Webhook throughput and latency under gunicorn on loopback: the full bot vs a bare echo app.

    .venv/bin/python bench/webhook_bench.py [--requests 600] [--concurrency 8] [--workers 2]
                                            [--database-url postgresql+psycopg://...]

For each app (full `wsgi:app`, echo `bench.echo_app:app`) it starts gunicorn, measures the time
from process start to the first reply, then sends signed WeChat text messages in plaintext and
in safe mode from a pool of users and prints messages/s, p50/p99 latency, the full/echo ratio and
the peak RSS of each worker. Everything runs on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN  # noqa: E402
from bot.dev.wire import WebhookClient, text_message  # noqa: E402

# Our own phrasings (not from the evaluation set): guide questions, greetings, unclear text.
TEXTS = ["低保怎么申请", "俺想问问医保咋报销", "残疾证在哪办", "你好", "孩子上户口要带啥",
         "高龄补贴怎么领", "宅基地怎么批", "暖心食堂在哪", "这个月有啥活动", "我要找人"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bin_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def start_gunicorn(app_path: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [bin_path("gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         app_path], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def first_reply_seconds(client: WebhookClient, started: float, proc: subprocess.Popen) -> float:
    while time.perf_counter() - started < 60:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited: " + proc.stderr.read().decode()[-2000:])
        try:
            if client.send("bench-warm", text_message("你好")).status == 200:
                return time.perf_counter() - started
        except Exception:
            time.sleep(0.02)
    raise SystemExit("no reply within 60 s")


def peak_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except FileNotFoundError:
            pass
    return sizes


def run_load(client: WebhookClient, total: int, concurrency: int) -> dict:
    users = [f"bench-user-{i}" for i in range(50)]
    rng = random.Random(1)
    jobs = [(rng.choice(users), rng.choice(TEXTS)) for _ in range(total)]
    latencies: list[float] = []
    errors = 0

    def one(job):
        started = time.perf_counter()
        reply = client.send(job[0], text_message(job[1]))
        return time.perf_counter() - started, reply.status

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for elapsed, status in pool.map(one, jobs):
            latencies.append(elapsed)
            errors += status != 200
    wall = time.perf_counter() - started
    latencies.sort()
    return {"rate": total / wall, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "errors": errors}


def bench_app(name: str, app_path: str, args, env: dict) -> dict:
    port = free_port()
    started = time.perf_counter()
    proc = start_gunicorn(app_path, port, args.workers, env)
    url = f"http://127.0.0.1:{port}/wechat"
    results = {}
    try:
        safe_client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID)
        results["first_reply_s"] = first_reply_seconds(safe_client, started, proc)
        for mode, safe in (("plaintext", False), ("safe", True)):
            client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=safe)
            run_load(client, min(50, args.requests), args.concurrency)  # warm-up
            results[mode] = run_load(client, args.requests, args.concurrency)
        results["rss_mb"] = peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"  {name}: done", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="pqt-bench-")
    env = dict(os.environ, WECHAT_TOKEN=DEV_TOKEN, WECHAT_ENCODING_AES_KEY=DEV_AES_KEY,
               WECHAT_APP_ID=DEV_APP_ID, WECHAT_API_BASE="http://127.0.0.1:9/",
               DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.db")
    subprocess.run([bin_path("flask"), "--app", "wsgi", "setup"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    full = bench_app("full", "wsgi:app", args, env)
    echo = bench_app("echo", "bench.echo_app:app", args, env)

    db = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\nWebhook benchmark: gunicorn -w {args.workers}, {args.requests} messages, "
          f"{args.concurrency} concurrent senders, {db}, {os.cpu_count()} CPUs\n")
    print("| app | mode | msg/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for name, res in (("full", full), ("echo", echo)):
        for mode in ("plaintext", "safe"):
            r = res[mode]
            print(f"| {name} | {mode} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |")
    for mode in ("plaintext", "safe"):
        print(f"\nfull/echo throughput ratio ({mode}): {full[mode]['rate'] / echo[mode]['rate']:.2f}")
    print(f"\nstart to first reply: full {full['first_reply_s']:.2f} s, echo {echo['first_reply_s']:.2f} s")
    print("peak RSS per worker: full " + ", ".join(f"{x:.0f} MB" for x in full["rss_mb"]) +
          "; echo " + ", ".join(f"{x:.0f} MB" for x in echo["rss_mb"]))


if __name__ == "__main__":
    main()
