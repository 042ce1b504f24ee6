"""What a benchmark reads off the processes it runs: worker pids, CPU seconds, resident and
unshared (USS) memory per worker, PostgreSQL's backends (Linux /proc and ps)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


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


def cpu_split(pids: list[str]) -> tuple[float, float]:
    """User and system CPU seconds of these processes (all their threads), from /proc/<pid>/stat."""
    user = system = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        user += int(fields[11])
        system += int(fields[12])
    return user / os.sysconf("SC_CLK_TCK"), system / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[str], children: bool = False) -> float:
    """User + system CPU of these processes (all their threads), from /proc/<pid>/stat; with
    `children`, also that of their children they have waited for (e.g. an upload's reader)."""
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "(comm)", which may hold spaces
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        if children:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
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


def _smaps_rollup(pid: str) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[-1] == "kB":
            values[key] = int(parts[0])
    return values


def worker_memory(master_pid: int) -> dict:
    """RSS and unshared memory (USS: Private_Clean + Private_Dirty) of each worker, in MB."""
    workers = []
    for pid in worker_pids(master_pid):
        try:
            v = _smaps_rollup(pid)
        except FileNotFoundError:
            continue
        workers.append({"rss": v["Rss"] / 1024, "uss": (v["Private_Clean"] + v["Private_Dirty"]) / 1024})
    return {"workers": workers, "master_rss": _smaps_rollup(str(master_pid))["Rss"] / 1024}
