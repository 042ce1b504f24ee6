"""Loading and validating the routing lexicon (`knowledge/lexicon/*.yaml`).

Owns the data model a cadre edits: guides and intents with their word lists, weights, combos,
patterns and example phrasings; rewrites (typos, homophones, dialect), idea groups and blocked
phrases; fillers. Every error names the file and the field (`guides.yaml: guides[3].aliases[2]`)
so a cadre can fix it. Nothing here matches text; `match.py` compiles this into tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import knowledge_path
from knowledge.guide_schema import GUIDE_IDS  # CONTRACT.md's 18 ids, defined once

from .families import MAX_MATTERS, MIN_MATTERS, Family

DEFAULT_DIR = knowledge_path("lexicon")
FAMILIES_FILE = "matter_families.yaml"

INTENT_IDS = (
    "guide", "errand", "mediation", "volunteer", "need", "canteen", "theme", "affairs", "bind",
    "menu", "human", "cancel", "status", "unknown",
)
GUIDE_LISTS = ("aliases", "keywords", "colloquial", "hints", "identity")
INTENT_LISTS = ("strong", "keywords", "hints", "negative")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10× faster


class LexiconError(ValueError):
    """A lexicon file is missing, unreadable or has a bad field; the message says where."""


@dataclass(frozen=True)
class Combo:
    ideas: tuple[str, ...]  # idea names or literal words; all must appear
    weight: float


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern
    weight: float


@dataclass
class Entry:
    """One guide or intent: its evidence lists (word → weight), combos, patterns, examples."""

    kind: str  # "guide" | "intent"
    id: str
    title: str
    words: dict[str, float] = field(default_factory=dict)  # word → weight (negative cues < 0)
    identity: dict[str, float] = field(default_factory=dict)  # who the villager is (低保户), not the ask
    combos: list[Combo] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    guides: dict[str, Entry]
    intents: dict[str, Entry]
    rewrites: dict[str, str]  # variant → canonical
    ideas: dict[str, tuple[str, ...]]  # idea name → words
    idea_patterns: dict[str, re.Pattern]
    blocked: tuple[str, ...]
    fillers: tuple[str, ...]
    # Words several matters share (补贴, 医保, 救助): alone they name none of them, so the bot asks
    # which one (matter_families.yaml, bot/nlu/families.py) instead of showing the menu.
    families: tuple[Family, ...] = ()

    def entries(self) -> list[Entry]:
        return list(self.guides.values()) + list(self.intents.values())


# A cadre's assignment from the admin board (bot/lexicon_store.py): phrasings the bot did not
# understand, added as examples of one guide or intent: ("guide" | "intent", id, (phrasings…)).
Addition = tuple[str, str, tuple[str, ...]]


def load_lexicon(directory: Path | str | None = None, additions: tuple[Addition, ...] = ()) -> Lexicon:
    """Read and validate the four lexicon files, with the cadres' added examples put into them
    first (so they pass the very same checks); raise LexiconError naming file and field."""
    root = Path(directory) if directory else DEFAULT_DIR
    guides_doc = _read(root, "guides.yaml")
    intents_doc = _read(root, "intents.yaml")
    synonyms_doc = _read(root, "synonyms.yaml")
    fillers_doc = _read(root, "fillers.yaml")
    families_doc = _read(root, FAMILIES_FILE)
    for n, (kind, ident, phrasings) in enumerate(additions):
        _add_examples(guides_doc if kind == "guide" else intents_doc, kind, ident, phrasings, n)

    guides = _entries(guides_doc, "guides.yaml", "guides", "guide", GUIDE_LISTS, GUIDE_IDS)
    intents = _entries(intents_doc, "intents.yaml", "intents", "intent", INTENT_LISTS, INTENT_IDS)

    rewrites: dict[str, str] = {}
    for canonical, variants in _mapping(synonyms_doc, "synonyms.yaml", "rewrite").items():
        where = f"synonyms.yaml: rewrite.{canonical}"
        _text(canonical, "synonyms.yaml", "rewrite (a key)")
        for i, variant in enumerate(_list(variants, where)):
            variant = _text(variant, where, f"[{i}]")
            if variant in rewrites and rewrites[variant] != canonical:
                raise LexiconError(f"{where}[{i}]: '{variant}' already rewrites to '{rewrites[variant]}'")
            rewrites[variant] = str(canonical)
    ideas = {
        str(name): tuple(_text(w, f"synonyms.yaml: ideas.{name}", f"[{i}]")
                         for i, w in enumerate(_list(words, f"synonyms.yaml: ideas.{name}")))
        for name, words in _mapping(synonyms_doc, "synonyms.yaml", "ideas").items()
    }
    idea_patterns = {
        str(name): _regex(rx, f"synonyms.yaml: idea_patterns.{name}")
        for name, rx in _mapping(synonyms_doc, "synonyms.yaml", "idea_patterns", required=False).items()
    }
    blocked = tuple(_text(w, "synonyms.yaml: blocked", f"[{i}]")
                    for i, w in enumerate(_list(synonyms_doc.get("blocked", []), "synonyms.yaml: blocked")))
    fillers = tuple(_text(w, "fillers.yaml: fillers", f"[{i}]")
                    for i, w in enumerate(_list(fillers_doc.get("fillers"), "fillers.yaml: fillers")))
    return Lexicon(guides, intents, rewrites, ideas, idea_patterns, blocked, fillers, _families(families_doc))


def _families(doc: dict) -> tuple[Family, ...]:
    """matter_families.yaml → families: words (and patterns) several matters share, and those matters."""
    out = []
    for n, raw in enumerate(_list(doc.get("families"), f"{FAMILIES_FILE}: families")):
        where = f"{FAMILIES_FILE}: families[{n}]"
        if not isinstance(raw, dict):
            raise LexiconError(f"{where}: expected a mapping with words, guides (and patterns)")
        words = tuple(_text(w, f"{where}.words", f"[{i}]") for i, w in enumerate(_list(raw.get("words"), f"{where}.words")))
        patterns = tuple(_regex(p, f"{where}.patterns[{i}]") for i, p in enumerate(raw.get("patterns") or []))
        meant = tuple(_text(g, f"{where}.guides", f"[{i}]") for i, g in enumerate(_list(raw.get("guides"), f"{where}.guides")))
        bad = [g for g in meant if g not in GUIDE_IDS]
        if bad:
            raise LexiconError(f"{where}.guides: unknown guide id(s) {', '.join(bad)}")
        if not MIN_MATTERS <= len(meant) <= MAX_MATTERS:
            raise LexiconError(f"{where}.guides: name {MIN_MATTERS} to {MAX_MATTERS} matters (the bot offers them as choices)")
        out.append(Family(words, patterns, meant))
    return tuple(out)


def _add_examples(doc: dict, kind: str, ident: str, phrasings: tuple[str, ...], n: int) -> None:
    where = f"added[{n}] ({kind} {ident})"
    if kind not in ("guide", "intent"):
        raise LexiconError(f"{where}: kind must be guide or intent")
    items = doc.get("guides" if kind == "guide" else "intents")
    item = next((x for x in items or [] if isinstance(x, dict) and x.get("id") == ident), None)
    if item is None or ident == "unknown":
        raise LexiconError(f"{where}: no such {kind} to add examples to")
    if not isinstance(phrasings, (list, tuple)) or not phrasings:
        raise LexiconError(f"{where}: examples: at least one phrasing is needed")
    item["examples"] = list(item.get("examples") or []) + [_text(p, f"{where}.examples", f"[{i}]")
                                                          for i, p in enumerate(phrasings)]


def _read(root: Path, name: str) -> dict:
    path = root / name
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise LexiconError(f"{name}: file not found in {root}") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise LexiconError(f"{name}: must be a mapping at the top level")
    return doc


def _entries(doc: dict, file: str, key: str, kind: str, lists: tuple[str, ...],
             known: tuple[str, ...]) -> dict[str, Entry]:
    weights = _weights(doc, file, lists + ("combos", "patterns"))
    items = _list(doc.get(key), f"{file}: {key}")
    entries: dict[str, Entry] = {}
    for n, item in enumerate(items):
        where = f"{file}: {key}[{n}]"
        if not isinstance(item, dict):
            raise LexiconError(f"{where}: must be a mapping with id, title, …")
        ident = _text(item.get("id"), where, "id")
        where = f"{file}: {key}[{n}] ({ident})"
        if ident not in known:
            raise LexiconError(f"{where}.id: unknown {kind} id; expected one of {', '.join(known)}")
        if ident in entries:
            raise LexiconError(f"{where}.id: duplicate {kind} id")
        unknown_fields = set(item) - {"id", "title", "examples", "combos", "patterns", "strong_weight",
                                      "keywords_weight", "negative_weight", *lists}
        if unknown_fields:
            raise LexiconError(f"{where}: unknown field(s) {', '.join(sorted(unknown_fields))}")
        entry = Entry(kind, ident, _text(item.get("title"), where, "title"))
        for list_name in lists:
            weight = weights[list_name]
            if f"{list_name}_weight" in item:  # an intent may weigh its strong, keyword or negative cues apart
                weight = _number(item[f"{list_name}_weight"], where, f"{list_name}_weight")
            slot = entry.identity if list_name == "identity" else entry.words
            for i, word in enumerate(_list(item.get(list_name, []), f"{where}.{list_name}")):
                word = _text(word, f"{where}.{list_name}", f"[{i}]")
                if abs(weight) > abs(slot.get(word, 0.0)):
                    slot[word] = weight
        for i, combo in enumerate(_list(item.get("combos", []), f"{where}.combos")):
            entry.combos.append(_combo(combo, f"{where}.combos[{i}]", weights["combos"]))
        for i, pat in enumerate(_list(item.get("patterns", []), f"{where}.patterns")):
            entry.patterns.append(_pattern(pat, f"{where}.patterns[{i}]", weights["patterns"]))
        entry.examples = [_text(x, f"{where}.examples", f"[{i}]")
                          for i, x in enumerate(_list(item.get("examples", []), f"{where}.examples"))]
        entries[ident] = entry
    missing = [k for k in known if k not in entries and not (kind == "intent" and k == "unknown")]
    if missing:
        raise LexiconError(f"{file}: {key}: missing {kind}(s) {', '.join(missing)}")
    return entries


def _weights(doc: dict, file: str, names: tuple[str, ...]) -> dict[str, float]:
    raw = doc.get("weights") or {}
    if not isinstance(raw, dict):
        raise LexiconError(f"{file}: weights: must be a mapping")
    unknown = set(raw) - set(names)
    if unknown:
        raise LexiconError(f"{file}: weights: unknown list name(s) {', '.join(sorted(unknown))}")
    missing = [n for n in names if n not in raw]
    if missing:
        raise LexiconError(f"{file}: weights: missing {', '.join(missing)}")
    return {n: _number(raw[n], f"{file}: weights", n) for n in names}


def _combo(raw: Any, where: str, default: float) -> Combo:
    if isinstance(raw, dict):
        ideas, weight = raw.get("all"), _number(raw.get("weight", default), where, "weight")
    else:
        ideas, weight = raw, default
    words = tuple(_text(w, where, f"[{i}]") for i, w in enumerate(_list(ideas, where)))
    if len(words) < 2:
        raise LexiconError(f"{where}: a combo needs at least two ideas")
    return Combo(words, weight)


def _pattern(raw: Any, where: str, default: float) -> Pattern:
    if isinstance(raw, dict):
        return Pattern(_regex(raw.get("re"), f"{where}.re"), _number(raw.get("weight", default), where, "weight"))
    return Pattern(_regex(raw, where), default)


def _regex(raw: Any, where: str) -> re.Pattern:
    if not isinstance(raw, str) or not raw:
        raise LexiconError(f"{where}: must be a regular expression (text)")
    try:
        return re.compile(raw)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regular expression: {exc}") from None


def _mapping(doc: dict, file: str, key: str, required: bool = True) -> dict:
    value = doc.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise LexiconError(f"{file}: {key}: must be a mapping")
    return value


def _list(value: Any, where: str) -> list:
    if value is None:
        raise LexiconError(f"{where}: missing (a list is expected)")
    if not isinstance(value, list):
        raise LexiconError(f"{where}: must be a list")
    return value


def _text(value: Any, where: str, name: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{where}.{name}: must be non-empty text" if not name.startswith("[")
                           else f"{where}{name}: must be non-empty text")
    return value.strip()


def _number(value: Any, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LexiconError(f"{where}.{name}: must be a number")
    return float(value)
