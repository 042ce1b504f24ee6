"""The network in tests: no traffic past loopback, and a proxy that takes a database away.

`RealHostGuard` replaces socket name resolution for a test: any host other than loopback is
recorded and refused, so a request meant for api.weixin.qq.com fails the test instead of leaving
(the `host_guard` fixture).

A tiny TCP proxy on loopback, to take a database away and give it back during a test:

    proxy = TcpProxy("127.0.0.1", 5432).start()   # forwards 127.0.0.1:<proxy.port>
    proxy.stop()                 # connection refused; open connections are cut
    proxy.start(hang=True)       # accepts, never answers (a database that hangs)
    proxy.start()                # forwards again, on the same port
"""
from __future__ import annotations

import socket
import threading

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class RealHostGuard:
    def __init__(self, monkeypatch):
        self.attempts: list[str] = []
        real = socket.getaddrinfo

        def guarded(host, *args, **kwargs):
            name = host.decode() if isinstance(host, bytes) else str(host)
            if name not in LOOPBACK:
                self.attempts.append(name)
                raise OSError(f"test guard: no traffic to {name}")
            return real(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", guarded)


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.hang = False

    def start(self, hang: bool = False) -> "TcpProxy":
        self.stop()
        self.hang = hang
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and cut every open connection."""
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        for sock in ([listener] if listener else []) + list(sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            self._track(client)
            if self.hang:
                continue  # keep it open, say nothing
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self._track(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
