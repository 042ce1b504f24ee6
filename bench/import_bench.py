"""A people import of ROWS rows through gunicorn, as a cadre's browser does it: how long the
upload and each page load take (none may come near gunicorn's timeout), and the whole import.

    python bench/import_bench.py [--rows 20000] [--format xlsx|csv] [--workers 2]
                                 [--port 9141] [--database-url URL]

Migrates and empties the database (a temporary SQLite file unless --database-url), adds one
area with 50 villages and a county account, starts `gunicorn -w WORKERS`, logs in, uploads the
file, then loads the import's page until it stops reloading itself. Two browsers (--browsers)
load the page at the same time, so several workers take steps of the same import.

Before the upload it waits for the workers to settle (their start-up warm-up done), then counts
the CPU the import costs: the workers' (with the upload's reader process) and, on PostgreSQL,
its backends'. On a machine shared with other jobs the CPU says more than the wall time.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.admin.passwords import hash_password  # noqa: E402
from bot.cli import upgrade_database  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.models import AdminAccount, AdminImport, Area, Base, InviteCode, Village  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from process_stats import backend_pids, cpu_seconds, worker_pids  # noqa: E402

PASSWORD = "bench-password-long-enough"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def prepare(url: str) -> None:
    upgrade_database(url)
    db = Database(url)
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
    with db.session() as s:
        area = Area(code="bz-daicun", name="代村片区", township="卞庄街道")
        s.add(area)
        s.flush()
        s.add_all(Village(name=f"村{n}", area_id=area.id) for n in range(50))
        s.add(AdminAccount(username="bench", display_name="bench", password_hash=hash_password(PASSWORD),
                           scope_level="county"))
    db.dispose()


def people(rows: int, fmt: str) -> bytes:
    records = [[f"人{n}", str(13000000000 + n), f"村{n % 50}", "志愿者" if n % 3 else "党员"] for n in range(rows)]
    if fmt == "csv":
        return ("姓名,电话,村,身份\n" + "".join(",".join(r) + "\n" for r in records)).encode("utf-8")
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["人员名单"])
    sheet.append(["姓名", "电话", "村", "身份"])
    for name, phone, village, role in records:
        sheet.append([name, int(phone), village, role])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret", "ADMIN_COOKIE_SECURE": "0"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                "--timeout", "30", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/admin/login", timeout=10)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    process.wait(10)
    raise SystemExit("gunicorn did not start")


def login(base: str) -> requests.Session:
    browser = requests.Session()
    token = TOKEN.search(browser.get(f"{base}/admin/login").text).group(1)
    answer = browser.post(f"{base}/admin/login", data={"csrf_token": token, "username": "bench",
                                                        "password": PASSWORD}, allow_redirects=False)
    assert answer.status_code == 302, answer.status_code
    return browser


def follow(browser: requests.Session, url: str, times: list[float]) -> None:
    """Load the page until it stops reloading itself (what the meta refresh does)."""
    while True:
        started = time.monotonic()
        page = browser.get(url, timeout=60)
        times.append(time.monotonic() - started)
        assert page.status_code == 200, page.status_code
        if 'http-equiv="refresh"' not in page.text:
            return
        time.sleep(1.0)  # the page's own refresh delay


def settle(master_pid: int, most: float = 60.0) -> None:
    """Wait until the workers use no CPU for a moment (the router warm-up after start)."""
    deadline = time.monotonic() + most
    last = cpu_seconds(worker_pids(master_pid))
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(worker_pids(master_pid))
        if now - last < 0.02:
            return
        last = now


def import_cpu(master_pid: int, url: str) -> float:
    return cpu_seconds(worker_pids(master_pid), children=True) + cpu_seconds(backend_pids(url))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--browsers", type=int, default=2)
    parser.add_argument("--port", type=int, default=9141)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    prepare(url)
    data = people(args.rows, args.format)
    server = start_server(url, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        browser = login(base)
        token = TOKEN.search(browser.get(f"{base}/admin/import").text).group(1)
        settle(server.pid)
        cpu_before = import_cpu(server.pid, url)
        began = time.monotonic()
        answer = browser.post(f"{base}/admin/import", allow_redirects=False, timeout=60,
                              data={"csrf_token": token, "kind": "people", "days": "30"},
                              files={"file": (f"people.{args.format}", data)})
        upload = time.monotonic() - began
        assert answer.status_code == 303, (answer.status_code, answer.text[:300])
        page = f"{base}{answer.headers['Location']}"
        times: list[list[float]] = [[] for _ in range(args.browsers)]
        others = [login(base) for _ in range(args.browsers - 1)]
        threads = [threading.Thread(target=follow, args=(b, page, t)) for b, t in zip([browser, *others], times)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = time.monotonic() - began
        cpu = import_cpu(server.pid, url) - cpu_before
    finally:
        server.terminate()
        try:
            server.wait(40)
        except subprocess.TimeoutExpired:  # a worker still in a page's steps on a loaded machine
            server.kill()
            server.wait(10)
    db = Database(url)
    with db.session() as s:
        job = s.scalars(select(AdminImport)).one()
        codes = s.scalar(select(func.count(InviteCode.id)))
        result = (job.status, job.total, job.created, job.rejected, codes)
    db.dispose()
    loads = [t for per in times for t in per]
    print(f"database: {url.split('://')[0]}; gunicorn -w {args.workers}; {args.browsers} browser(s); "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"file: {args.rows} rows, {args.format}, {len(data) / 1024:.0f} KiB")
    print(f"upload request (read, check, store): {upload:.2f} s")
    print(f"page loads: {len(loads)}; median {statistics.median(loads):.2f} s, max {max(loads):.2f} s")
    print(f"whole import: {total:.1f} s, {args.rows / total:.0f} rows/s (1 s reload pause included)")
    backends = " + PostgreSQL backends" if url.startswith("postgresql") else ""
    print(f"CPU: {cpu:.2f} s (workers and the upload's reader{backends})")
    print(f"status {result[0]}: {result[2]} of {result[1]} created, {result[3]} rejected, {result[4]} codes")
    return 0 if result[0] == "done" and result[2] == args.rows == result[4] else 1


if __name__ == "__main__":
    sys.exit(main())
