"""Child processes for outbound tests: `python -m tests.outbound_workers token-race GO_FILE N OPENID`.

token-race: build the app's WeChat client (its shared token store, or with STORE=memory a
per-process token like plain wechatpy), print "ready", wait until GO_FILE exists so that every
child starts with an empty store at the same moment, send N customer-service texts, print a
JSON line.
"""
from __future__ import annotations

import json
import os
import sys
import time

from wechatpy.exceptions import WeChatClientException


class MemoryTokenStore:
    """One process's own token (what wechatpy's default MemoryStorage amounts to)."""

    def __init__(self) -> None:
        self.token: str | None = None

    def get(self, fetch) -> str:
        if self.token is None:
            self.token = fetch()[0]
        return self.token

    def invalidate(self, token: str) -> None:
        if self.token == token:
            self.token = None


def token_race(go_file: str, count: int, openid: str) -> dict:
    from bot import create_app
    from bot.wechat.client import WeChatApiClient, get_client

    app = create_app()
    with app.app_context():
        client = get_client()
        if os.environ.get("STORE") == "memory":
            client = WeChatApiClient(app.config["WECHAT_APP_ID"], app.config["WECHAT_APP_SECRET"],
                                     app.config["WECHAT_API_BASE"], MemoryTokenStore(), timeout=5)
        print("ready", flush=True)
        while not os.path.exists(go_file):
            time.sleep(0.002)
        sent, errors = 0, []
        for i in range(count):
            try:
                client.message.send_text(openid, f"{os.getpid()}-{i}")
                sent += 1
            except WeChatClientException as exc:
                errors.append(exc.errcode)
        return {"pid": os.getpid(), "sent": sent, "errors": errors}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "token-race":
        print(json.dumps(token_race(args[0], int(args[1]), args[2])), flush=True)
    else:
        sys.exit(f"unknown command {command}")
