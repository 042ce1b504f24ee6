"""`make run` refuses to start, with the reason, rather than half-start."""
from __future__ import annotations

import os
import socket

from bot.dev import server


def test_busy_port_is_refused_before_anything_starts(capsys, monkeypatch):
    monkeypatch.setattr(server, "prepare_database", lambda env: (_ for _ in ()).throw(AssertionError("ran setup")))
    with socket.socket() as busy, socket.socket() as free:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        free.bind(("127.0.0.1", 0))
        busy_port, free_port = busy.getsockname()[1], free.getsockname()[1]
        free.close()
        code = server.main(["--port", str(busy_port), "--fake-port", str(free_port)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"port(s) {busy_port} " in err and "make run PORT=" in err


def test_children_are_fake_api_scheduler_and_gunicorn_on_loopback():
    children = {c.name: c for c in server.build_children(port=8123, fake_port=8124, workers=2)}
    assert children["wechat"].argv[-3:] == ["bot.fakewechat", "--port", "8124"]
    assert children["scheduler"].argv[-2:] == ["scheduler", "run"]
    web = children["web"].argv
    assert web[web.index("--bind") + 1] == "127.0.0.1:8123" and web[-1] == "wsgi:app"
    assert (children["wechat"].port, children["web"].port) == (8124, 8123)


def test_make_run_serves_with_threaded_workers():
    """Issue 12, finding 12: two slow clients (1 byte/s bodies) stalled `make run`'s two sync
    workers; threaded workers give each slow client one thread (bench/slow_clients.py)."""
    from bot.dev.server import build_children
    web = next(c for c in build_children(18080, 18081, 2) if c.name == "web")
    argv = web.argv
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert int(argv[argv.index("--threads") + 1]) >= 4 and "--timeout" in argv
    assert argv[argv.index("--worker-connections") + 1] == argv[argv.index("--threads") + 1]


def test_the_deployment_config_stops_accepting_when_its_threads_are_taken(monkeypatch):
    import runpy
    from pathlib import Path
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    monkeypatch.setenv("PIANQU_PRELOAD", "0")  # the config sets it; undone after the test
    conf = runpy.run_path(str(Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"))
    assert conf["worker_class"] == "gthread" and conf["worker_connections"] == conf["threads"]
    assert conf["preload_app"] is True  # issue 17: ~40 MB per worker instead of ~155 MB
    assert os.environ["PIANQU_PRELOAD"] == "1"
