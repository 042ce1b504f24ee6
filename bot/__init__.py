"""The 片区通 bot: `create_app()` wires config → database → webhook and admin → CLI."""
from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from .config import Config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.path.abspath("instance"))
    config = Config.from_env(**(test_config or {}))
    app.config.from_mapping(config.as_flask_mapping())
    from .secret_check import check_secret_key

    check_secret_key(app.config)  # before anything starts: a forgeable cookie key never serves
    app.config["MAX_CONTENT_LENGTH"] = config.MAX_BODY_BYTES
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from . import db, redis_store

    db.init_app(app)
    redis_store.init_app(app)

    from handlers import build_dispatcher

    app.extensions["dispatcher"] = build_dispatcher()

    from . import webhook

    webhook.init_app(app)

    from . import health

    health.init_app(app)

    from . import metrics

    metrics.init_app(app)

    from . import admin

    admin.init_app(app)  # after the webhook: its CSRF protection exempts /wechat

    from .pushpage import page as push_page

    push_page.init_app(app)

    from . import villagepage

    villagepage.init_app(app)  # /p/village/<id>/matters: public, no login

    from . import cli

    cli.init_app(app)
    if not app.config["TESTING"]:
        from . import preload

        if preload.requested():  # gunicorn --preload: build everything once, before the fork
            preload.load_before_fork(app)
        else:
            # Build the router (jieba, lexicon) while the worker waits for its first message.
            from .nlu import warm_up

            warm_up(background=True)
    return app
