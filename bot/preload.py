"""Loading the app once in gunicorn's master before it forks its workers (`--preload`).

With PIANQU_PRELOAD=1 (set by deploy/gunicorn.conf.py unless GUNICORN_PRELOAD=0, or by hand with
`gunicorn --preload`), create_app() builds the router (jieba, lexicon, pinyin tables), the
safety rules and the character converter in the master, synchronously: forked workers share
those pages instead of each building its own copy. Then:
- the collector's generations are frozen (gc.freeze), so a worker's first collections do not
  write to every shared object's header and unshare the pages;
- the ORM's mappers are configured (relationships, loader strategies, attribute events: ~3 MB
  that SQLAlchemy otherwise builds on each worker's first query);
- the message path runs on sample messages, nothing kept (bot/prewarm.py): what a worker's first
  messages would otherwise build and specialise in its own pages (~10 MB each);
- a forked child drops the connection pool it inherited (SQLAlchemy's advice after fork); the
  master opens none, but a pool is never shared between processes.
No thread is started before the fork (a fork copies none, and could copy a held lock).
"""
from __future__ import annotations

import gc
import os

from flask import Flask
from sqlalchemy.orm import configure_mappers

from .prewarm import warm_message_path


def requested() -> bool:
    return os.environ.get("PIANQU_PRELOAD") == "1"


def load_before_fork(app: Flask) -> None:
    from .nlu import warm_up
    from .safety.detect import detect
    from .village_match import normalise

    warm_up(background=False)
    detect("俺家着火了")  # safety rules, sound index, pinyin readings
    normalise("臺灣")  # OpenCC's tables
    configure_mappers()
    warm_message_path(app)  # bytecode specialised, statements compiled, caches built (bot/prewarm.py)
    engine = app.extensions["db"].engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    gc.collect()
    gc.freeze()
