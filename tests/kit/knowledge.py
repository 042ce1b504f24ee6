"""Helpers for knowledge tests: copy the shipped knowledge files, change them, load them."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import yaml

from knowledge.schema import DEFAULT_DIRECTORY


def copy_knowledge(target: Path) -> Path:
    """A writable copy of the shipped knowledge files (YAML only) under `target`."""
    root = target / "knowledge"
    (root / "guides").mkdir(parents=True)
    for path in DEFAULT_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, root / path.name)
    for path in (DEFAULT_DIRECTORY / "guides").glob("*.yaml"):
        shutil.copy(path, root / "guides" / path.name)
    return root


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def load_into(app, directory: Path | None = None, force: bool = False):
    from knowledge.loader import load_all

    with app.app_context():
        return load_all(echo=lambda *_: None, directory=directory, force=force)
