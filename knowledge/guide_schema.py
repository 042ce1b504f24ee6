"""The guide files (明白纸): the 18 ids of CONTRACT.md and the fields each guide must have."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .checks import FileChecker, open_yaml

# CONTRACT.md's guide ids, in its order (the order of the list of matters in chat).
GUIDE_IDS: tuple[str, ...] = (
    "medical-reimbursement", "dibao", "disability-subsidy", "funeral-subsidy",
    "medical-insurance-enrollment", "pension-insurance", "elderly-allowance",
    "disability-certificate", "temporary-assistance", "extreme-poverty-support", "homestead",
    "dilapidated-housing", "farmland-subsidy", "medical-assistance", "newborn-hukou", "id-card",
    "social-security-card", "family-planning-assistance",
)
GUIDE_TEXT_FIELDS = ("id", "title", "summary", "time_limit", "phone", "cost")
GUIDE_LIST_FIELDS = ("who", "materials", "steps", "policy")
GUIDE_FIELDS = GUIDE_TEXT_FIELDS + GUIDE_LIST_FIELDS + ("where", "checked", "sample")
# Fields whose content may be marked as sample (to be confirmed by the county).
SAMPLE_MARKABLE = frozenset(GUIDE_FIELDS) - {"id", "checked", "sample"}


def read_guides(root: Path, townships: list[str],
                errors: list[str]) -> tuple[dict[str, dict], dict[str, str]]:
    """Every valid guide in `root/guides` (id → data, id → relative file); errors go to `errors`."""
    guides: dict[str, dict] = {}
    files_by_id: dict[str, str] = {}
    folder = root / "guides"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in files:
        relative = f"guides/{path.name}"
        checker, raw = open_yaml(root, relative, errors)
        guide = check_guide(checker, raw, path.stem, townships)
        if guide is not None:
            guides[guide["id"]] = guide
            files_by_id[guide["id"]] = relative
    missing = [gid for gid in GUIDE_IDS if gid not in guides]
    if missing:
        FileChecker("guides/", errors).error(
            "(count)", f"{len(guides)} valid guides of {len(GUIDE_IDS)}; "
                       f"missing or invalid: {', '.join(missing)}")
    return guides, files_by_id


def check_guide(checker: FileChecker, raw: Any, stem: str, townships: list[str]) -> dict | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        checker.error("(file)", "expected a mapping of guide fields")
        return None
    before = len(checker.errors)
    checker.unknown_keys(raw, set(GUIDE_FIELDS), "")
    guide: dict[str, Any] = {}
    for name in GUIDE_TEXT_FIELDS:
        guide[name] = checker.text(raw, name, "", single_line=name != "time_limit")
    for name in GUIDE_LIST_FIELDS:
        guide[name] = checker.text_list(raw, name, "")
    gid = guide["id"]
    if gid is not None and gid not in GUIDE_IDS:
        checker.error("id", f"unknown guide id '{gid}' (CONTRACT.md lists {len(GUIDE_IDS)} ids)")
    elif gid is not None and gid != stem:
        checker.error("id", f"'{gid}' does not match the file name '{stem}.yaml'")
    guide["where"] = check_where(checker, raw.get("where"), townships)
    guide["checked"] = checker.day(raw, "checked", "")
    sample = checker.text_list(raw, "sample", "", required=False) or []
    for i, name in enumerate(sample):
        if name not in SAMPLE_MARKABLE:
            checker.error(f"sample[{i}]", f"'{name}' is not a guide field that can be sample")
    guide["sample"] = sample
    return guide if len(checker.errors) == before else None


def check_where(checker: FileChecker, raw: Any, townships: list[str]) -> dict | None:
    if raw is None:
        checker.error("where", "missing")
        return None
    if not isinstance(raw, dict):
        checker.error("where", "expected a mapping with default and townships, "
                               f"got {type(raw).__name__}")
        return None
    checker.unknown_keys(raw, {"default", "townships"}, "where")
    default = checker.text(raw, "default", "where")
    overrides = raw.get("townships") or {}
    if not isinstance(overrides, dict):
        checker.error("where.townships", "expected a mapping of township → place")
        overrides = {}
    for name, place in overrides.items():
        if townships and name not in townships:
            checker.error(f"where.townships.{name}", "unknown township (not in areas.yaml)")
        if not isinstance(place, str) or not place.strip():
            checker.error(f"where.townships.{name}", "expected a text")
    return {"default": default, "townships": {str(k): str(v) for k, v in overrides.items()}}
