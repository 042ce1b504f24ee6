"""Slow clients against the web server: do a few 1-byte-a-second bodies stall everyone else?

    python bench/slow_clients.py --mode sync      # what `make run` ran before: 2 sync workers
    python bench/slow_clients.py --mode gthread   # what `make run` runs now: 2 workers x 4 threads
    python bench/slow_clients.py --mode deploy    # deploy/gunicorn.conf.py (gthread, 3 x 4)
    python bench/slow_clients.py --mode nginx     # deploy config behind nginx (needs `nginx`)

Starts the app (dev settings, a throwaway SQLite database) under gunicorn on loopback, opens
`--slow` connections that POST /wechat sending one body byte a second (bounded: at most 32
connections, at most `--seconds`, 60), and meanwhile GETs /healthz every 0.2 s, printing that
normal request's latency (p50, p95, max, and how many took over 1 s or failed). Issue 12, finding 12.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_SLOW = 32
MAX_SECONDS = 60
NGINX_CONF = """
worker_processes 1; daemon off; pid {dir}/nginx.pid; error_log {dir}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off; client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/f; uwsgi_temp_path {dir}/u; scgi_temp_path {dir}/s;
    # As deploy/nginx/pianqu.conf: bodies buffered whole before the app sees them, and timeouts.
    client_header_timeout 10s; client_body_timeout 10s; send_timeout 10s; client_max_body_size 1m;
    server {{
        listen 127.0.0.1:{port};
        location / {{ proxy_pass http://127.0.0.1:{upstream}; proxy_http_version 1.0;
                     proxy_request_buffering on; proxy_read_timeout 10s; proxy_send_timeout 6s; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_argv(mode: str, port: int) -> list[str]:
    base = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--no-control-socket"]
    if mode == "sync":
        return base + ["--workers", "2", "wsgi:app"]
    if mode == "gthread":
        from bot.dev.server import gunicorn_worker_args
        return base + gunicorn_worker_args(2) + ["wsgi:app"]
    return base + ["-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "wsgi:app"]


def wait_ready(port: int, seconds: float = 60) -> None:
    import urllib.request
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"nothing answered on {port} after {seconds} s")


def slow_client(port: int, stop: threading.Event) -> None:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"POST /wechat?timestamp=1&nonce=1&signature=x HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: text/xml\r\nContent-Length: 1000\r\n\r\n")
            while not stop.wait(1.0):
                sock.sendall(b"<")
    except OSError:
        pass  # the server (or nginx) gave up on us: that is the point


def measure(port: int, seconds: float) -> list[float | None]:
    import urllib.request
    times: list[float | None] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10).read()
            times.append(time.perf_counter() - started)
        except Exception:
            times.append(None)
        time.sleep(0.2)
    return times


def report(mode: str, slow: int, times: list[float | None]) -> str:
    ok = sorted(t for t in times if t is not None)
    failed = len(times) - len(ok)
    if not ok:
        return f"{mode:8} slow={slow:2}: every one of {len(times)} requests failed"
    p95 = ok[min(len(ok) - 1, int(len(ok) * 0.95))]
    over = sum(1 for t in ok if t > 1.0)
    return (f"{mode:8} slow={slow:2}: {len(times)} requests, p50 {statistics.median(ok) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ok[-1] * 1000:.0f} ms, over 1 s {over}, failed {failed}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("sync", "gthread", "deploy", "nginx"), default="gthread")
    parser.add_argument("--slow", type=int, default=4, help=f"slow connections (at most {MAX_SLOW})")
    parser.add_argument("--seconds", type=float, default=15, help=f"how long (at most {MAX_SECONDS})")
    args = parser.parse_args()
    slow, seconds = min(args.slow, MAX_SLOW), min(args.seconds, MAX_SECONDS)
    from bot.dev.settings import dev_environment

    work = Path(tempfile.mkdtemp(prefix="slow-clients-"))
    app_port, fake_port = free_port(), free_port()
    env = dev_environment(app_port, fake_port)
    env.update(DATABASE_URL=f"sqlite:///{work}/bench.db", PYTHONPATH=str(ROOT), GUNICORN_BIND=f"127.0.0.1:{app_port}")
    processes = []
    try:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "setup"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        argv = gunicorn_argv("deploy" if args.mode == "nginx" else args.mode, app_port)
        processes.append(subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                          stderr=open(work / "gunicorn.log", "wb"), start_new_session=True))
        wait_ready(app_port)
        port = app_port
        if args.mode == "nginx":
            if shutil.which("nginx") is None:
                raise SystemExit("nginx is not installed")
            port = free_port()
            for sub in ("body", "proxy", "f", "u", "s"):
                (work / sub).mkdir()
            (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, port=port, upstream=app_port))
            processes.append(subprocess.Popen(["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)],
                                              start_new_session=True))
            wait_ready(port)
        baseline = measure(port, 2)
        stop = threading.Event()
        clients = [threading.Thread(target=slow_client, args=(port, stop), daemon=True) for _ in range(slow)]
        for c in clients:
            c.start()
        time.sleep(0.5)
        during = measure(port, seconds)
        stop.set()
        print(report(args.mode, 0, baseline))
        print(report(args.mode, slow, during))
    finally:
        for p in processes:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
