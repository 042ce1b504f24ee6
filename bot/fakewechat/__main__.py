"""`python -m bot.fakewechat --port 8081`: serve the fake WeChat API on loopback."""
from __future__ import annotations

import argparse
import os

from werkzeug.serving import run_simple

from .app import create_fake_app
from .state import FakeState


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake WeChat API for development and tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--app-id", default=os.environ.get("WECHAT_APP_ID", "wxdev0000000000000"))
    parser.add_argument("--app-secret", default=os.environ.get("WECHAT_APP_SECRET", "dev-secret"))
    args = parser.parse_args()
    state = FakeState(app_id=args.app_id, app_secret=args.app_secret)
    print(f"fake WeChat API on http://{args.host}:{args.port}/", flush=True)
    run_simple(args.host, args.port, create_fake_app(state), threaded=True)


if __name__ == "__main__":
    main()
