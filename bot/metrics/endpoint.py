"""GET /metrics: every process's counters (multiprocess mode) and the database's figures, to
the addresses METRICS_ALLOWED_ADDRESSES allows (addresses or networks, comma-separated).

The counted figures are the files in PROMETHEUS_MULTIPROC_DIR (this gunicorn's workers) and in
the directories METRICS_READ_DIRS names (another service's processes on this machine, e.g. the
scheduler's dispatcher: quota waits, dead pushes), added up as one."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from .database import DatabaseCollector


def allowed_networks(setting: str) -> list:
    return [ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()]


class _Files:
    """prometheus_client's multiprocess merge over the files of several directories."""

    def __init__(self, paths: list[str]):
        self.paths = paths

    def collect(self):
        files = sorted(str(f) for path in self.paths for f in Path(path).glob("*.db"))
        return MultiProcessCollector.merge(files, accumulate=True)


def render(app: Flask, multiproc_dir: str | None = None) -> bytes:
    """The exposition text: this process's (or every process's) counters, then the database's."""
    path = multiproc_dir or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        extra = [p.strip() for p in (app.config.get("METRICS_READ_DIRS") or "").split(",") if p.strip()]
        registry = CollectorRegistry()
        registry.register(_Files([path, *extra]))
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    db_registry = CollectorRegistry()
    db_registry.register(DatabaseCollector(app))
    return counted + generate_latest(db_registry)


def metrics() -> Response:
    try:
        client = ipaddress.ip_address((request.remote_addr or "").split("%")[0])
    except ValueError:
        abort(403)
    if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped is not None:
        client = client.ipv4_mapped
    if not any(client in network for network in current_app.extensions["metrics_networks"]):
        abort(403)
    response = Response(render(current_app._get_current_object()), mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.extensions["metrics_networks"] = allowed_networks(app.config.get("METRICS_ALLOWED_ADDRESSES")
                                                          or "127.0.0.1,::1")
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
