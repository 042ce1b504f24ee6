"""A Redis connection cut by a reset (network blip, Redis restart) costs no request: one retry."""
from __future__ import annotations

import os
import socket
import struct
import time

import pytest

from bot.redis_store import connect
from tests.kit.network import TcpProxy

REDIS_URL = os.environ.get("TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set")


class ResettingProxy(TcpProxy):
    """Cuts open connections with a TCP reset (what a dropped link or a killed peer leaves)."""

    def cut(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()


def test_a_reset_connection_is_replaced_without_an_error():
    import redis

    target = redis.Redis.from_url(REDIS_URL).connection_pool.connection_kwargs
    proxy = ResettingProxy(target.get("host", "127.0.0.1"), int(target.get("port", 6379))).start()
    db = target.get("db", 0)
    client = connect(f"redis://127.0.0.1:{proxy.port}/{db}")
    try:
        client.set("test:reconnect", "1", ex=30)
        proxy.cut()
        time.sleep(0.1)
        assert client.set("test:reconnect", "2", ex=30) is True
        assert client.get("test:reconnect") == "2"
    finally:
        client.delete("test:reconnect")
        proxy.stop()
