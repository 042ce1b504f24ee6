"""Reading the YAML files cadres edit (themes, need words, knowledge): one wording for a file
that cannot be read or is not valid YAML, in the "file: field: message" form `flask kb check`
reports.

    data = read_yaml_file(path, ThemeDataError)   # {} for an empty file

The capability loaders (affairs, mediation, themes) share `DataFileError` (a file not valid,
nothing loaded) and word their load reports with `report_lines`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A knowledge file is not valid ("file: where: what is wrong"); nothing was loaded."""


def report_lines(counts: str, left_out: dict[str, list[str]], sep: str = ", ") -> list[str]:
    """A load report as `flask kb load` prints it: the counts, then a line per kind of entry left out."""
    return [f"  {counts}"] + [f"  {label}: {sep.join(items)}" for label, items in left_out.items() if items]


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
