"""gunicorn --preload: what the master builds before the fork (bot/preload.py)."""
from __future__ import annotations

import bot.nlu
import bot.preload as preload
import bot.safety.detect
import bot.village_match


def test_the_master_configures_the_mappers_before_the_fork(app, monkeypatch):
    """Unconfigured mappers would be built by each worker's first query (~3 MB each, unshared)."""
    done: list[str] = []
    # The router and the rules are built by their own tests; here only the order of the steps.
    monkeypatch.setattr(bot.nlu, "warm_up", lambda background=False: done.append("router"))
    monkeypatch.setattr(bot.safety.detect, "detect", lambda text: done.append("safety"))
    monkeypatch.setattr(bot.village_match, "normalise", lambda text: done.append("converter"))
    monkeypatch.setattr(preload, "configure_mappers", lambda: done.append("mappers"))
    forks: list = []
    monkeypatch.setattr(preload.os, "register_at_fork", lambda **hooks: forks.append(hooks))
    monkeypatch.setattr(preload.gc, "freeze", lambda: done.append("freeze"))

    preload.load_before_fork(app)

    assert done == ["router", "safety", "converter", "mappers", "freeze"]
    assert list(forks[0]) == ["after_in_child"]  # the child drops the pool it inherited
