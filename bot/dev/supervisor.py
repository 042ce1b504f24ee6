"""Run a few child processes together: prefix their output, stop them all on Ctrl-C.

Each child gets its own process group, so a signal to the group reaches what the child itself
started (gunicorn's workers). On Linux each child is also told to die with the supervisor
(PR_SET_PDEATHSIG), so even a supervisor killed with SIGKILL leaves no orphans behind.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, TextIO

_PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    name: str
    argv: list[str]
    # When set, the child counts as ready once 127.0.0.1:port accepts connections.
    port: int | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)


def port_answers(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    with socket.socket() as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((host, port)) == 0


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the process group still gets our SIGTERM on a normal stop


class Supervisor:
    """Start children, pump their output, and stop every one of them exactly once."""

    def __init__(self, children: list[Child], env: dict[str, str] | None = None,
                 cwd: str | None = None, out: TextIO = sys.stdout, stop_timeout: float = 10.0):
        self.children = children
        self.env = env
        self.cwd = cwd
        self.out = out
        self.stop_timeout = stop_timeout
        self._stop_requested = threading.Event()
        self._write_lock = threading.Lock()
        self._pumps: list[threading.Thread] = []
        self._width = max((len(c.name) for c in children), default=0)

    def say(self, name: str, line: str) -> None:
        with self._write_lock:
            self.out.write(f"{name:>{self._width}} | {line.rstrip()}\n")
            self.out.flush()

    def start(self) -> None:
        # Every fork happens before any pump thread exists: preexec_fn is only safe that way.
        for child in self.children:
            child.process = subprocess.Popen(
                child.argv, env=self.env, cwd=self.cwd, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        for child in self.children:
            pump = threading.Thread(target=self._pump, args=(child,), daemon=True)
            pump.start()
            self._pumps.append(pump)

    def _pump(self, child: Child) -> None:
        assert child.process and child.process.stdout
        for raw in iter(child.process.stdout.readline, b""):
            self.say(child.name, raw.decode("utf-8", "replace"))

    def request_stop(self, *_args: object) -> None:
        self._stop_requested.set()

    def all_ready(self) -> bool:
        return all(c.port is None or port_answers(c.port) for c in self.children)

    def exited(self) -> list[Child]:
        return [c for c in self.children if c.process and c.process.poll() is not None]

    def run(self, on_ready: Callable[[], None] | None = None, ready_timeout: float = 60.0) -> int:
        """Start all, call `on_ready` once every port answers, block until a signal or a death.

        Returns 0 after a requested stop, 1 when a child exited on its own or never got ready.
        """
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.request_stop)
        code = 0
        try:
            self.start()
            deadline = time.monotonic() + ready_timeout
            ready = False
            while not self._stop_requested.wait(0.2):
                dead = self.exited()
                if dead:
                    for child in dead:
                        self.say(child.name, f"exited with code {child.process.returncode}; stopping the others")
                    code = 1
                    break
                if not ready and self.all_ready():
                    ready = True
                    if on_ready:
                        on_ready()
                elif not ready and time.monotonic() > deadline:
                    waiting = [c.name for c in self.children if c.port and not port_answers(c.port)]
                    self.say("supervisor", f"not listening after {ready_timeout:.0f} s: {', '.join(waiting)}")
                    code = 1
                    break
        finally:
            self.stop()
        return code

    def stop(self) -> None:
        """SIGTERM every group, wait, SIGKILL what is left, then drain the output."""
        running = [c for c in self.children if c.process]
        for child in running:
            if child.process.poll() is None:
                _signal_group(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child in running:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(child.name, f"still running after {self.stop_timeout:.0f} s: killed")
        for child in running:
            # Also reaches grandchildren left behind by a leader that already exited.
            _signal_group(child.process.pid, signal.SIGKILL)
            child.process.wait()
        for pump in self._pumps:
            pump.join(timeout=2)


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass
