"""The `make run` supervisor: starts its children, prefixes their output, leaves no process behind."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parent.parent

# A child that listens on a port, and one that starts a grandchild in its own group.
LISTENER = "import socket,sys,os,time; s=socket.socket(); s.bind(('127.0.0.1',{port})); s.listen(); " \
           "open(sys.argv[1],'a').write(f'{{os.getpid()}}\\n'); print('listening', flush=True); time.sleep(600)"
PARENT = "import subprocess,sys,os,time; open(sys.argv[1],'a').write(f'{os.getpid()}\\n'); " \
         "g=subprocess.Popen([sys.executable,'-c','import time; time.sleep(600)']); " \
         "open(sys.argv[1],'a').write(f'{g.pid}\\n'); print('started grandchild', flush=True); time.sleep(600)"
STUBBORN = "import signal,sys,os,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); " \
           "open(sys.argv[1],'a').write(f'{os.getpid()}\\n'); print('ignoring SIGTERM', flush=True); time.sleep(600)"
QUITTER = "import time; print('bye', flush=True); time.sleep(0.5)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def start_supervisor(tmp_path: Path, children: list[tuple[str, str, int | None]], stop_timeout: float = 5.0):
    """Run a Supervisor in its own process, as `make run` does; returns (process, pid file)."""
    pids = tmp_path / "pids"
    pids.touch()
    spec = [(name, [sys.executable, "-c", code, str(pids)], port) for name, code, port in children]
    driver = tmp_path / "driver.py"
    driver.write_text(textwrap.dedent(f"""
        import sys
        from bot.dev.supervisor import Child, Supervisor
        children = [Child(name, argv, port=port) for name, argv, port in {spec!r}]
        sup = Supervisor(children, stop_timeout={stop_timeout})
        sys.exit(sup.run(on_ready=lambda: print("ALL READY", flush=True), ready_timeout=20))
    """))
    process = subprocess.Popen([sys.executable, str(driver)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    return process, pids


def read_pids(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()]


def test_ctrl_c_stops_every_child_and_grandchild(tmp_path):
    port = free_port()
    process, pids = start_supervisor(tmp_path, [("web", LISTENER.format(port=port), port),
                                                ("sched", PARENT, None)])
    assert wait_for(lambda: len(read_pids(pids)) == 3), process.stdout
    first_lines = []
    for line in process.stdout:
        first_lines.append(line)
        if "ALL READY" in line:
            break
    assert any(line.strip() == "web | listening" for line in first_lines)

    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "sched | started grandchild" in "".join(first_lines) + out
    assert wait_for(lambda: not any(alive(pid) for pid in read_pids(pids)), 5), read_pids(pids)


def test_a_child_that_dies_stops_the_others(tmp_path):
    process, pids = start_supervisor(tmp_path, [("quitter", QUITTER, None), ("sched", PARENT, None)])
    out, _ = process.communicate(timeout=20)
    assert process.returncode == 1
    assert "quitter | exited with code 0; stopping the others" in out
    assert wait_for(lambda: not any(alive(pid) for pid in read_pids(pids)), 5)


def test_a_child_ignoring_sigterm_is_killed_after_the_timeout(tmp_path):
    process, pids = start_supervisor(tmp_path, [("stubborn", STUBBORN, None)], stop_timeout=1.0)
    assert wait_for(lambda: len(read_pids(pids)) == 1)
    time.sleep(0.3)  # let the child install its handler
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "stubborn | still running after 1 s: killed" in out
    assert wait_for(lambda: not alive(read_pids(pids)[0]), 5)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_children_die_with_a_killed_supervisor(tmp_path):
    port = free_port()
    process, pids = start_supervisor(tmp_path, [("web", LISTENER.format(port=port), port)])
    assert wait_for(lambda: len(read_pids(pids)) == 1)
    process.kill()
    process.communicate(timeout=10)
    assert wait_for(lambda: not alive(read_pids(pids)[0]), 5)
