"""Webhook throughput and latency under gunicorn on loopback: the full bot vs a bare echo app.

    .venv/bin/python bench/webhook_bench.py [--requests 600] [--concurrency 8] [--workers 2]
        [--database-url postgresql+psycopg://...] [--redis-url redis://127.0.0.1:6379/N] [--repeat 3]
        [--threads 4] [--port 9300]

For each app (full `wsgi:app`, echo `bench.echo_app:app`) it starts gunicorn, measures the time
from process start to the first reply, then sends signed WeChat text messages in plaintext and
in safe mode from a pool of users and prints messages/s, p50/p99 latency, the CPU time the
gunicorn workers spent per message (from /proc: comparable when other jobs load the machine;
the database and Redis servers' own CPU is not in it), the full/echo ratio and the peak RSS of
each worker. `--repeat K` measures each mode K times in turn and prints the medians.
Everything runs on 127.0.0.1.
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


def start_gunicorn(app_path: str, port: int, workers: int, env: dict, threads: int = 1) -> subprocess.Popen:
    return subprocess.Popen(
        [bin_path("gunicorn"), "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app_path], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


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
    sizes = []
    for pid in worker_pids(master_pid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except FileNotFoundError:
            pass
    return sizes


def worker_pids(master_pid: int) -> list[str]:
    return subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()


def cpu_seconds(pids: list[str]) -> float:
    """User + system CPU of these processes (all their threads), from /proc/<pid>/stat."""
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "(comm)", which may hold spaces
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def backend_pids(database_url: str | None) -> list[str]:
    """PostgreSQL's server processes serving this database (its CPU is not in the workers')."""
    if not database_url or not database_url.startswith("postgresql"):
        return []
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    with psycopg.connect(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
                         password=url.password, dbname=url.database) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                            (url.database,)).fetchall()
    return [str(pid) for (pid,) in rows]


def run_load(client: WebhookClient, total: int, concurrency: int, pids: list[str] | None = None,
             database_url: str | None = None) -> dict:
    users = [f"bench-user-{i}" for i in range(50)]
    rng = random.Random(1)
    jobs = [(rng.choice(users), rng.choice(TEXTS)) for _ in range(total)]
    latencies: list[float] = []
    errors = 0

    def one(job):
        started = time.perf_counter()
        reply = client.send(job[0], text_message(job[1]))
        return time.perf_counter() - started, reply.status

    cpu_before = cpu_seconds(pids or [])
    backends = backend_pids(database_url) if pids else []
    db_before = cpu_seconds(backends)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for elapsed, status in pool.map(one, jobs):
            latencies.append(elapsed)
            errors += status != 200
    wall = time.perf_counter() - started
    cpu = cpu_seconds(pids or []) - cpu_before
    # Backends opened during the run count from zero; one closed during it is lost (pools keep theirs).
    db_cpu = cpu_seconds(backends) - db_before + cpu_seconds(sorted(set(backend_pids(database_url)) - set(backends)))
    latencies.sort()
    return {"rate": total / wall, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "errors": errors,
            "cpu_ms": cpu / total * 1000, "db_cpu_ms": db_cpu / total * 1000}


def medians(runs: list[dict]) -> dict:
    """The median of each figure over repeated runs (errors: the total)."""
    merged = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "errors"}
    merged["errors"] = sum(r["errors"] for r in runs)
    merged["runs"] = len(runs)
    return merged


def bench_app(name: str, app_path: str, args, env: dict, port: int | None = None) -> dict:
    port = port or free_port()
    started = time.perf_counter()
    proc = start_gunicorn(app_path, port, args.workers, env, args.threads)
    url = f"http://127.0.0.1:{port}/wechat"
    results = {}
    try:
        safe_client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID)
        results["first_reply_s"] = first_reply_seconds(safe_client, started, proc)
        pids = worker_pids(proc.pid)
        clients = {mode: WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=safe)
                   for mode, safe in (("plaintext", False), ("safe", True))}
        runs: dict[str, list[dict]] = {mode: [] for mode in clients}
        for mode, client in clients.items():
            run_load(client, min(50, args.requests), args.concurrency)  # warm-up
        for _ in range(args.repeat):  # modes in turn, so a burst of load elsewhere hits both
            for mode, client in clients.items():
                runs[mode].append(run_load(client, args.requests, args.concurrency, pids,
                                           env["DATABASE_URL"] if name == "full" else None))
        for mode, measured in runs.items():
            results[mode] = medians(measured)
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
    parser.add_argument("--threads", type=int, default=1, help="gunicorn --threads (more than 1: gthread workers)")
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url", help="the full app's REDIS_URL (replay guard, dialogs, token)")
    parser.add_argument("--repeat", type=int, default=1, help="measure each mode K times; print medians")
    parser.add_argument("--port", type=int, help="the full app listens here, the echo app on the next port "
                                                   "(default: any free ports)")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="pqt-bench-")
    env = dict(os.environ, WECHAT_TOKEN=DEV_TOKEN, WECHAT_ENCODING_AES_KEY=DEV_AES_KEY,
               WECHAT_APP_ID=DEV_APP_ID, WECHAT_API_BASE="http://127.0.0.1:9/",
               DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.db")
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    subprocess.run([bin_path("flask"), "--app", "wsgi", "setup"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    full = bench_app("full", "wsgi:app", args, env, args.port)
    echo = bench_app("echo", "bench.echo_app:app", args, env, args.port + 1 if args.port else None)

    db = "PostgreSQL" if args.database_url and args.database_url.startswith("postgresql") else "SQLite"
    db += " + Redis" if args.redis_url else ""
    repeats = f", median of {args.repeat} runs" if args.repeat > 1 else ""
    threads = f" --threads {args.threads}" if args.threads > 1 else ""
    print(f"\nWebhook benchmark: gunicorn -w {args.workers}{threads}, {args.requests} messages, "
          f"{args.concurrency} concurrent senders, {db}{repeats}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| app | mode | msg/s | p50 ms | p99 ms | worker CPU ms/msg | PostgreSQL CPU ms/msg | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for name, res in (("full", full), ("echo", echo)):
        for mode in ("plaintext", "safe"):
            r = res[mode]
            db_cpu = f"{r['db_cpu_ms']:.2f}" if name == "full" and db.startswith("PostgreSQL") else "-"
            print(f"| {name} | {mode} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['cpu_ms']:.2f} "
                  f"| {db_cpu} | {r['errors']} |")
    for mode in ("plaintext", "safe"):
        print(f"\nfull/echo throughput ratio ({mode}): {full[mode]['rate'] / echo[mode]['rate']:.2f}")
    print(f"\nstart to first reply: full {full['first_reply_s']:.2f} s, echo {echo['first_reply_s']:.2f} s")
    print("peak RSS per worker: full " + ", ".join(f"{x:.0f} MB" for x in full["rss_mb"]) +
          "; echo " + ", ".join(f"{x:.0f} MB" for x in echo["rss_mb"]))


if __name__ == "__main__":
    main()
