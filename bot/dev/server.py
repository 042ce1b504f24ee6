"""`make run`: set up the dev database, then run fake WeChat API, scheduler and web server together.

    python -m bot.dev.server [--port 8080] [--fake-port 8081] [--workers 2]

Refuses to start (with the reason) when a port is taken or a piece of the bot is missing.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import subprocess
import sys

from .settings import DEFAULT_FAKE_PORT, DEFAULT_HOST, DEFAULT_PORT, dev_environment
from .supervisor import Child, Supervisor, port_answers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def flask_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def gunicorn_worker_args(workers: int, threads: int = 4) -> list[str]:
    """Threaded workers, as deploy/gunicorn.conf.py: a slow client (a body at 1 byte/s) holds one
    thread, not a whole process; two sync workers were stalled by two such clients (issue 12)."""
    # worker_connections = threads: a worker whose threads are all taken stops accepting, so the
    # kernel gives new connections to a worker with a free thread instead of queueing them.
    return ["--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
            "--worker-connections", str(threads), "--timeout", "30"]


def build_children(port: int, fake_port: int, workers: int) -> list[Child]:
    return [
        Child("wechat", [sys.executable, "-m", "bot.fakewechat", "--port", str(fake_port)], port=fake_port),
        Child("scheduler", flask_argv("scheduler", "run")),
        Child("web", [sys.executable, "-m", "gunicorn", *gunicorn_worker_args(workers),
                      "--bind", f"{DEFAULT_HOST}:{port}", "--graceful-timeout", "5",
                      # No control socket in ~/.gunicorn: two dev servers must not share one.
                      "--no-control-socket", "--access-logfile", "-", "wsgi:app"], port=port),
    ]


def missing_pieces() -> list[str]:
    """What `make run` needs that this checkout does not have yet, in words."""
    problems = []
    if importlib.util.find_spec("gunicorn") is None:
        problems.append("gunicorn is not installed (it is in requirements.txt: run `make run`, not this module)")
    if importlib.util.find_spec("bot.fakewechat") is None:
        problems.append("the fake WeChat API (`python -m bot.fakewechat`) is not in this checkout yet")
    scheduler_cli = importlib.import_module("scheduler.cli")
    if not any(getattr(c, "name", None) == "scheduler" for c in scheduler_cli.commands):
        problems.append("the scheduler process (`flask --app wsgi scheduler run`) is not in this checkout yet")
    return problems


def busy_ports(*ports: int) -> list[int]:
    return [p for p in ports if port_answers(p)]


def prepare_database(env: dict[str, str]) -> int:
    """`flask setup` (migrate + sample knowledge), then give the dev openids their roles."""
    for args in (("setup",), ("dev", "users")):
        print(f"$ flask --app wsgi {' '.join(args)}", flush=True)
        code = subprocess.call(flask_argv(*args), env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
        if code:
            print(f"`flask --app wsgi {' '.join(args)}` failed (exit {code}); nothing started.", file=sys.stderr)
            return code
    return 0


def banner(port: int, fake_port: int) -> str:
    chat = "make chat"
    if (port, fake_port) != (DEFAULT_PORT, DEFAULT_FAKE_PORT):
        chat += f" PORT={port} FAKE_PORT={fake_port}"
    return "\n".join([
        "",
        "片区通 is running with dev settings (safe mode, fake WeChat API):",
        f"  webhook          http://{DEFAULT_HOST}:{port}/wechat",
        f"  fake WeChat API  http://{DEFAULT_HOST}:{fake_port}/   (pushes: /_fake/messages?openid=...)",
        "  scheduler        one process",
        f"Chat with the bot: in another terminal, `{chat}` (add AS=party|volunteer|rep|mediator).",
        "Ctrl-C stops everything.",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="web server (webhook) port")
    parser.add_argument("--fake-port", type=int, default=DEFAULT_FAKE_PORT, help="fake WeChat API port")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)

    problems = missing_pieces()
    taken = busy_ports(args.port, args.fake_port)
    if taken:
        problems.append(f"something already listens on port(s) {', '.join(map(str, taken))} "
                        "(another `make run`?); choose others: make run PORT=8090 FAKE_PORT=8091")
    if problems:
        print("make run cannot start:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        return 2

    env = dev_environment(args.port, args.fake_port)
    code = prepare_database(env)
    if code:
        return code
    supervisor = Supervisor(build_children(args.port, args.fake_port, args.workers), env=env, cwd=ROOT)
    code = supervisor.run(on_ready=lambda: print(banner(args.port, args.fake_port), flush=True))
    print("make run: all processes stopped", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
