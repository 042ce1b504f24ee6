"""`flask kb check` for the files the bot's own loaders read: themes.yaml, need_words.yaml, safety.yaml.

The checks are the loaders' own (bot.themes.read_themes_file, bot.needs.fields.read_need_words),
so the check and the load can never disagree; on top, what only the whole directory can tell:
a theme for a group that is not in groups.yaml is never pushed, and need words of a field no
group has can never send a need to a group. Each error reads "file: field: message".
"""
from __future__ import annotations

from pathlib import Path

from bot.needs.fields import WORDS_FILE, NeedWordsError, read_need_words
from bot.safety.words import WORDS_FILE as SAFETY_FILE
from bot.safety.words import SafetyWordsError, read_safety_words
from bot.themes import ThemeDataError, read_themes_file

THEMES_FILE = "themes.yaml"  # optional: `kb load` skips it when missing


def _file_error(message: str, file: str) -> str:
    """The loaders' messages already read "file: field: message"; make sure of it."""
    return message if message.startswith(f"{file}: ") else f"{file}: (file): {message}"


def check_benefits(root: Path, guide_ids: set[str], errors: list[str]) -> None:
    """benefits.yaml (政策找人), by its loader's checks; its guides must exist (`guide_ids`)."""
    from bot.benefits import RULES_FILE, BenefitsDataError, read_rules

    path = root / RULES_FILE
    if not path.is_file():
        return
    try:
        read_rules(path, guide_ids or None)
    except BenefitsDataError as exc:
        errors.append(_file_error(str(exc), RULES_FILE))


def check_themes(root: Path, group_codes: set[str], errors: list[str]) -> None:
    """themes.yaml, by its loader's checks; its groups must be in groups.yaml (`group_codes`)."""
    path = root / THEMES_FILE
    if not path.is_file():
        return
    try:
        data = read_themes_file(path)
    except ThemeDataError as exc:
        errors.append(_file_error(str(exc), THEMES_FILE))
        return
    for code in data:
        if group_codes and code not in group_codes:
            errors.append(f"{THEMES_FILE}: groups.{code}: unknown group code (not in groups.yaml)")


def check_need_words(root: Path, fields: list[str], errors: list[str]) -> None:
    """need_words.yaml, by its loader's checks; its fields must be groups' fields (`fields`)."""
    path = root / WORDS_FILE
    if not path.is_file():
        errors.append(f"{WORDS_FILE}: (file): file is missing")
        return
    try:
        pairs = read_need_words(path)
    except NeedWordsError as exc:
        errors.append(_file_error(str(exc), WORDS_FILE))
        return
    if not fields:
        return  # groups.yaml has errors of its own
    for field in dict.fromkeys(f for _, f in pairs):
        if field not in fields:
            errors.append(f"{WORDS_FILE}: fields.{field}: unknown field (groups.yaml has: "
                          f"{', '.join(fields)})")


def check_safety_words(root: Path, errors: list[str]) -> None:
    """The danger word lists (bot/safety/words.py reads them the same way)."""
    path = root / SAFETY_FILE
    if not path.is_file():
        errors.append(f"{SAFETY_FILE}: (file): file is missing")
        return
    try:
        read_safety_words(path)
    except SafetyWordsError as exc:
        errors.extend(_file_error(line, SAFETY_FILE) for line in str(exc).splitlines())
