"""Reading the YAML files cadres edit (themes, need words, knowledge): one wording for a file
that cannot be read or is not valid YAML, in the "file: field: message" form `flask kb check`
reports.

    data = read_yaml_file(path, ThemeDataError)   # {} for an empty file
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def yaml_problem(exc: yaml.YAMLError) -> str:
    """"not valid YAML at line N: what", for a parse error."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark else ""
    return f"not valid YAML{where}: {getattr(exc, 'problem', exc)}"


def read_yaml_file(path: Path, error: type[Exception]) -> Any:
    """The parsed file ({} when empty); an unreadable file or bad YAML raises `error`."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise error(f"{path.name}: (file): cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path.name}: (file): {yaml_problem(exc)}") from exc
