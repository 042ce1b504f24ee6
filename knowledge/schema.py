"""Reads and validates the knowledge files; every error names the file and the field.

A knowledge directory holds `guides/<guide-id>.yaml` (the 18 明白纸 of CONTRACT.md),
`areas.yaml` (townships, areas, villages), `groups.yaml` (party-representative groups) and
`canteens.yaml` (暖心食堂); `themes.yaml` and `need_words.yaml` are checked by their own loaders
(see bot_files.py). `read_knowledge(directory)` returns what it read and the list of
errors, e.g. ``guides/dibao.yaml: steps: expected a list of texts, got str``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import KNOWLEDGE_DIR

from .checks import FileChecker, open_yaml
from .guide_schema import GUIDE_IDS, read_guides  # noqa: F401  (GUIDE_IDS re-exported)

DEFAULT_DIRECTORY = KNOWLEDGE_DIR

GROUP_LEVELS = ("county", "township")
FILE_META = {"sample": bool, "note": str, "checked": (date, str)}


@dataclass
class AreaRow:
    code: str
    name: str
    township: str
    phone: str = ""


@dataclass
class VillageRow:
    name: str
    area: str
    aliases: list[str]
    lat: float | None
    lon: float | None


@dataclass
class GroupRow:
    code: str
    name: str
    field: str
    level: str
    township: str
    areas: list[str]  # expanded area codes
    keywords: list[str]
    description: str = ""


@dataclass
class CanteenRow:
    code: str
    name: str
    village: str
    address: str
    hours: str
    eligibility: str
    price: str
    phone: str
    lat: float | None
    lon: float | None


@dataclass
class KnowledgeBase:
    directory: Path
    guides: dict[str, dict] = field(default_factory=dict)  # id → data (checked as ISO text)
    guide_files: dict[str, str] = field(default_factory=dict)  # id → relative path
    townships: list[str] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)
    villages: list[VillageRow] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    canteens: list[CanteenRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"areas": len(self.areas), "villages": len(self.villages),
                "guides": len(self.guides), "groups": len(self.groups),
                "canteens": len(self.canteens)}


class KnowledgeError(Exception):
    """The knowledge files have errors; `errors` lists them (file: field: message)."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s) in the knowledge files:\n" + "\n".join(errors))
        self.errors = errors


def read_knowledge(directory: Path | str | None = None) -> tuple[KnowledgeBase, list[str]]:
    """Read every knowledge file in `directory`; return the knowledge and the errors found."""
    root = Path(directory) if directory else DEFAULT_DIRECTORY
    kb, errors = KnowledgeBase(directory=root), []
    _read_areas(root, kb, errors)
    kb.guides, kb.guide_files = read_guides(root, kb.townships, errors)
    _read_groups(root, kb, errors)
    _read_canteens(root, kb, errors)
    from .bot_files import check_benefits, check_need_words, check_safety_words, check_themes  # imports bot/

    check_themes(root, {g.code for g in kb.groups}, errors)
    check_need_words(root, kb.fields, errors)
    check_safety_words(root, errors)
    check_benefits(root, set(kb.guides), errors)
    return kb, errors


def load_valid(directory: Path | str | None = None) -> KnowledgeBase:
    kb, errors = read_knowledge(directory)
    if errors:
        raise KnowledgeError(errors)
    return kb


def _top(checker: FileChecker, data: Any, lists: tuple[str, ...]) -> dict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        checker.error("(file)", f"expected a mapping with {', '.join(lists)}")
        return None
    checker.unknown_keys(data, set(lists) | set(FILE_META), "")
    for key, kind in FILE_META.items():
        if key in data and not isinstance(data[key], kind):
            checker.error(key, "has the wrong type")
    return data


def _read_areas(root: Path, kb: KnowledgeBase, errors: list[str]) -> None:
    checker, raw = open_yaml(root, "areas.yaml", errors)
    data = _top(checker, raw, ("townships", "areas", "villages"))
    if data is None:
        return
    kb.townships = checker.text_list(data, "townships", "townships", unique=True) or []
    codes: set[str] = set()
    for i, item in enumerate(checker.items(data, "areas")):
        at = f"areas[{i}]"
        checker.unknown_keys(item, {"code", "name", "township", "phone"}, at)
        code = checker.code(item, at, codes)
        name = checker.text(item, "name", at)
        township = checker.choice(item, "township", at, kb.townships)
        phone = checker.text(item, "phone", at, required=False) or ""
        if code and name and township:
            kb.areas.append(AreaRow(code, name, township, phone))
    names: dict[str, str] = {}  # village name or alias → village
    seen_names: set[str | None] = set()
    used_areas: set[str] = set()
    for i, item in enumerate(checker.items(data, "villages")):
        at = f"villages[{i}]"
        checker.unknown_keys(item, {"name", "area", "aliases", "lat", "lon"}, at)
        name = checker.text(item, "name", at)
        area = checker.choice(item, "area", at, sorted(codes))
        aliases = checker.text_list(item, "aliases", at, required=False) or []
        lat = checker.number(item, "lat", at, -90, 90, required=False)
        lon = checker.number(item, "lon", at, -180, 180, required=False)
        if name and name in seen_names:
            checker.error(f"{at}.name", f"duplicate village name '{name}'")
            continue
        seen_names.add(name)
        if len(" ".join(aliases)) > 200:
            checker.error(f"{at}.aliases", "too long (more than 200 characters in all)")
        for label in ([name] if name else []) + aliases:
            if label in names and names[label] != name:
                checker.error(f"{at}.name" if label == name else f"{at}.aliases",
                              f"'{label}' is already used by village '{names[label]}'")
            names[label] = name or ""
        if name and area:
            used_areas.add(area)
            kb.villages.append(VillageRow(name, area, aliases, lat, lon))
    for i, area_row in enumerate(kb.areas):
        if area_row.code not in used_areas:
            checker.error(f"areas[{i}].code", f"no village belongs to area '{area_row.code}'")


def _expand_areas(checker: FileChecker, raw: Any, at: str, township: str,
                  kb: KnowledgeBase) -> list[str]:
    all_codes = [a.code for a in kb.areas]
    if raw == "all":
        return all_codes
    if raw == "township":
        found = [a.code for a in kb.areas if a.township == township]
        if not found:
            checker.error(f"{at}.areas", f"no area lies in township '{township}'")
        return found
    if not isinstance(raw, list) or not raw:
        checker.error(f"{at}.areas", "expected 'all', 'township' or a list of area codes")
        return []
    for code in raw:
        if code not in all_codes:
            checker.error(f"{at}.areas", f"unknown area '{code}' (not in areas.yaml)")
    return [str(c) for c in raw]


def _read_groups(root: Path, kb: KnowledgeBase, errors: list[str]) -> None:
    checker, raw = open_yaml(root, "groups.yaml", errors)
    data = _top(checker, raw, ("fields", "groups"))
    if data is None:
        return
    kb.fields = checker.text_list(data, "fields", "fields", unique=True) or []
    codes: set[str] = set()
    for i, item in enumerate(checker.items(data, "groups")):
        at = f"groups[{i}]"
        checker.unknown_keys(item, {"code", "name", "field", "level", "township", "areas",
                                    "keywords", "description"}, at)
        code = checker.code(item, at, codes)
        name = checker.text(item, "name", at)
        group_field = checker.choice(item, "field", at, kb.fields)
        level = checker.choice(item, "level", at, list(GROUP_LEVELS))
        township = ""
        if level == "township":
            township = checker.choice(item, "township", at, kb.townships) or ""
        elif "township" in item:
            checker.error(f"{at}.township", "only township-level groups have a township")
        areas = _expand_areas(checker, item.get("areas"), at, township, kb)
        keywords = checker.text_list(item, "keywords", at, required=False) or []
        description = checker.text(item, "description", at, required=False) or ""
        if code and name and group_field and level:
            kb.groups.append(GroupRow(code, name, group_field, level, township, areas,
                                      keywords, description))


def _read_canteens(root: Path, kb: KnowledgeBase, errors: list[str]) -> None:
    checker, raw = open_yaml(root, "canteens.yaml", errors)
    data = _top(checker, raw, ("canteens",))
    if data is None:
        return
    villages = [v.name for v in kb.villages]
    codes: set[str] = set()
    for i, item in enumerate(checker.items(data, "canteens")):
        at = f"canteens[{i}]"
        checker.unknown_keys(item, {"code", "name", "village", "address", "hours",
                                    "eligibility", "price", "phone", "lat", "lon"}, at)
        code = checker.code(item, at, codes)
        texts = {k: checker.text(item, k, at) for k in
                 ("name", "address", "hours", "eligibility", "price", "phone")}
        village = checker.choice(item, "village", at, villages)
        lat = checker.number(item, "lat", at, -90, 90, required=False)
        lon = checker.number(item, "lon", at, -180, 180, required=False)
        if code and village and all(texts.values()):
            kb.canteens.append(CanteenRow(code=code, village=village, lat=lat, lon=lon, **texts))
