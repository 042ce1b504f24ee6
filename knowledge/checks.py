"""Field checks for one knowledge file; each error reads ``<file>: <field>: <what is wrong>``."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from bot.yaml_files import yaml_problem

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


def _join(at: str, key: str) -> str:
    return f"{at}.{key}" if at else key


class FileChecker:
    """Collects errors for one file into a shared list."""

    def __init__(self, relative: str, errors: list[str]):
        self.relative = relative
        self.errors = errors

    def error(self, field_path: str, message: str) -> None:
        self.errors.append(f"{self.relative}: {field_path}: {message}")

    def unknown_keys(self, item: dict, allowed: set[str], at: str) -> None:
        for key in item:
            if key not in allowed:
                self.error(_join(at, str(key)), "unknown field (a typo?)")

    def items(self, data: dict, key: str) -> Iterator[dict]:
        """The mappings in list `key`; reports a missing list and items that are not mappings."""
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.error(key, "missing or not a list" if not isinstance(value, list) else "is empty")
            return
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield item
            else:
                self.error(f"{key}[{i}]", f"expected a mapping, got {type(item).__name__}")

    def text(self, item: dict, key: str, at: str, required: bool = True,
             single_line: bool = True) -> str | None:
        path = _join(at, key)
        if key not in item or item[key] is None:
            if required:
                self.error(path, "missing")
            return None
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"expected a text, got {type(value).__name__}")
            return None
        value = str(value).strip()
        if not value and required:
            self.error(path, "is empty")
            return None
        if single_line and "\n" in value:
            self.error(path, "must be one line")
        return value

    def text_list(self, item: dict, key: str, at: str, required: bool = True,
                  unique: bool = False) -> list[str] | None:
        path = _join(at, key)
        if key not in item or item[key] is None:
            if required:
                self.error(path, "missing")
            return None
        value = item[key]
        if not isinstance(value, list):
            self.error(path, f"expected a list of texts, got {type(value).__name__}")
            return None
        if required and not value:
            self.error(path, "is empty")
        result: list[str] = []
        for i, entry in enumerate(value):
            if isinstance(entry, bool) or not isinstance(entry, (str, int, float)) \
                    or not str(entry).strip():
                self.error(f"{path}[{i}]", "expected a non-empty text")
                continue
            text = str(entry).strip()
            if unique and text in result:
                self.error(f"{path}[{i}]", f"duplicate '{text}'")
            result.append(text)
        return result

    def code(self, item: dict, at: str, seen: set[str]) -> str | None:
        code = self.text(item, "code", at)
        if code is None:
            return None
        if not CODE_RE.match(code):
            self.error(f"{at}.code", f"'{code}' must be lowercase letters, digits and '-'")
            return None
        if code in seen:
            self.error(f"{at}.code", f"duplicate code '{code}'")
            return None
        seen.add(code)
        return code

    def choice(self, item: dict, key: str, at: str, allowed: Iterable[str]) -> str | None:
        value = self.text(item, key, at)
        allowed = list(allowed)
        if value is not None and value not in allowed:
            shown = ", ".join(allowed[:8]) + (" …" if len(allowed) > 8 else "")
            self.error(_join(at, key), f"unknown value '{value}' (expected one of: {shown})")
            return None
        return value

    def number(self, item: dict, key: str, at: str, low: float, high: float,
               required: bool = True) -> float | None:
        path = _join(at, key)
        value: Any = item.get(key)
        if value is None:
            if required:
                self.error(path, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(path, f"expected a number, got {type(value).__name__}")
            return None
        if not low <= value <= high:
            self.error(path, f"{value} is out of range {low}..{high}")
            return None
        return float(value)

    def day(self, item: dict, key: str, at: str) -> str | None:
        """A date (YAML date or YYYY-MM-DD text), returned as ISO text."""
        path = _join(at, key)
        value = item.get(key)
        if value is None:
            self.error(path, "missing")
            return None
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.error(path, f"expected a date like 2026-11-29, got '{value}'")
            return None


def open_yaml(root: Path, relative: str, errors: list[str]) -> tuple[FileChecker, Any]:
    """Parse `root/relative`; a missing file or bad YAML becomes an error (and None)."""
    checker = FileChecker(relative, errors)
    path = root / relative
    if not path.is_file():
        checker.error("(file)", "file is missing")
        return checker, None
    try:
        return checker, yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        checker.error("(file)", yaml_problem(exc))
        return checker, None
