"""Webhook throughput and latency under gunicorn on loopback: the full bot vs a bare echo app.

    .venv/bin/python bench/webhook_bench.py                    # issue 17's setup (needs `wrk`)
        [--connections 16] [--duration 8] [--wrk-threads 2] [--messages 60000] [--openids 500]
        [--workers 2] [--threads 1] [--database-url postgresql+psycopg://...]
        [--redis-url redis://127.0.0.1:6379/N] [--repeat 3] [--port 9300] [--config deploy/gunicorn.conf.py]
    .venv/bin/python bench/webhook_bench.py --engine python [--requests 600] [--concurrency 8]

Engine `wrk` (the default when Debian's `wrk` is installed): `wrk -t2 -c16 -d8s` replays
unique, pre-signed plaintext or safe-mode text messages (villagers' phrasings generated here,
a fresh MsgId and nonce each) from `--openids` users, each message sent once, after every user
has written once (warm-up). It prints msg/s, p50/p99, non-2xx answers (wrk's count of status
>= 400 plus socket errors) for both apps and the ratio. Engine `python` is the pure-Python
fallback: a thread pool of `--concurrency` senders.

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
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN  # noqa: E402
from bot import clock  # noqa: E402
from bot.dev.wire import WebhookClient, sha1_signature, text_message, to_xml  # noqa: E402
from bench.process_stats import backend_pids, cpu_seconds, cpu_split, peak_rss_mb, worker_memory, worker_pids  # noqa: E402

# Our own phrasings (not from the evaluation set): guide questions, greetings, unclear text.
TEXTS = ["低保怎么申请", "俺想问问医保咋报销", "残疾证在哪办", "你好", "孩子上户口要带啥",
         "高龄补贴怎么领", "宅基地怎么批", "暖心食堂在哪", "这个月有啥活动", "我要找人"]

# Pieces of villagers' phrasings, combined at random (written for this bench).
_OPENERS = ["", "", "俺想问问", "请问", "麻烦问下", "同志，", "俺家老头子", "我娘", "俺孙子", "那个",
            "你好，", "打听个事，"]
_TOPICS = ["低保", "医保报销", "残疾证", "高龄补贴", "宅基地", "孩子上户口", "养老保险", "新农合",
           "暖心食堂", "五保", "危房改造", "退役军人优待", "临时救助", "慢性病卡", "身份证丢了"]
_ASKS = ["咋办", "怎么申请", "要带啥材料", "在哪办", "找谁", "能不能办", "多久能下来", "有钱领吗",
         "咋弄啊", "去哪问", "还用跑腿不"]
_OTHERS = ["你好", "在吗", "谢谢", "这个月有啥活动", "我要找人", "俺不会弄", "人工", "下周三上午有空不",
           "帮俺代办一下", "好的", "嗯嗯", "1", "2"]


def villager_text(rng: random.Random) -> str:
    """One villager's message: mostly a question about a matter, sometimes small talk or a number."""
    if rng.random() < 0.2:
        return rng.choice(_OTHERS)
    text = rng.choice(_OPENERS) + rng.choice(_TOPICS) + rng.choice(_ASKS)
    return text + rng.choice(["", "", "？", "啊", "呢"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bin_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def start_gunicorn(app_path: str, port: int, workers: int, env: dict, threads: int = 1,
                   config: str | None = None, extra: list[str] | None = None) -> subprocess.Popen:
    if config:  # the deployment's file; workers and threads through its environment variables
        env = dict(env, GUNICORN_WORKERS=str(workers), GUNICORN_THREADS=str(threads))
        cmd = [bin_path("gunicorn"), "-c", config, "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    else:
        cmd = [bin_path("gunicorn"), "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}"]
    if "--preload" in (extra or []):
        env = dict(env, PIANQU_PRELOAD="1")  # bot/preload.py: build the router before the fork
    return subprocess.Popen(cmd + ["--log-level", "warning", *(extra or []), app_path], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


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


def build_requests(client: WebhookClient, port: int, openids: list[str], count: int, rng: random.Random,
                   tag: int) -> list[bytes]:
    """`count` raw HTTP requests, each a new text message (own MsgId and nonce), signed now."""
    timestamp = str(int(clock.timestamp()))
    signature_base = sha1_signature  # plaintext signature: (token, timestamp, nonce)
    first_id = time.time_ns() // 1000
    requests_ = []
    for i in range(count):
        openid = openids[i % len(openids)] if i < len(openids) else rng.choice(openids)
        nonce = f"{tag}{i:07d}"
        plain = to_xml({"ToUserName": DEV_ACCOUNT_ID, "FromUserName": openid, "CreateTime": int(timestamp),
                        "MsgType": "text", "Content": villager_text(rng), "MsgId": str(first_id + i)})
        params = {"signature": signature_base(client.token, timestamp, nonce), "timestamp": timestamp,
                  "nonce": nonce, "openid": openid}
        if client.safe:
            sealed = client.crypto.encrypt_message(plain, nonce, timestamp)
            encrypt = sealed.split("<Encrypt><![CDATA[", 1)[1].split("]]>", 1)[0]
            msg_signature = sealed.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
            body = (f"<xml><ToUserName><![CDATA[{DEV_ACCOUNT_ID}]]></ToUserName>"
                    f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>").encode()
            params.update(encrypt_type="aes", msg_signature=msg_signature)
        else:
            body = plain.encode("utf-8")
        head = (f"POST /wechat?{urlencode(params)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        requests_.append(head + body)
    return requests_


def run_wrk(args, port: int, client: WebhookClient, openids: list[str], pids: list[str], tag: int,
            database_url: str | None = None) -> dict:
    """One wrk run of `args.duration` seconds replaying fresh unique messages; worker CPU from /proc."""
    rng = random.Random(tag)
    reqs = build_requests(client, port, openids, args.messages, rng, tag)
    prefix = Path(tempfile.mkdtemp(prefix="pqt-wrk-")) / "reqs"
    per_thread = len(reqs) // args.wrk_threads
    for t in range(args.wrk_threads):
        Path(f"{prefix}.{t}").write_bytes(b"\0".join(reqs[t * per_thread:(t + 1) * per_thread]))
    cpu_before, split_before = cpu_seconds(pids), cpu_split(pids)
    backends = backend_pids(database_url)
    db_before = cpu_seconds(backends)
    out = subprocess.run(["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{args.duration}s",
                          "--timeout", "10s", "-s", str(ROOT / "bench" / "wrk_replay.lua"),
                          f"http://127.0.0.1:{port}", "--", str(prefix)],
                         capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pids) - cpu_before
    system = cpu_split(pids)[1] - split_before[1]
    db_cpu = cpu_seconds(backends) - db_before + cpu_seconds(sorted(set(backend_pids(database_url)) - set(backends)))
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    f = {k: int(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    if f["wrapped"]:
        print(f"  warning: wrk sent more than {args.messages} messages: some were replays", file=sys.stderr)
    done = max(1, f["requests"])
    return {"rate": f["requests"] / (f["duration_us"] / 1e6), "p50": f["p50_us"] / 1000,
            "p99": f["p99_us"] / 1000, "errors": f["non2xx"] + f["connect"] + f["read"] + f["write"] + f["timeout"],
            "cpu_ms": cpu / done * 1000, "sys_ms": system / done * 1000, "db_cpu_ms": db_cpu / done * 1000, "requests": f["requests"]}


def medians(runs: list[dict]) -> dict:
    """The median of each figure over repeated runs (errors: the total)."""
    merged = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key != "errors"}
    merged["errors"] = sum(r["errors"] for r in runs)
    merged["runs"] = len(runs)
    return merged


def bench_app(name: str, app_path: str, args, env: dict, port: int | None = None) -> dict:
    port = port or free_port()
    started = time.perf_counter()
    proc = start_gunicorn(app_path, port, args.workers, env, args.threads, args.config, args.gunicorn_arg)
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
        results["memory"] = worker_memory(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"  {name}: done", file=sys.stderr)
    return results


def stop(proc: subprocess.Popen) -> None:
    """TERM, then KILL after 40 s (the deployment's graceful_timeout is 20 s: replies still
    being handled after their answer finish first)."""
    proc.terminate()
    try:
        proc.wait(40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def warm_up(url: str, openids: list[str]) -> None:
    """Every user writes once (first contact), so the measured runs see known followers."""
    client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda openid: client.send(openid, text_message("你好")), openids))


def main_wrk(args, env: dict) -> None:
    base_port = args.port or free_port()
    ports = {"full": base_port, "echo": args.port + 1 if args.port else free_port()}
    openids = [f"bench-v{i:04d}" for i in range(args.openids)]
    procs, pids, first = {}, {}, {}
    try:
        for name, app_path in (("full", "wsgi:app"), ("echo", "bench.echo_app:app")):
            started = time.perf_counter()
            procs[name] = start_gunicorn(app_path, ports[name], args.workers, env, args.threads, args.config,
                                         args.gunicorn_arg)
            url = f"http://127.0.0.1:{ports[name]}/wechat"
            first[name] = first_reply_seconds(WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID),
                                              started, procs[name])
            warm_up(url, openids)
            pids[name] = worker_pids(procs[name].pid)
        runs: dict = {(app, mode): [] for app in procs for mode in ("plaintext", "safe")}
        tag = 1
        for _ in range(args.repeat):  # apps and modes in turn, so a burst of load elsewhere hits all
            for mode in ("plaintext", "safe"):
                for name in ("full", "echo"):
                    url = f"http://127.0.0.1:{ports[name]}/wechat"
                    client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID,
                                           safe=mode == "safe")
                    tag += 1
                    runs[(name, mode)].append(run_wrk(args, ports[name], client, openids, pids[name], tag,
                                                      env["DATABASE_URL"] if name == "full" else None))
                    print(f"  {name} {mode}: {runs[(name, mode)][-1]['rate']:.0f} msg/s", file=sys.stderr)
        memory = {name: worker_memory(procs[name].pid) for name in procs}
    finally:
        for proc in procs.values():
            stop(proc)
    results = {key: medians(value) for key, value in runs.items()}
    db = "PostgreSQL" if env["DATABASE_URL"].startswith("postgresql") else "SQLite"
    db += " + Redis" if args.redis_url else ""
    repeats = f", median of {args.repeat} runs" if args.repeat > 1 else ""
    server = f"-c {args.config} (-w {args.workers} --threads {args.threads})" if args.config else \
        f"-w {args.workers}" + (f" --threads {args.threads}" if args.threads > 1 else " sync")
    print(f"\nWebhook benchmark: gunicorn {server} {' '.join(args.gunicorn_arg or [])}, "
          f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s, unique messages from "
          f"{args.openids} openids, {db}{repeats}, {os.cpu_count()} CPUs")
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}\n")
    print("| app | mode | messages | msg/s | p50 ms | p99 ms | worker CPU ms/msg | of which system | "
          "PostgreSQL CPU ms/msg | non-2xx |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (name, mode), r in results.items():
        db_cpu = f"{r['db_cpu_ms']:.2f}" if name == "full" and db.startswith("PostgreSQL") else "-"
        print(f"| {name} | {mode} | {r['requests']:.0f} | {r['rate']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
              f"| {r['cpu_ms']:.2f} | {r['sys_ms']:.2f} | {db_cpu} | {r['errors']} |")
    for mode in ("plaintext", "safe"):
        print(f"\nfull/echo throughput ratio ({mode}): "
              f"{results[('full', mode)]['rate'] / results[('echo', mode)]['rate']:.2f}")
    print(f"\nstart to first reply: full {first['full']:.2f} s, echo {first['echo']:.2f} s")
    for name, mem in memory.items():
        print(f"memory per worker ({name}): " + "; ".join(
            f"RSS {m['rss']:.0f} MB, USS {m['uss']:.0f} MB" for m in mem["workers"])
            + f" (master RSS {mem['master_rss']:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c")
    parser.add_argument("--duration", type=int, default=8, help="wrk -d, seconds")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--messages", type=int, default=60000, help="unique messages built for each wrk run")
    parser.add_argument("--openids", type=int, default=500)
    parser.add_argument("--config", help="gunicorn -c FILE (e.g. deploy/gunicorn.conf.py) for both apps")
    parser.add_argument("--gunicorn-arg", action="append", help="extra gunicorn argument (--gunicorn-arg=--X)")
    parser.add_argument("--preload", action="store_true", help="gunicorn --preload (bot/preload.py)")
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
    if args.preload:
        args.gunicorn_arg = [*(args.gunicorn_arg or []), "--preload"]

    tmp = tempfile.mkdtemp(prefix="pqt-bench-")
    # Plaintext is accepted beside safe mode (as while switching the console's mode), so both
    # modes are measured on one server.
    env = dict(os.environ, WECHAT_TOKEN=DEV_TOKEN, WECHAT_ENCODING_AES_KEY=DEV_AES_KEY, WECHAT_ALLOW_PLAINTEXT="1",
               WECHAT_APP_ID=DEV_APP_ID, WECHAT_API_BASE="http://127.0.0.1:9/",
               # Counted (its cost is measured) but never reached: 500 users send ~30 a minute each.
               USER_MESSAGES_PER_MINUTE=os.environ.get("USER_MESSAGES_PER_MINUTE", "100000"),
               DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.db")
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    subprocess.run([bin_path("flask"), "--app", "wsgi", "setup"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    if args.engine == "wrk":
        main_wrk(args, env)
        return
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
    for name, res in (("full", full), ("echo", echo)):
        print(f"memory per worker ({name}): " + ", ".join(
            f"RSS {m['rss']:.0f} MB, USS {m['uss']:.0f} MB" for m in res["memory"]["workers"]))


if __name__ == "__main__":
    main()
