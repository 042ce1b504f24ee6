"""Reading knowledge/safety.yaml (the danger word lists cadres can read) into checked, compiled rules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.config import knowledge_path
from bot.nlu.normalize import normalize
from bot.yaml_files import read_yaml_file

WORDS_FILE = "safety.yaml"
DEFAULT_PATH = knowledge_path(WORDS_FILE)
GAP = "…"  # in a word: up to GAP_CHARS characters in between ("掉…井" finds 掉进了井)
GAP_CHARS = 6
DEFAULT_PAIR_GAP = 8
WEAK_WEIGHT = 0.4
NUMBER_RE = re.compile(r"^\d{3,5}$")
PASSIVE = "被"
# Villagers say 叫/让/给 where writing says 被 (孩子叫人抱走了): a danger word written with 被 and at
# least two characters after it is also found with these.
SPOKEN_PASSIVES = ("叫", "让", "给")
# Villagers pad a short 没 with 有/啥/什么 (没呼吸 → 没有呼吸, 没盼头 → 没啥盼头, 没上来 → 没有上来),
# or with 见/再, "seen"/"again" (没冒头 → 没见冒头, 没上来 → 没再上来): a danger word that starts with 没
# is also found padded.
SPOKEN_NEGATION_FILLERS = ("有", "啥", "什么", "见", "再")
AROUND_SPAN = 20  # an `around` cue's two words stand at most this far apart


class SafetyWordsError(Exception):
    """safety.yaml cannot be used; the message reads "safety.yaml: field: what is wrong"."""


@dataclass(frozen=True)
class Pair:
    first: tuple[str, ...]
    second: tuple[str, ...]
    gap: int = DEFAULT_PAIR_GAP
    weight: float = 1.0
    not_between: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()  # a thing right before the first word is what it is about (手机掉到井里)
    at_end: bool = False  # the later word ends the message, a cry (快来 俺爹), not a sentence (快来 俺娘包了饺子)


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    number: str
    first_line: str
    advice: str = ""
    weight: float = 1.0
    words: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    danger_now: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cue:
    name: str
    weight: float
    words: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # empty: every kind
    around: bool = False  # counts only with a danger word between its two halves (要是…晕倒了…咋办)
    unless: tuple[str, ...] = ()  # does not count when one of these stands in the message (想住养老院 … 不想活了)
    # does not count when one of these stands after it with a danger word after that (去年着过火 今天又着了)
    until: tuple[str, ...] = ()
    # counts only this close after the end of a danger word (着火的那家 / 喝药的事); 0: anywhere
    follows: int = 0
    # does not count when one of these stands before the end of the last danger word: the one it
    # happened to is named in the telling (俺爹叫蛇咬了咋办 先问问), not in a remark after it
    unless_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class SafetyWords:
    threshold: float
    kinds: tuple[Kind, ...]
    cues: tuple[Cue, ...]
    negations: tuple[str, ...]
    masks: tuple[str, ...]
    vocabulary: frozenset[str] = field(default_factory=frozenset)  # literal words, for typo repair
    # dialect words read as the written word of the same length before anything else (迷瞪 → 迷糊)
    dialect: tuple[tuple[str, str], ...] = ()

    def kind(self, kind_id: str) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)


def term_pattern(term: str) -> str:
    """A word as a regular expression: literal, with "…" standing for a few characters."""
    return f".{{0,{GAP_CHARS}}}".join(re.escape(part) for part in term.split(GAP))


class _Reader:
    def __init__(self, data: dict):
        self.data = data
        self.errors: list[str] = []
        self.groups: dict[str, tuple[str, ...]] = {}

    def error(self, at: str, message: str) -> None:
        self.errors.append(f"{WORDS_FILE}: {at}: {message}")

    def terms(self, value: Any, at: str, expand: bool = True, spoken: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.error(at, "expected a non-empty list of words")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, (str, int)) or not str(item).strip():
                self.error(f"{at}[{i}]", "expected a word")
                continue
            text = str(item).strip()
            if text.startswith("@") and expand:
                if text[1:] not in self.groups:
                    self.error(f"{at}[{i}]", f"unknown group {text} (groups has: {', '.join(self.groups)})")
                out.extend(self.groups.get(text[1:], ()))
                continue
            word = GAP.join(normalize(part) for part in text.split(GAP))
            if not word.strip(GAP):
                self.error(f"{at}[{i}]", f"{text!r} has no letters or digits")
                continue
            out.append(word)
            if spoken and PASSIVE in word and len(word) - word.index(PASSIVE) > 2:
                out += [word.replace(PASSIVE, marker, 1) for marker in SPOKEN_PASSIVES]
            if spoken and word.startswith("没") and len(word) >= 2 and word[1] not in "有啥什见再" + GAP:
                out += [f"没{filler}{word[1:]}" for filler in SPOKEN_NEGATION_FILLERS]
        return tuple(dict.fromkeys(out))

    def number(self, value: Any, at: str, default: float, low: float, high: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.error(at, f"expected a number from {low} to {high}")
            return default
        return float(value)

    def pair(self, raw: Any, at: str) -> Pair | None:
        if not isinstance(raw, dict):
            self.error(at, "expected a mapping with a, b (and gap, weight, not_between, not_before, at_end)")
            return None
        for key in raw:
            if key not in ("a", "b", "gap", "weight", "not_between", "not_before", "at_end"):
                self.error(f"{at}.{key}", "unknown field (a typo?)")
        gap = raw.get("gap", DEFAULT_PAIR_GAP)
        if isinstance(gap, bool) or not isinstance(gap, int) or not 0 <= gap <= 30:
            self.error(f"{at}.gap", "expected a whole number from 0 to 30")
            gap = DEFAULT_PAIR_GAP
        between = self.terms(raw["not_between"], f"{at}.not_between") if "not_between" in raw else ()
        before = self.terms(raw["not_before"], f"{at}.not_before") if "not_before" in raw else ()
        at_end = raw.get("at_end", False)
        if not isinstance(at_end, bool):
            self.error(f"{at}.at_end", "expected true or false")
        return Pair(self.terms(raw.get("a"), f"{at}.a", spoken=True), self.terms(raw.get("b"), f"{at}.b", spoken=True), gap,
                    self.number(raw.get("weight"), f"{at}.weight", 1.0, 0.1, 3.0), between, before, at_end is True)

    def dialect(self, raw: Any) -> tuple[tuple[str, str], ...]:
        """Dialect word → written word, both of one length (the offsets of the message stay)."""
        if not isinstance(raw, dict):
            self.error("dialect", "expected a mapping of dialect word → written word")
            return ()
        out = []
        for said, written in raw.items():
            said, written = normalize(str(said)), normalize(str(written))
            if not said or len(said) != len(written):
                self.error(f"dialect.{said}", "expected a written word of the same length")
                continue
            out.append((said, written))
        return tuple(sorted(out, key=lambda pair: -len(pair[0])))

    def kind(self, raw: Any, at: str) -> Kind | None:
        if not isinstance(raw, dict):
            self.error(at, "expected a mapping")
            return None
        allowed = {"id", "label", "number", "first_line", "advice", "weight", "words", "weak", "pairs", "danger_now"}
        for key in raw:
            if key not in allowed:
                self.error(f"{at}.{key}", "unknown field (a typo?)")
        texts = {}
        for key in ("id", "label", "number", "first_line"):
            value = raw.get(key)
            if not isinstance(value, (str, int)) or not str(value).strip():
                self.error(f"{at}.{key}", "missing")
            texts[key] = str(value or "").strip()
        if texts["number"] and not NUMBER_RE.match(texts["number"]):
            self.error(f"{at}.number", "expected a phone number such as 119 or 12356")
        if texts["number"] and texts["number"] not in texts["first_line"]:
            self.error(f"{at}.first_line", f"must name the number {texts['number']} (it is the first thing read)")
        if not any(k in raw for k in ("words", "weak", "pairs")):
            self.error(at, "needs words, weak or pairs")
        pairs = raw.get("pairs") or []
        if not isinstance(pairs, list):
            self.error(f"{at}.pairs", "expected a list")
            pairs = []
        return Kind(
            id=texts["id"], label=texts["label"], number=texts["number"], first_line=texts["first_line"],
            advice=str(raw.get("advice") or "").strip(),
            weight=self.number(raw.get("weight"), f"{at}.weight", 1.0, 0.1, 3.0),
            words=self.terms(raw["words"], f"{at}.words", spoken=True) if "words" in raw else (),
            weak=self.terms(raw["weak"], f"{at}.weak", spoken=True) if "weak" in raw else (),
            pairs=tuple(p for i, r in enumerate(pairs) if (p := self.pair(r, f"{at}.pairs[{i}]"))),
            danger_now=self.terms(raw["danger_now"], f"{at}.danger_now") if "danger_now" in raw else ())

    def read(self) -> SafetyWords:
        data = self.data
        for key in data:
            if key not in ("sample", "checked", "note", "threshold", "groups", "kinds", "cues", "negations", "masks",
                           "dialect"):
                self.error(str(key), "unknown field (a typo?)")
        groups = data.get("groups") or {}
        if not isinstance(groups, dict):
            self.error("groups", "expected a mapping of group name → words")
            groups = {}
        for name, words in groups.items():
            # A group may name a group written above it (有人: [@亲人, 俺, 我]).
            self.groups[str(name)] = self.terms(words, f"groups.{name}")
        kinds_raw = data.get("kinds")
        if not isinstance(kinds_raw, list) or not kinds_raw:
            self.error("kinds", "missing or empty")
            kinds_raw = []
        kinds = tuple(k for i, r in enumerate(kinds_raw) if (k := self.kind(r, f"kinds[{i}]")))
        seen: set[str] = set()
        for k in kinds:
            if k.id in seen:
                self.error(f"kinds.{k.id}", "id used twice")
            seen.add(k.id)
        cues = []
        for name, raw in (data.get("cues") or {}).items():
            if not isinstance(raw, dict):
                self.error(f"cues.{name}", "expected a mapping with weight and words")
                continue
            for key in raw:
                if key not in ("weight", "words", "kinds", "around", "unless", "until", "follows", "unless_before"):
                    self.error(f"cues.{name}.{key}", "unknown field (a typo?)")
            only = tuple(str(k) for k in raw.get("kinds") or ())
            for kind_id in only:
                if kind_id not in seen:
                    self.error(f"cues.{name}.kinds", f"unknown kind {kind_id}")
            around = raw.get("around", False)
            if not isinstance(around, bool):
                self.error(f"cues.{name}.around", "expected true or false")
            terms = self.terms(raw.get("words"), f"cues.{name}.words")
            if around is True and any(term.count(GAP) != 1 for term in terms):
                self.error(f"cues.{name}.words", f"an around cue's words are two halves: 要是{GAP}咋办")
            unless = self.terms(raw["unless"], f"cues.{name}.unless") if "unless" in raw else ()
            until = self.terms(raw["until"], f"cues.{name}.until") if "until" in raw else ()
            follows = int(self.number(raw.get("follows"), f"cues.{name}.follows", 0, 0, 20))
            before = self.terms(raw["unless_before"], f"cues.{name}.unless_before") if "unless_before" in raw else ()
            cues.append(Cue(str(name), self.number(raw.get("weight"), f"cues.{name}.weight", 0.0, -3.0, 3.0),
                            terms, only, around is True, unless, until, follows, before))
        words = SafetyWords(
            threshold=self.number(data.get("threshold"), "threshold", 0.5, 0.05, 3.0),
            kinds=kinds, cues=tuple(cues),
            negations=self.terms(data.get("negations"), "negations"),
            masks=self.terms(data.get("masks"), "masks"), dialect=self.dialect(data.get("dialect") or {}))
        vocabulary = {w for k in kinds for w in (*k.words, *k.weak, *(t for p in k.pairs for t in (*p.first, *p.second)))}
        # A word with a gap also counts written without one (晕…过去 → 晕过去), so its typos are repaired.
        literal = {w.replace(GAP, "") for w in vocabulary}
        return SafetyWords(**{**words.__dict__, "vocabulary": frozenset(literal)})


def read_safety_words(path: Path | str = DEFAULT_PATH) -> SafetyWords:
    """The rules in `path`; SafetyWordsError listing every problem when the file is not usable."""
    data = read_yaml_file(Path(path), SafetyWordsError)
    if not isinstance(data, dict):
        raise SafetyWordsError(f"{WORDS_FILE}: (file): expected a mapping with kinds, cues, negations, masks")
    reader = _Reader(data)
    words = reader.read()
    if reader.errors:
        raise SafetyWordsError("\n".join(reader.errors))
    return words


@lru_cache(maxsize=4)
def safety_words(path: str | None = None) -> SafetyWords:
    """The process-wide rules (read once)."""
    return read_safety_words(Path(path) if path else DEFAULT_PATH)
