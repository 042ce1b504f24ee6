"""Where one message's time goes: the full webhook in-process, with SQL counted per message.

    .venv/bin/python bench/message_path.py [--messages 200] [--safe] [--profile 25 [--sort tottime]]
        [--database-url postgresql+psycopg://...] [--redis-url redis://127.0.0.1:6379/N]

Sends N signed text messages (the webhook benchmark's villagers' phrasings, from 50 users) through the
Flask test client one at a time, after a warm-up, and prints per message: SQL statements,
transactions (BEGIN … COMMIT/ROLLBACK), pool checkouts and pre-pings, round trips to
PostgreSQL, Redis round trips (a pipeline counts once), time in SQL and in COMMIT, wall and CPU time (both threads: the
handler runs on the reply pool's thread), and the statements most often run. `--profile N`
profiles both threads with thread CPU time (waits cost nothing) and prints the own CPU time by
package and cProfile's top N functions. Nothing leaves 127.0.0.1; the database is prepared
with `flask setup`.
"""
from __future__ import annotations

import argparse
import cProfile
import collections
import io
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.webhook_bench import villager_text  # noqa: E402
from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN  # noqa: E402
from bot.dev.wire import WebhookClient, text_message  # noqa: E402


class Counters:
    """SQL, transactions, checkouts and Redis commands seen since the last `take()`."""

    def __init__(self):
        self.statements = collections.Counter()
        self.sql = self.begins = self.commits = self.rollbacks = self.checkouts = self.redis = 0
        self.pings = 0
        self.sql_seconds = self.commit_seconds = 0.0
        self._started: dict[int, float] = {}

    def take(self) -> dict:
        snap = {"sql": self.sql, "begin": self.begins, "commit": self.commits,
                "rollback": self.rollbacks, "checkout": self.checkouts, "redis": self.redis,
                "ping": self.pings,
                # PostgreSQL (psycopg): BEGIN, each statement, COMMIT and the ping are one exchange each.
                "round_trips": self.sql + self.begins + self.commits + self.rollbacks + self.pings,
                "sql_ms": self.sql_seconds * 1000, "commit_ms": self.commit_seconds * 1000}
        self.sql = self.begins = self.commits = self.rollbacks = self.checkouts = self.redis = 0
        self.pings = 0
        self.sql_seconds = self.commit_seconds = 0.0
        return snap


def _shape(statement: str) -> str:
    """A statement without its literal values, first 110 characters."""
    shape = re.sub(r"\s+", " ", statement).strip()
    shape = re.sub(r"'[^']*'", "?", shape)
    return shape[:110]


def hook_database(engine, counters: Counters) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _sql(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE, issued by bot/db.py
            return
        counters.sql += 1
        counters.statements[_shape(statement)] += 1
        counters._started[id(cursor)] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _sql_done(conn, cursor, statement, parameters, context, executemany):
        started = counters._started.pop(id(cursor), None)
        if started is not None:
            counters.sql_seconds += time.perf_counter() - started

    def autocommit(conn) -> bool:  # no BEGIN or COMMIT reaches the server (bot/db.statements_commit_alone)
        return conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"

    @event.listens_for(engine, "begin")
    def _begin(conn):
        counters.begins += not autocommit(conn)

    @event.listens_for(engine, "commit")
    def _commit(conn):
        if autocommit(conn):
            return
        counters.commits += 1
        counters._started[-id(conn)] = time.perf_counter()

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection, record):
        # The commit's round trip ends before the connection goes back to the pool.
        for key in [k for k in counters._started if k < 0]:
            counters.commit_seconds += time.perf_counter() - counters._started.pop(key)

    @event.listens_for(engine, "rollback")
    def _rollback(conn):
        counters.rollbacks += 1

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, proxy):
        counters.checkouts += 1


def by_package(stats: pstats.Stats) -> collections.Counter:
    """Own time (tottime) per package: site-packages by distribution, ours by top-level folder."""
    totals: collections.Counter = collections.Counter()
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        if "site-packages/" in filename:
            owner = filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
        elif filename.startswith(str(ROOT)):
            owner = "/".join(Path(filename).relative_to(ROOT).parts[:2]).removesuffix(".py")
        elif filename == "~":  # C functions: name them, e.g. "{method 'recv' of '_socket.socket' objects}"
            owner = "C: " + _name.strip("{}").replace(" objects", "")
        else:
            owner = "stdlib " + Path(filename).stem
        totals[owner] += tottime
    return totals


def hook_ping(engine, counters: Counters) -> None:
    """Count the pool's pre-ping (one SELECT 1 exchange per checkout, outside the SQL events)."""
    dialect = engine.dialect
    original = dialect.do_ping

    def counted(dbapi_connection):
        counters.pings += 1
        return original(dbapi_connection)

    dialect.do_ping = counted


def hook_redis(client, counters: Counters) -> None:
    """Count Redis round trips: each command, and each pipeline once (its commands go together)."""
    original = client.execute_command
    make_pipeline = client.pipeline

    def counted(*args, **kwargs):
        counters.redis += 1
        return original(*args, **kwargs)

    def pipeline(*args, **kwargs):
        pipe = make_pipeline(*args, **kwargs)
        execute = pipe.execute

        def counted_execute(*e_args, **e_kwargs):
            counters.redis += 1
            return execute(*e_args, **e_kwargs)

        pipe.execute = counted_execute
        return pipe

    client.execute_command = counted
    client.pipeline = pipeline


def prepare(database_url: str, redis_url: str | None) -> dict:
    env = dict(os.environ, WECHAT_TOKEN=DEV_TOKEN, WECHAT_ENCODING_AES_KEY=DEV_AES_KEY, WECHAT_ALLOW_PLAINTEXT="1",
               WECHAT_APP_ID=DEV_APP_ID, WECHAT_API_BASE="http://127.0.0.1:9/", DATABASE_URL=database_url,
               USER_MESSAGES_PER_MINUTE=os.environ.get("USER_MESSAGES_PER_MINUTE", "100000"))
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "setup"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    os.environ.update(env)
    if not redis_url:
        os.environ.pop("REDIS_URL", None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--safe", action="store_true", help="safe mode (AES) instead of plaintext")
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's top N functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key: cumulative, tottime")
    parser.add_argument("--top", type=int, default=15, help="statements to list")
    parser.add_argument("--dump", help="with --profile: save the reply thread's profile here (pstats)")
    args = parser.parse_args()

    database_url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='pqt-path-')}/path.db"
    prepare(database_url, args.redis_url)
    from bot import create_app
    from bot.nlu import warm_up
    from bot.reply_runner import drain

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "REDIS_URL": args.redis_url})
    warm_up(background=False)
    counters = Counters()
    hook_database(app.extensions["db"].engine, counters)
    hook_ping(app.extensions["db"].engine, counters)
    if app.extensions.get("redis") is not None:
        hook_redis(app.extensions["redis"], counters)

    http = app.test_client()
    wire = WebhookClient("/wechat", DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=args.safe)
    users = [f"path-user-{i}" for i in range(50)]
    rng = random.Random(1)

    def send_one() -> None:
        params, body = wire.build_request(rng.choice(users), text_message(villager_text(rng)))
        response = http.post("/wechat", query_string=params, data=body, headers={"Content-Type": "text/xml"})
        if response.status_code != 200 or not response.data or response.data == b"success":
            raise SystemExit(f"unexpected answer {response.status_code}: {response.data[:200]!r}")

    for _ in range(max(100, min(200, args.messages))):  # warm-up: users exist, caches are full
        send_one()
    drain(app)
    counters.take()
    counters.statements.clear()

    per_message = []
    # CPU time of the profiled thread, not wall time: waits (locks, sockets) cost nothing here.
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    if profiler:  # the handler runs on the reply pool's thread: profile that thread's part too
        from bot.reply_runner import ReplyJob

        worker_profiler = cProfile.Profile(time.thread_time)
        run = ReplyJob.run

        def profiled_run(job):
            worker_profiler.enable()
            try:
                return run(job)
            finally:
                worker_profiler.disable()

        ReplyJob.run = profiled_run
    wall = 0.0
    cpu_start = time.process_time()  # all threads: the handler runs on the reply pool's thread
    for _ in range(args.messages):
        w0 = time.perf_counter()
        if profiler:
            profiler.enable()
        send_one()
        if profiler:
            profiler.disable()
        wall += time.perf_counter() - w0
        per_message.append(counters.take())
    cpu = time.process_time() - cpu_start

    n = args.messages
    backend = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    backend += " + Redis" if args.redis_url else ""
    print(f"\nMessage path: {n} text messages, {'safe mode' if args.safe else 'plaintext'}, {backend}\n")
    print("| per message | mean | min | max |")
    print("|---|---|---|---|")
    keys = ["sql", "begin", "commit", "rollback", "checkout", "ping", "redis", "sql_ms", "commit_ms"]
    if database_url.startswith("postgresql"):
        keys.insert(6, "round_trips")
    for key in keys:
        values = [m[key] for m in per_message]
        print(f"| {key} | {sum(values) / n:.2f} | {min(values):.4g} | {max(values):.4g} |")
    print(f"| wall ms | {wall / n * 1000:.2f} | | |")
    print(f"| CPU ms | {cpu / n * 1000:.2f} | | |")
    print(f"\nStatements, per message ({len(counters.statements)} shapes):")
    for shape, count in counters.statements.most_common(args.top):
        print(f"  {count / n:5.2f}  {shape}")
    if profiler:
        out = io.StringIO()
        both = pstats.Stats(profiler)
        both.add(worker_profiler)
        totals = by_package(both)
        whole = sum(totals.values())
        print(f"Own CPU time by package, both threads (cProfile with thread CPU time, {whole / n * 1000:.1f} ms "
              "per message with the profiler's overhead):")
        for owner, seconds in totals.most_common(25):
            print(f"  {seconds / whole * 100:5.1f}%  {owner}")
        print("Request thread (cProfile):")
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.profile)
        if args.dump:
            worker_profiler.dump_stats(args.dump)
        print("Reply worker thread (cProfile):")
        pstats.Stats(worker_profiler, stream=out).sort_stats(args.sort).print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
