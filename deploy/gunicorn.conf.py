"""gunicorn settings for the 片区通 web service (/wechat and /admin), one file for every machine.

    gunicorn -c deploy/gunicorn.conf.py wsgi:app        # what pianqu-web.service runs

Per-machine values come from the environment (the env file): GUNICORN_BIND (default
127.0.0.1:8000; a second machine binds its LAN address), GUNICORN_WORKERS, GUNICORN_THREADS,
FORWARDED_ALLOW_IPS. docs/deploy.md explains the numbers; the short why is next to each.

Two hooks serve deploy/reload-web.sh (`systemctl reload pianqu-web`), which starts new
workers beside the old ones and stops the old ones once the new ones are ready: each new
worker reads the env file again (PIANQU_ENV_FILE), so a reload applies changed settings too,
and says when it has loaded the app (a file named by its pid in GUNICORN_READY_DIR).
"""
import os
from pathlib import Path

# --- where ---------------------------------------------------------------------------------
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Only nginx connects. It sets X-Forwarded-Proto; gunicorn believes it only from these
# addresses (nginx on this machine by default; on a second web machine: the nginx machine's
# address). The app's own ProxyFix (TRUSTED_PROXIES=1) takes the client address from
# X-Forwarded-For, which nginx overwrites with the real one.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# --- how many ------------------------------------------------------------------------------
# Threaded workers: a /wechat request mostly waits (on the database, and at worst for the
# app's 4 s reply budget), and a waiting thread must not block the process. One process per
# core (+1) uses the cores for the CPU part (crypto, routing, templates: Python holds the GIL);
# 4 threads each let a process wait on four requests at once. 2 cores: 3 × 4 = 12 requests in
# flight, ~170 MB per process. Database connections: each process pools up to 10 (5 + 5
# overflow, bot/db.py); count them against PostgreSQL's max_connections on every machine.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# A worker with every thread taken (e.g. by slow clients when nginx is not in front) stops
# accepting: new connections go to a worker with a free thread instead of waiting in its queue
# (bench/slow_clients.py, issue 12). Behind nginx bodies arrive whole, so threads free up fast.
worker_connections = threads

# --- time ----------------------------------------------------------------------------------
# WeChat waits 5 s; the app answers within REPLY_BUDGET_SECONDS (4 s) by itself, going on with
# slow work after the answer. So these limits are not the webhook's deadline:
# - timeout: a worker whose main loop is silent this long is killed (a hung process, not a
#   slow request: gthread workers keep beating while threads work). 30 s also covers the
#   slowest admin page (CSV import, dashboard).
# - graceful_timeout: on reload (HUP) or stop, a worker finishes what it has: requests (≤ 4 s
#   for /wechat) and replies still being handled after their answer (bounded by PostgreSQL's
#   statement_timeout 8 s + lock_timeout 3 s, bot/db.py). 20 s covers both; the unit's
#   TimeoutStopSec is longer still.
# - keepalive: nginx talks HTTP/1.0 to us, one request per connection; 2 s is for curl.
timeout = 30
graceful_timeout = 20
keepalive = 2

# --- loading -------------------------------------------------------------------------------
# Preloaded (issue 17): the app, its router, safety rules and converter are built once in the
# master before the fork (bot/preload.py, then gc.freeze) and shared copy-on-write, so each
# worker costs ~36–40 MB of its own memory instead of ~155 MB (bench/webhook_bench.py measures
# each worker's USS). The prices: (1) the workers run the code and env file the master loaded,
# so after an upgrade or a changed env file *restart* pianqu-web; deploy/reload-web.sh refuses
# to "reload" a preloaded master (its new workers would fork from the old code); (2) no thread
# may start before the fork, and a worker drops the connection pool it inherits (bot/preload.py
# runs the router warm-up synchronously in the master). GUNICORN_PRELOAD=0 turns it
# off: each worker builds its own app (2–4 s) and reload-web.sh's rolling reload works again.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
if preload_app:
    os.environ["PIANQU_PRELOAD"] = "1"

# --- logs (stdout/stderr → the journal under systemd) -----------------------------------------
# The path without the query string: /wechat queries carry openid, signatures and nonces,
# which do not belong in logs. %(h)s is nginx; the client is the X-Forwarded-For value.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms pid=%(p)s'
loglevel = "info"
# gunicornc's control socket would go to $HOME; the service uses signals instead.
control_socket_disable = True
proc_name = "pianqu-web"


# --- reloads (deploy/reload-web.sh) ----------------------------------------------------------
ENV_FILE = os.environ.get("PIANQU_ENV_FILE", "")
READY_DIR = os.environ.get("GUNICORN_READY_DIR", "")


def _read_env_file(path):
    """KEY=value lines taken literally, as systemd's EnvironmentFile= reads them (no quotes)."""
    values = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values


# The master's environment is fixed when it starts (systemd read the env file then). Remember
# which keys came from the file, once: a key deleted from the file later must leave new workers.
if ENV_FILE and "PIANQU_ENV_FILE_KEYS" not in os.environ:
    os.environ["PIANQU_ENV_FILE_KEYS"] = ",".join(_read_env_file(ENV_FILE))


def post_fork(server, worker):
    """A new worker takes the env file as it is now (the master keeps the one it started with)."""
    if not ENV_FILE:
        return
    current = _read_env_file(ENV_FILE)
    for key in set(os.environ.get("PIANQU_ENV_FILE_KEYS", "").split(",")) - set(current):
        os.environ.pop(key, None)
    os.environ.update(current)


def post_worker_init(worker):
    """The app is loaded: this worker can take requests."""
    if READY_DIR:
        Path(READY_DIR, str(worker.pid)).touch()


def worker_exit(server, worker):
    if READY_DIR:
        Path(READY_DIR, str(worker.pid)).unlink(missing_ok=True)


def child_exit(server, worker):
    """/metrics (prometheus_client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR): a dead
    worker's live gauges leave the sum; its counters stay counted."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
