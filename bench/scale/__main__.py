"""`python -m bench.scale` (`make scale-test`): the whole county on loopback, under load and faults.

    make scale-test                                    # a few minutes, defaults below
    SCALE_DURATION=600 SCALE_USERS=120 make scale-test

Steps: own PostgreSQL and Redis (cluster.py) → `flask setup`, slots and a seeded county
(world.py) → fake WeChat API, gunicorn with 4 workers, the scheduler → locust drives the
villagers (load.py) while faults.py breaks things on a timeline → the outbox drains →
checks.py → report.py prints the table and writes test-artifacts/scale-report.md (process
logs and the request log in test-artifacts/scale/). Exit code 1 when any check failed.

Environment (defaults): SCALE_DURATION 240 (seconds of load), SCALE_USERS 40 (simulated people
talking at once; each reads and types 1-4 s between messages), SCALE_VILLAGERS 3000, SCALE_SUBSCRIBERS 6000 (each gets the monthly theme: with 20,000 and more
the push runs for many minutes on a busy 2-core machine; raise SCALE_DRAIN_SECONDS with it), SCALE_PORT_BASE 9200 (four
ports from it), SCALE_WORKERS 4, SCALE_SEED 7, SCALE_DRAIN_SECONDS 900, SCALE_WORKER_KILLS 3
(web workers SIGKILLed in the middle of a request, one after the other), SCALE_KEEP=1 keeps
the PostgreSQL data directory.
"""
from __future__ import annotations

import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.scale import checks, report  # noqa: E402
from bench.scale.clock import make_job_due  # noqa: E402
from bench.scale.cluster import Cluster, Ports, port_answers  # noqa: E402
from bench.scale.faults import THEME_JOB, Plan, Saboteur  # noqa: E402
from bench.scale.world import Sizes, seed  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts"
log = logging.getLogger("scale")
# The app's settings for this run, besides the dev ones (bot/dev/settings.py): a shorter outbox
# lease and backoff cap than production (120 s, 1800 s) so that pushes held by a killed
# dispatcher, or backed off during the API faults, settle within minutes, not hours.
APP_SETTINGS = {"OUTBOX_LEASE_SECONDS": "30", "OUTBOX_BACKOFF_CAP_SECONDS": "60", "WEB_CONCURRENCY": "4",
                "SECRET_KEY": "scale-test-only-" + "x" * 32}


def env_number(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


def settings_from_env() -> dict:
    return {"duration_s": int(env_number("SCALE_DURATION", 240)), "users": int(env_number("SCALE_USERS", 40)),
            "villagers": int(env_number("SCALE_VILLAGERS", 3000)),
            "subscribers": int(env_number("SCALE_SUBSCRIBERS", 6000)),
            "port_base": int(env_number("SCALE_PORT_BASE", 9200)), "workers": int(env_number("SCALE_WORKERS", 4)),
            "seed": int(env_number("SCALE_SEED", 7)), "drain_s": int(env_number("SCALE_DRAIN_SECONDS", 900)),
            "worker_kills": int(env_number("SCALE_WORKER_KILLS", 3))}


def unsettled(app) -> tuple[int, int]:
    """(outbox rows pending or sending, inbound rows still being handled); (-1, -1) if unreadable."""
    from bot.models import InboundMessage, OutboxMessage

    try:
        with app.extensions["db"].session() as s:
            pushes = s.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status.in_(("pending", "sending"))))
            handling = s.scalar(select(func.count()).select_from(InboundMessage)
                                .where(InboundMessage.status == "handling"))
        return pushes, handling
    except Exception:
        return -1, -1


# The sweep runs every minute on rows older than INBOUND_ORPHAN_SWEEP_SECONDS (60 s by default).
ORPHAN_WAIT = 140


def drain(app, seconds: float) -> float:
    """Wait for the outbox to settle and every message to be handled; returns the time it took.

    Inbound rows that stay `handling` without change for ORPHAN_WAIT seconds have no handler
    any more and the scheduler's sweep (bot/inbound_sweep.py) did not take them: the checks
    report them, no need to wait longer.
    """
    started = time.monotonic()
    last_print, still_since, last_handling = None, time.monotonic(), None
    while time.monotonic() - started < seconds:
        pushes, handling = unsettled(app)
        if handling != last_handling:
            still_since, last_handling = time.monotonic(), handling
        if pushes == 0 and (handling == 0 or time.monotonic() - still_since > ORPHAN_WAIT):
            break
        if last_print is None or time.monotonic() - last_print > 15:
            print(f"  draining: {pushes} pushes pending or sending, {handling} messages being handled", flush=True)
            last_print = time.monotonic()
        time.sleep(2)
    return time.monotonic() - started


def person_to_person_waits(rows, since: float) -> str:
    """How long answers, whistles and notices made during the load waited in the outbox (the
    monthly push runs at the same time)."""
    from bot.outbox.store import BROADCAST_KINDS

    waits = sorted((r.sent_at - r.created_at).total_seconds() for r in rows
                   if r.kind not in BROADCAST_KINDS and r.sent_at is not None and r.created_at.timestamp() > since)
    if not waits:
        return "none sent"
    return (f"{len(waits)} pushes: p50 {report.percentile(waits, 50):.1f}, p99 {report.percentile(waits, 99):.1f}, "
            f"max {waits[-1]:.1f}")


def warm_up(url: str, fake, timeout: float = 120) -> float:
    """Like a deploy's health check: wait until the workers answer quickly (app and router loaded)."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN
    from bot.dev.wire import WebhookClient, text_message

    client = WebhookClient(url, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, timeout=10)
    started = time.monotonic()
    senders = iter(range(10**6))

    def quick(_n: int) -> bool:
        # One message per sender: a person's messages wait on each other (their user row), and a
        # cold worker is slow enough for that wait to time out.
        openid = f"warmup{next(senders)}"
        fake.record_interaction(openid)  # they wrote: WeChat lets the bot answer them later
        clock = time.monotonic()
        try:
            reply = client.send(openid, text_message("你好"))
        except Exception:
            return False
        return reply.status == 200 and not reply.empty and time.monotonic() - clock < 1.0

    with ThreadPoolExecutor(4) as pool:
        while time.monotonic() - started < timeout:
            if all(pool.map(quick, range(8))):
                break
            time.sleep(0.5)
    return time.monotonic() - started


def run_load(cluster: Cluster, workdir: Path, cfg: dict, started: float) -> subprocess.Popen:
    env = {**cluster.env, "SCALE_WORLD": str(workdir / "world.json"),
           "SCALE_REQUEST_LOG": str(workdir / "requests.jsonl"),
           "SCALE_WEB_URL": f"http://127.0.0.1:{cluster.ports.web}/wechat",
           "SCALE_FAKE_URL": f"http://127.0.0.1:{cluster.ports.fake}/",
           "SCALE_END_AT": str(started + cfg["duration_s"]), "SCALE_SEED": str(cfg["seed"])}
    argv = [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench/scale/load.py"), "--headless",
            "--users", str(cfg["users"]), "--spawn-rate", str(max(1, cfg["users"] // 10)),
            "--run-time", f"{cfg['duration_s'] + 20}s", "--stop-timeout", "10", "--only-summary",
            "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    delay = started - time.time()
    if delay > 0:
        time.sleep(delay)
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=(cluster.logs / "locust.log").open("wb"), stderr=subprocess.STDOUT)


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    # Stopped by Ctrl-C or SIGTERM (also when started in the background): still stop everything.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cfg = settings_from_env()
    ports = Ports.from_base(cfg["port_base"])
    busy = [p for p in (ports.database, ports.redis, ports.fake, ports.web) if port_answers(p)]
    if busy:
        print(f"scale test: port(s) {busy} already in use; set SCALE_PORT_BASE", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="pqt-scale-"))
    cluster = Cluster(ports, workdir, workers=cfg["workers"], extra_env=APP_SETTINGS)
    os.environ.update({"DATABASE_URL": cluster.database_url, "REDIS_URL": cluster.redis_url})
    rng = random.Random(cfg["seed"])
    plan = Plan.for_duration(cfg["duration_s"])
    plan.worker_kills = cfg["worker_kills"]
    command = "make scale-test" + "".join(f" {k}={os.environ[k]}" for k in sorted(os.environ)
                                           if k.startswith("SCALE_"))
    code = 1
    try:
        t0 = time.monotonic()
        print(f"scale test: PostgreSQL {cluster.bin.parent.name} in {workdir}, ports {ports}", flush=True)
        cluster.init_database()
        cluster.start_database()
        cluster.create_database()
        cluster.start_redis()
        cluster.start_fake()
        cluster.flask("setup")
        cluster.flask("mediation", "slots")
        from bot import create_app

        app = create_app({"TESTING": True, "DATABASE_URL": cluster.database_url, "REDIS_URL": cluster.redis_url})
        world = seed(app, Sizes(villagers=cfg["villagers"], subscribers=cfg["subscribers"]), rng)
        world.save(workdir / "world.json")
        print(f"  seeded in {time.monotonic() - t0:.0f} s: {len(world.villagers)} villagers, {world.subscribers} "
              f"subscribers, {len(world.reps)} representatives, {len(world.volunteers)} volunteers, "
              f"{len(world.tasks)} tasks; theme month {world.month}", flush=True)
        cluster.start_web()
        from bot.dev.wire import FakeWeChat

        fake = FakeWeChat(f"http://127.0.0.1:{ports.fake}/", timeout=60)
        booted = warm_up(f"http://127.0.0.1:{ports.web}/wechat", fake)
        plan.worker_boot_seconds = max(plan.worker_boot_seconds, booted)
        print(f"  web workers answering quickly after {booted:.0f} s", flush=True)
        started = time.time() + 3
        make_job_due(app, THEME_JOB, datetime.fromtimestamp(started + plan.push_at, timezone.utc))
        cluster.start_scheduler()
        print(f"  load: {cfg['users']} people for {cfg['duration_s']} s; faults on a timeline", flush=True)
        locust = run_load(cluster, workdir, cfg, started)
        saboteur = Saboteur(cluster, app, fake, plan, started)
        saboteur.start()
        locust.wait(cfg["duration_s"] + 120)
        load_seconds = time.time() - started
        saboteur.join(120)
        saboteur.stop.set()
        print("  load done; waiting for pushes and deferred answers to settle", flush=True)
        drained = drain(app, cfg["drain_s"])
        fake_messages = fake.http.get(f"{fake.base}/_fake/messages", timeout=120).json()["messages"]
        requests = [json.loads(line) for line in (workdir / "requests.jsonl").read_text().splitlines() if line]
        windows = saboteur.timeline.windows
        push_list, push = checks.push_checks(app, fake_messages, windows)
        message_list, messages = checks.message_checks(app, requests, windows, push)
        all_checks = (checks.capacity_checks(app) + checks.effect_checks(app, requests) + push_list
                      + checks.theme_checks(app, world.month, push, requests) + message_list
                      + checks.redelivery_checks(app, requests, push))
        theme_sent = [m for m in fake_messages if "活动主题" in m["text"]]
        figures = {
            "message outcomes": ", ".join(f"{k} {v}" for k, v in messages["outcomes"].items()),
            "pushes received by the fake API": f"{len(fake_messages)} for {push['pushes']} outbox rows",
            "monthly push": (f"{len(theme_sent)} sends from {min(m['at'] for m in theme_sent) - started:.0f} s to "
                             f"{max(m['at'] for m in theme_sent) - started:.0f} s = "
                             f"{len(theme_sent) / max(1.0, max(m['at'] for m in theme_sent) - min(m['at'] for m in theme_sent)):.0f}/s"
                             if theme_sent else "none"),
            "person-to-person pushes, enqueue to sent (s)": person_to_person_waits(push["rows"], started),
            "drain after the load": f"{drained:.0f} s",
        }
        text = report.render(command=command, settings=cfg, checks=all_checks, requests=requests, windows=windows,
                             notes=saboteur.timeline.notes, started=started, load_seconds=load_seconds,
                             figures=figures, grace=checks.GRACE_SECONDS)
        print("\n" + text)
        report.write(text, ARTIFACTS / "scale-report.md")
        code = 0 if all(c.ok for c in all_checks) else 1
    finally:
        cluster.stop_all()
        kept = ARTIFACTS / "scale"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(cluster.logs, kept, dirs_exist_ok=True)
        for name in ("requests.jsonl", "world.json"):
            if (workdir / name).exists():
                shutil.copy(workdir / name, kept / name)
        if not os.environ.get("SCALE_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
