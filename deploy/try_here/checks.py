"""HTTP checks of a deployed 片区通, through nginx, as WeChat and a cadre would make them.

    python deploy/try_here/checks.py webhook --url https://host/wechat --token T --key K --app-id A [--text 低保咋办]
    python deploy/try_here/checks.py verify  --url ... --token T           (the console's URL check)
    python deploy/try_here/checks.py load    --url ... --seconds 20 --concurrency 4   (latencies, statuses)
    python deploy/try_here/checks.py admin   --base https://host --user U --password-file F --cookie-out F
    python deploy/try_here/checks.py cookie  --base https://host --cookie-in F    (is a saved session still good?)
    python deploy/try_here/checks.py limits  --base https://host                  (413 on /wechat, 429 on /admin/login)
    python deploy/try_here/checks.py push    --fake http://fake/ --openid O --timeout 60

Run from the app's checkout with its venv (it reuses bot/dev/wire.py to sign and open messages).
Each command prints one line per finding and exits 1 when the deployment did not behave.
`--ca FILE` trusts a self-signed certificate (the try-here nginx); the default is the system's.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bot.dev.wire import FakeWeChat, WebhookClient, sha1_signature, text_message  # noqa: E402
from bot.webhook import BUSY_TEXT  # noqa: E402

ACCOUNT = "gh_pianqu_tryhere"


def _client(args, token=None, key=None) -> WebhookClient:
    client = WebhookClient(args.url, token or args.token, key or args.key, args.app_id, ACCOUNT,
                           timeout=args.timeout, safe=not args.plain)
    client.http.verify = args.ca or True
    return client


def webhook(args) -> int:
    """One signed message; the reply must come back 200 and open with the same token and key."""
    client = _client(args)
    started = time.monotonic()
    reply = client.send(args.openid, text_message(args.text))
    elapsed = time.monotonic() - started
    content = (reply.fields.get("Content") or "").replace("\n", " ")[:60]
    print(f"webhook {args.text!r} as {args.openid}: HTTP {reply.status} in {elapsed * 1000:.0f} ms: {content or reply.body[:60]!r}")
    if args.expect_status:
        return 0 if reply.status == args.expect_status else 1
    return 0 if reply.status == 200 and content else 1


def verify(args) -> int:
    """WeChat's GET URL check (what the console does when its settings are saved)."""
    timestamp, nonce, echostr = str(int(time.time())), "4711", f"echo{int(time.time())}"
    query = {"signature": sha1_signature(args.token, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "echostr": echostr}
    response = requests.get(args.url, params=query, timeout=args.timeout, verify=args.ca or True)
    ok = response.status_code == 200 and response.text == echostr
    print(f"URL check with token {args.token[:4]}…: HTTP {response.status_code} {'echoed' if ok else response.text[:40]!r}")
    if args.expect_status:
        return 0 if response.status_code == args.expect_status else 1
    return 0 if ok else 1


def load(args) -> int:
    """`concurrency` villagers writing for `seconds`; every answer must be 200 within WeChat's 5 s."""
    results: list[tuple[int | str, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def villager(n: int) -> None:
        client = _client(args)
        i = 0
        while time.monotonic() < stop:
            i += 1
            started = time.monotonic()
            try:
                reply = client.send(f"oTRY-load-{args.tag}-{n}", text_message("你好" if i % 2 else "低保咋办"))
                status = reply.status
                if status == 200 and reply.empty:
                    status = "200 success (answer by push)"
                elif status == 200 and reply.fields.get("Content") == BUSY_TEXT:
                    status = "200 busy text"
            except requests.exceptions.ChunkedEncodingError:
                status = "cut off"  # the answer had begun when the connection closed (its server died)
            except requests.RequestException:
                status = 0
            with lock:
                results.append((status, time.monotonic() - started))

    threads = [threading.Thread(target=villager, args=(n,)) for n in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = Counter(status for status, _ in results)
    times = sorted(elapsed for _, elapsed in results)
    late = sum(1 for elapsed in times if elapsed > 5.0)
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
    print(f"load: {len(results)} requests in {args.seconds} s, statuses {dict(statuses)}, "
          f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {times[-1] * 1000:.0f} ms, over 5 s: {late}")
    if args.json:
        Path(args.json).write_text(json.dumps({"statuses": dict(statuses), "times": times}))
    return 0 if set(statuses) <= set(args.allow) and late <= args.allow_late else 1


def _session(args) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.verify = args.ca or True
    return session


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not match:
        raise SystemExit("no csrf_token on the login page")
    return match.group(1)


def admin(args) -> int:
    """Log in like a cadre's browser; the session cookie must be Secure (HTTPS seen through nginx)."""
    session = _session(args)
    page = session.get(args.base + "/admin/login", timeout=args.timeout)
    password = Path(args.password_file).read_text().strip()
    response = session.post(args.base + "/admin/login", timeout=args.timeout, allow_redirects=False,
                            data={"csrf_token": _csrf(page.text), "next": "", "username": args.user,
                                  "password": password},
                            headers={"Referer": args.base + "/admin/login"})
    cookie = response.headers.get("Set-Cookie", "")
    flags = [flag for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/admin") if flag.lower() in cookie.lower()]
    dashboard = session.get(args.base + "/admin/", timeout=args.timeout, allow_redirects=False)
    print(f"admin login as {args.user}: HTTP {response.status_code} → {response.headers.get('Location')}, "
          f"cookie flags {flags}, dashboard HTTP {dashboard.status_code}, "
          f"CSP {'set' if 'Content-Security-Policy' in dashboard.headers else 'MISSING'}")
    if args.cookie_out:
        Path(args.cookie_out).write_text(json.dumps(session.cookies.get_dict()))
    return 0 if response.status_code == 302 and len(flags) == 4 and dashboard.status_code == 200 else 1


def cookie(args) -> int:
    """Does a saved admin cookie still open the dashboard? (--expect ok|login)"""
    session = _session(args)
    session.cookies.update(json.loads(Path(args.cookie_in).read_text()))
    response = session.get(args.base + "/admin/", timeout=args.timeout, allow_redirects=False)
    state = "ok" if response.status_code == 200 else "login" if response.status_code == 302 else str(response.status_code)
    print(f"saved admin cookie: HTTP {response.status_code} ({'dashboard' if state == 'ok' else response.headers.get('Location')})")
    return 0 if state == args.expect else 1


def limits(args) -> int:
    """nginx's own limits: a body over 64 KB on /wechat → 413; a burst on /admin/login → 429."""
    session = _session(args)
    big = session.post(args.base + "/wechat", data=b"x" * (70 * 1024), timeout=args.timeout,
                       params={"signature": "0" * 40, "timestamp": "1", "nonce": "1"})
    statuses = Counter(session.get(args.base + "/admin/login", timeout=args.timeout).status_code for _ in range(12))
    print(f"70 KB POST /wechat: HTTP {big.status_code}; 12 quick GET /admin/login: {dict(statuses)}")
    return 0 if big.status_code == 413 and statuses.get(429) else 1


def push(args) -> int:
    """Wait until the fake WeChat API has received a message for `openid` (sent by the scheduler)."""
    fake = FakeWeChat(args.fake)
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        messages = fake.messages(args.openid)
        if len(messages) >= args.count:
            last = messages[-1]
            print(f"push to {args.openid}: {len(messages)} message(s) at the fake WeChat API, last: "
                  f"{json.dumps(last, ensure_ascii=False)[:120]}")
            return 0
        time.sleep(0.5)
    print(f"push to {args.openid}: nothing after {args.timeout} s")
    return 1


def _status(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ca", help="CA/certificate file to trust (self-signed nginx)")
    parser.add_argument("--timeout", type=float, default=10.0)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("webhook", "verify", "load"):
        p = sub.add_parser(name)
        p.add_argument("--url", required=True)
        p.add_argument("--token", required=True)
        p.add_argument("--key", default="")
        p.add_argument("--app-id", default="")
        p.add_argument("--plain", action="store_true", help="plaintext mode instead of safe mode")
        p.add_argument("--expect-status", type=int, default=0)
    webhook_p = sub.choices["webhook"]
    webhook_p.add_argument("--openid", default="oTRY-villager-1")
    webhook_p.add_argument("--text", default="你好")
    load_p = sub.choices["load"]
    load_p.add_argument("--seconds", type=float, default=20)
    load_p.add_argument("--concurrency", type=int, default=4)
    load_p.add_argument("--tag", default="a")
    load_p.add_argument("--allow-late", type=int, default=0)
    load_p.add_argument("--allow", nargs="*", default=[200], type=_status,
                        help="statuses that pass (default 200 with an answer)")
    load_p.add_argument("--json")
    admin_p = sub.add_parser("admin")
    admin_p.add_argument("--base", required=True)
    admin_p.add_argument("--user", required=True)
    admin_p.add_argument("--password-file", required=True)
    admin_p.add_argument("--cookie-out")
    cookie_p = sub.add_parser("cookie")
    cookie_p.add_argument("--base", required=True)
    cookie_p.add_argument("--cookie-in", required=True)
    cookie_p.add_argument("--expect", choices=["ok", "login"], default="ok")
    limits_p = sub.add_parser("limits")
    limits_p.add_argument("--base", required=True)
    push_p = sub.add_parser("push")
    push_p.add_argument("--fake", required=True)
    push_p.add_argument("--openid", required=True)
    push_p.add_argument("--count", type=int, default=1)
    push_p.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args(argv)
    return globals()[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
