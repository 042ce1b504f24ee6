"""The benefits check's rules (`knowledge/benefits.yaml`): read and checked (`flask kb check` too)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import knowledge_path

RULES_FILE = "benefits.yaml"
BOOL_CONDITIONS = ("disability", "alone", "low_income", "farmland", "death", "birth")
AGE_CONDITIONS = ("age_at_least", "age_under")
NEXT_STEPS = ("guide", "errand", "visit")


class BenefitsDataError(ValueError):
    """The rules file has an error; the message reads "benefits.yaml: field: what"."""


@dataclass(frozen=True)
class Rule:
    guide: str
    when: dict
    reason: str
    next: str


def read_rules(path: Path | None = None, guide_ids: set[str] | None = None) -> list[Rule]:
    """The rules, checked; `guide_ids`: the guides that exist (unknown ones are errors)."""
    path = path or knowledge_path(RULES_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BenefitsDataError(f"{RULES_FILE}: (file): {exc}") from exc
    items = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise BenefitsDataError(f"{RULES_FILE}: rules: missing or empty")
    return [_rule(item, n, guide_ids) for n, item in enumerate(items)]


def _rule(item, n: int, guide_ids: set[str] | None) -> Rule:
    at = f"{RULES_FILE}: rules[{n}]"
    if not isinstance(item, dict) or set(item) - {"guide", "when", "reason", "next"}:
        raise BenefitsDataError(f"{at}: expected guide, when, reason, next")
    guide, when, reason, step = item.get("guide"), item.get("when"), item.get("reason"), item.get("next", "guide")
    if not isinstance(guide, str) or (guide_ids is not None and guide not in guide_ids):
        raise BenefitsDataError(f"{at}.guide: unknown guide {guide!r}")
    if not isinstance(when, dict) or not when:
        raise BenefitsDataError(f"{at}.when: missing conditions")
    for key, value in when.items():
        if key in AGE_CONDITIONS and isinstance(value, int) and not isinstance(value, bool) and 0 < value < 130:
            continue
        if key in BOOL_CONDITIONS and isinstance(value, bool):
            continue
        raise BenefitsDataError(f"{at}.when.{key}: unknown condition or bad value {value!r}")
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 60:
        raise BenefitsDataError(f"{at}.reason: missing or longer than 60 characters")
    if step not in NEXT_STEPS:
        raise BenefitsDataError(f"{at}.next: one of {', '.join(NEXT_STEPS)}")
    return Rule(guide, dict(when), reason.strip(), step)
