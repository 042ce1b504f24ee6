"""The scale test's own processes on loopback: PostgreSQL, Redis, fake WeChat API, gunicorn, scheduler.

Everything here belongs to the scale test alone (its own data directory, its own ports), so it
can be stopped, killed and restarted at will without touching a shared PostgreSQL or Redis:

    cluster = Cluster(Ports.from_base(9200), workdir)
    cluster.start_database(); cluster.start_redis(); ...
    cluster.kill_one_web_worker(); cluster.stop_database(); cluster.kill_scheduler() ...
    cluster.stop_all()

PostgreSQL comes from the machine (`/usr/lib/postgresql/<newest>/bin`): initdb into a temporary
directory and pg_ctl on our port; as root the server runs as the `postgres` user (runuser).
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from bot.dev.settings import dev_environment
from bot.dev.supervisor import _die_with_parent, _signal_group, port_answers

ROOT = Path(__file__).resolve().parents[2]
PG_ROOT = Path("/usr/lib/postgresql")


@dataclass(frozen=True)
class Ports:
    database: int
    redis: int
    fake: int
    web: int

    @classmethod
    def from_base(cls, base: int) -> "Ports":
        return cls(database=base, redis=base + 1, fake=base + 2, web=base + 3)


def postgres_bin() -> Path:
    """The newest PostgreSQL on the machine (Debian keeps one directory per major version)."""
    versions = sorted((p for p in PG_ROOT.glob("*/bin/initdb")), key=lambda p: int(p.parts[-3]))
    if not versions:
        raise SystemExit(f"no PostgreSQL server under {PG_ROOT}: apt-get install postgresql")
    return versions[-1].parent


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def wait_for_port(port: int, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_answers(port):
            return
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{what} exited with code {proc.returncode} before listening on {port}")
        time.sleep(0.1)
    raise SystemExit(f"{what} not listening on {port} after {timeout:.0f} s")


def _serving(pid: int, port: int) -> bool:
    """The process holds an established connection accepted on `port`: a sync gunicorn worker
    holds one only while it reads a request or writes its answer."""
    inodes = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except (FileNotFoundError, PermissionError):
        return False
    local = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            # local_address, rem_address, st (01 = ESTABLISHED), ..., inode
            if fields[1].endswith(local) and fields[3] == "01" and fields[9] in inodes:
                return True
    return False


class Cluster:
    def __init__(self, ports: Ports, workdir: Path, workers: int = 4, extra_env: dict[str, str] | None = None):
        self.ports = ports
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.pgdata = workdir / "pgdata"
        self.workers = workers
        self.bin = postgres_bin()
        self.procs: dict[str, subprocess.Popen] = {}
        # Children die with us (PR_SET_PDEATHSIG), but that signal fires when the *thread* that
        # forked them ends: every child is forked by this one thread, which lives until stop_all.
        self._spawns: queue.Queue = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="spawner", daemon=True)
        self._spawner.start()
        self.database_url = f"postgresql+psycopg://postgres@127.0.0.1:{ports.database}/scale"
        self.redis_url = f"redis://127.0.0.1:{ports.redis}/0"
        env = dev_environment(ports.web, ports.fake, base={k: v for k, v in os.environ.items()
                                                           if k not in ("DATABASE_URL", "REDIS_URL")})
        env.update({"DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url,
                    "PYTHONPATH": str(ROOT)})
        env.update(extra_env or {})
        self.env = env

    # --- PostgreSQL ----------------------------------------------------------------------------
    def init_database(self) -> None:
        if self.pgdata.exists():
            shutil.rmtree(self.pgdata)
        self.pgdata.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.pgdata, "postgres", "postgres")
            os.chmod(self.workdir, 0o755)
        subprocess.run(_as_postgres([str(self.bin / "initdb"), "-D", str(self.pgdata), "-U", "postgres",
                                     "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=(self.logs / "initdb.log").open("wb"))
        self._pg_options = (f"-p {self.ports.database} -k {self.pgdata} -c listen_addresses=127.0.0.1 "
                            "-c max_connections=200")

    def start_database(self) -> None:
        log = self.logs / "postgresql.log"
        if os.geteuid() == 0 and log.exists():
            shutil.chown(log, "postgres", "postgres")
        elif os.geteuid() == 0:
            log.touch()
            shutil.chown(log, "postgres", "postgres")
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-l", str(log),
                                     "-o", self._pg_options, "-w", "-t", "60", "start"]),
                       check=True, stdout=subprocess.DEVNULL)

    def create_database(self) -> None:
        subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.ports.database),
                        "-U", "postgres", "-q", "-c", "CREATE DATABASE scale"], check=True)

    def stop_database(self, mode: str = "fast") -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-m", mode,
                                     "-w", "-t", "60", "stop"]), check=True, stdout=subprocess.DEVNULL)

    # --- child processes -----------------------------------------------------------------------
    def _spawn_loop(self) -> None:
        while (job := self._spawns.get()) is not None:
            argv, log, future = job
            try:
                future.set_result(subprocess.Popen(
                    argv, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None))
            except Exception as exc:
                future.set_exception(exc)

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        future: Future = Future()
        self._spawns.put((argv, (self.logs / f"{name}.log").open("ab"), future))
        proc = future.result()
        self.procs[name] = proc
        return proc

    def start_redis(self) -> None:
        proc = self._spawn("redis", ["redis-server", "--port", str(self.ports.redis), "--bind", "127.0.0.1",
                                     "--save", "", "--appendonly", "no", "--dir", str(self.workdir)])
        wait_for_port(self.ports.redis, 20, "redis-server", proc)

    def start_fake(self) -> None:
        proc = self._spawn("wechat", [sys.executable, "-m", "bot.fakewechat", "--port", str(self.ports.fake)])
        wait_for_port(self.ports.fake, 30, "fake WeChat API", proc)

    def flask(self, *args: str, log: str = "flask") -> None:
        with (self.logs / f"{log}.log").open("ab") as out:
            subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=self.env,
                           check=True, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)

    def start_web(self) -> None:
        proc = self._spawn("web", [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
                                   "--bind", f"127.0.0.1:{self.ports.web}", "--timeout", "30",
                                   "--graceful-timeout", "5", "--no-control-socket", "wsgi:app"])
        wait_for_port(self.ports.web, 60, "gunicorn", proc)

    def start_scheduler(self) -> None:
        self._spawn("scheduler", [sys.executable, "-m", "flask", "--app", "wsgi", "scheduler", "run"])

    def web_workers(self) -> list[int]:
        master = self.procs["web"].pid
        try:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except FileNotFoundError:
            return []
        return [int(pid) for pid in children]

    def kill_one_web_worker(self, busy_within: float = 0.0) -> tuple[int | None, bool]:
        """SIGKILL a web worker: within `busy_within` seconds one that is in the middle of a
        request (its client's connection is cut, as in issue 12's attack run), else the first.
        Returns (pid, whether it was serving a request)."""
        deadline = time.monotonic() + busy_within
        while True:
            workers = self.web_workers()
            serving = [pid for pid in workers if _serving(pid, self.ports.web)]
            if serving or time.monotonic() >= deadline:
                break
            time.sleep(0.005)
        if not workers:
            return None, False
        pid = (serving or workers)[0]
        os.kill(pid, signal.SIGKILL)
        return pid, bool(serving)

    def worker_replaced(self, killed: int) -> bool:
        """The master has reaped the killed worker and started a new one."""
        workers = self.web_workers()
        return killed not in workers and len(workers) >= self.workers

    def kill_scheduler(self) -> int:
        proc = self.procs["scheduler"]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return proc.pid

    def stop(self, name: str, timeout: float = 15) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        _signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop_all(self) -> None:
        for name in ("web", "scheduler", "wechat", "redis"):
            self.stop(name)
        self._spawns.put(None)
        if (self.pgdata / "postmaster.pid").exists():
            try:
                self.stop_database("fast")
            except subprocess.CalledProcessError:
                pass
