"""Turning what was found in a message into scored (intent, guide) candidates.

Evidence per guide and per intent: the weights of the words found (the strongest counts in
full, each further word half as much as the one before, so a long story does not pile up
points), plus the best combo whose ideas all appear, plus patterns, plus negative cues, plus the
similarity to the lexicon's example phrasings (rapidfuzz over corrected text, so typos and
dialect are already folded), plus long official names written with a slip (rapidfuzz).

Candidates: (guide, g) = evidence(g) + a little for how-to words; (errand, g) when errand cues
come with a clearly named matter, else (errand, None); every other intent on its own evidence.
Strong cues of a service carry more weight than one matter's name, which is why "宅基地纠纷"
goes to mediation while "宅基地怎么申请" stays a guide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .lexicon import Lexicon
from .match import PINYIN_FACTOR, Hit, Scan, target_key
from .normalize import normalize
from .regex_firsts import firsts

HOWTO_CAP = 0.5  # how-to words ("怎么办", "要啥材料") only help choose among guides
ERRAND_NAMED_GUIDE = 0.6  # evidence a matter needs before an errand is filed under it
ERRAND_ALONE_BONUS = 0.2  # an errand naming no matter still beats nothing
ERRAND_OVER_GUIDE = 0.8  # errand evidence (a keyword, not a lone "帮我") needed to take over a matter
EXAMPLE_FLOOR = 55.0  # rapidfuzz similarity (0–100) under which an example says nothing
EXAMPLE_MIN_TEXT = 4  # a shorter text names a matter by its words only, never by likeness to an example
EXAMPLE_WEIGHT = 0.9  # evidence added by an identical example; scaled down to 0 at the floor
DECAY = 0.5  # each further word counts this fraction of the previous one
NAME_MIN_LENGTH = 5  # names this long can be recognised with one slip
NAME_CUTOFF = 80.0  # rapidfuzz partial_ratio for "nearly this name"
NAME_FACTOR = 0.8  # a nearly-written name counts a little less than a written one
IDENTITY_ALONE = 0.9  # "低保户的钱几号发": who they are is the matter when nothing else is named
OTHER_MATTER = 0.6  # evidence of another matter that turns identity words into background

ASKED_MATTER = 0.6  # a matter named right after 申请/办/问问 is what the villager asks for
# “申请个低保”“想办一下残疾证”“问问医疗救助”: the verb of asking just before a matter's name.
# Not “办了低保”“吃低保的” (done already, or who they are: the 了/的 keeps it background).
# “想吃个低保”“能吃上低保不”：吃 + 想/要/能 (or 个/上) asks for it; “吃低保的”“俺家吃低保” is who they are.
_ASK_BEFORE = re.compile(r"(申请|申报|办|办理|想办|要办|问问|问一下|打听|打听一下|咨询|咨询一下|想吃|要吃|能吃|能不能吃|够不够吃|够吃|吃个|吃上)"
                         r"(个|一个|一下|下|上)?$")
_NOT_ASKED_AFTER = ("的", "户", "家庭", "对象")

Label = tuple[str, "str | None"]


def asked_hits(scan: Scan) -> list[Hit]:
    """Hits naming a matter outright right after a verb of asking for it (see `_ASK_BEFORE`)."""
    asked = []
    for hit in scan.hits:
        if not any(k.startswith("guide:") and w >= NAMED for k, w in hit.surface.targets.items()):
            continue
        after = scan.normalized[hit.end:]
        # The verb may be part of the word itself (申请低保, 吃低保): "能吃低保不" asks, "俺家吃低保" is who they are.
        ends = range(hit.start, max(hit.start, hit.end - 2) + 1)
        if any(_ASK_BEFORE.search(scan.normalized[max(0, end - 6):end]) for end in ends) \
                and not after.startswith(_NOT_ASKED_AFTER):
            asked.append(hit)
    return asked


NAMED = 0.9  # a word this strong names its matter outright (an alias, keyword or colloquial form)

# A status's name (五保户, 特困户, 低保户) is who one is ("俺是五保户…能给翻修不": background) unless it is
# the whole question: "那五保户呢" "五保户咋办" "还有特困户呢" switch to that status's own matter.
# Identity words that say being or having (是五保, 有残疾证, 吃低保的) never name a matter this way.
_SWITCH_BEFORE = re.compile(r"^(那|那么|那要是|还有|再问问|问问|再问一下)?$")
_SWITCH_AFTER = re.compile(r"^(的事|这个|那个)?(呢)?(咋办|怎么办|咋弄|怎么弄|咋整|怎么整|咋申请|怎么申请|咋办理|怎么办理"
                           r"|申请|办理)?(呢|啊|呀|哩|嘞)?$")
_BEING_OR_HAVING = ("是", "有", "持", "拿", "吃", "属", "算")


def status_named(scan: Scan) -> set[str]:
    """The guides whose status's name is the whole question (see `_SWITCH_BEFORE`)."""
    named: set[str] = set()
    for hit in scan.hits:
        keys = [k for k in hit.surface.targets if k.startswith("identity:")]
        if not keys or hit.surface.text.startswith(_BEING_OR_HAVING):
            continue
        if _SWITCH_BEFORE.match(scan.normalized[:hit.start]) and _SWITCH_AFTER.match(scan.normalized[hit.end:]):
            named.update(k.split(":", 1)[1] for k in keys)
    return named


@dataclass(frozen=True)
class Evidence:
    guides: dict[str, float]
    intents: dict[str, float]
    named: frozenset[str] = frozenset()  # guides named outright: two of them make the message ambiguous


def combine(weights: list[float]) -> float:
    """Strongest word in full, the next ones with decaying weight."""
    total, factor = 0.0, 1.0
    for weight in sorted(weights, reverse=True):
        total += weight * factor
        factor *= DECAY
    return total


class ExampleIndex:
    """The lexicon's example phrasings (corrected like a message) for nearest-example similarity."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.texts = [text for text, _ in items]
        self.keys = [key for _, key in items]

    def similar(self, corrected: str, leave_out: bool = False) -> dict[str, float]:
        """target key → best similarity (0–1) of its examples, above the floor.

        `leave_out` ignores examples identical to the text (to check the lexicon on its own
        examples without each one finding itself).
        """
        if not corrected or not self.texts:
            return {}
        best: dict[str, float] = {}
        for text, score, index in process.extract(corrected, self.texts, scorer=fuzz.ratio,
                                                  limit=None, score_cutoff=EXAMPLE_FLOOR):
            if leave_out and text == corrected:
                continue
            key = self.keys[index]
            value = (score - EXAMPLE_FLOOR) / (100.0 - EXAMPLE_FLOOR)
            if value > best.get(key, 0.0):
                best[key] = value
        return best


class NameIndex:
    """Long official names (titles, aliases of five characters and more) for near-miss spelling.

    Pinyin finds sound-alike typos; this finds a dropped or wrong character in a long name
    ("居民养老保" → 居民养老保险, "最低生活保证" → 最低生活保障): rapidfuzz partial_ratio ≥ 80,
    which one slip in a five-character name still passes and a four-character one does not.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.names: list[str] = []
        self.meaning: list[tuple[str, float]] = []
        for entry in lexicon.guides.values():
            names = {entry.title: max(entry.words.values(), default=1.0)}
            names.update({w: v for w, v in entry.words.items() if v >= NAMED})
            for name, weight in names.items():
                clean = normalize(name)
                if len(clean) >= NAME_MIN_LENGTH:
                    self.names.append(clean)
                    self.meaning.append((target_key("guide", entry.id), weight))
        # A name sharing no character with the text scores 0 (no common subsequence): only the
        # names with a character of the text are compared (~1 in 5 for a villager's message).
        self._by_char: dict[str, list[int]] = {}
        for at, name in enumerate(self.names):
            for ch in set(name):
                self._by_char.setdefault(ch, []).append(at)

    def near(self, normalized: str, exact: set[str]) -> dict[str, float]:
        """guide key → weight of the best long name the text nearly contains (not exactly)."""
        best: dict[str, float] = {}
        if len(normalized) < NAME_MIN_LENGTH - 1:
            return best
        sharing = sorted({at for ch in set(normalized) for at in self._by_char.get(ch, ())})
        for name, score, picked in process.extract(normalized, [self.names[at] for at in sharing],
                                                   scorer=fuzz.partial_ratio, limit=None, score_cutoff=NAME_CUTOFF):
            if name in normalized or name in exact:
                continue  # written out in full: the surfaces have it already
            key, weight = self.meaning[sharing[picked]]
            best[key] = max(best.get(key, 0.0), weight * NAME_FACTOR)
        return best


class Scorer:
    """Evidence and candidates from a scan; the lexicon's combos and patterns compiled once."""

    def __init__(self, lexicon: Lexicon, examples: ExampleIndex) -> None:
        self.combos = [(target_key(e.kind, e.id), c) for e in lexicon.entries() for c in e.combos]
        self.patterns = [(target_key(e.kind, e.id), p) for e in lexicon.entries() for p in e.patterns]
        # Quick no's, exact: a combo needs its first idea among the message's, a pattern one of
        # the characters its match can start with (None: always tried).
        self._combos_by_first_idea: dict[str, list[int]] = {}
        for at, (_, combo) in enumerate(self.combos):
            self._combos_by_first_idea.setdefault(combo.ideas[0] if combo.ideas else "", []).append(at)
        self._pattern_firsts = [firsts(pattern.regex) for _, pattern in self.patterns]
        self._index_patterns()
        self.examples = examples
        self.names = NameIndex(lexicon)

    def evidence(self, scan: Scan, leave_out: bool = False) -> Evidence:
        positive: dict[str, list[float]] = {}
        negative: dict[str, float] = {}
        counted: set[tuple[str, str]] = set()
        named: set[str] = set()
        for hit in scan.hits:
            for key, weight in hit.surface.targets.items():
                if (hit.surface.canonical, key) in counted:
                    continue  # the same word twice in a story is one piece of evidence
                counted.add((hit.surface.canonical, key))
                if hit.by_pinyin:
                    weight *= PINYIN_FACTOR
                if key.startswith("guide:") and weight >= NAMED:
                    named.add(key.split(":", 1)[1])
                if weight < 0:
                    negative[key] = min(negative.get(key, 0.0), weight)
                else:
                    positive.setdefault(key, []).append(weight)
        exact = {hit.surface.canonical for hit in scan.hits}
        named_exactly = bool(named)
        for key, weight in self.names.near(scan.normalized, exact).items():
            if not any(key in hit.surface.targets for hit in scan.hits):
                positive.setdefault(key, []).append(weight)
                # A name only near the words (残疾人补贴 ~ 残疾人证) names no second matter beside one
                # named word for word: 请党员帮俺办个残疾人补贴 is no choice between the two.
                if weight >= NAMED and not named_exactly:
                    named.add(key.split(":", 1)[1])
        named |= status_named(scan)
        # The matter asked for is not background: its ideas (低保 as 特殊困难身份) do not feed
        # other matters' combos unless another word carries them too.
        asked = asked_hits(scan)
        ideas = set(scan.ideas)
        if asked:
            ideas -= {i for h in asked for i in h.surface.ideas} - {
                i for h in scan.hits if h not in asked for i in h.surface.ideas}
        asked_keys = {k for h in asked for k, w in h.surface.targets.items() if k.startswith("guide:") and w >= NAMED}
        best_combo: dict[str, float] = {}  # combos are alternative readings of one thing: the best counts
        for key, combo in self._possible_combos(ideas):
            if combo.weight > best_combo.get(key, 0.0) and all(idea in ideas for idea in combo.ideas):
                best_combo[key] = combo.weight
        for key, weight in best_combo.items():
            positive.setdefault(key, []).append(weight)
        for key, pattern in self._possible_patterns(scan.corrected):
            if pattern.regex.search(scan.corrected):
                positive.setdefault(key, []).append(pattern.weight)
        for key, similarity in self.examples.similar(scan.corrected, leave_out).items():
            if len(scan.corrected) < EXAMPLE_MIN_TEXT and key.startswith("guide:"):
                continue  # "怎么办" alone is 60% like "社保卡怎么办理": a matter is named by its words
            positive.setdefault(key, []).append(EXAMPLE_WEIGHT * similarity)
        guides: dict[str, float] = {}
        intents: dict[str, float] = {}
        identity: dict[str, float] = {}
        for key in set(positive) | set(negative):
            kind, ident = key.split(":", 1)
            value = combine(positive.get(key, [])) + negative.get(key, 0.0) + (ASKED_MATTER if key in asked_keys else 0.0)
            {"guide": guides, "intent": intents, "identity": identity}[kind][ident] = value
        other_matter = max(guides.values(), default=0.0) >= OTHER_MATTER
        for guide, value in identity.items():
            guides[guide] = guides.get(guide, 0.0) + (value if other_matter else max(value, IDENTITY_ALONE))
        return Evidence(guides, intents, frozenset(named))

    def _index_patterns(self) -> None:
        """Patterns by a character their match can start with; those it cannot tell, always."""
        self._patterns_by_first: dict[str, list[int]] = {}
        self._patterns_always: list[int] = []
        for at, starts in enumerate(self._pattern_firsts):
            if starts is None:
                self._patterns_always.append(at)
            for ch in starts or ():
                self._patterns_by_first.setdefault(ch, []).append(at)

    def _possible_patterns(self, text: str):
        """The patterns a match in `text` can start for, in the lexicon's order (the rest cannot match)."""
        index = self._patterns_by_first
        found = {*self._patterns_always, *(at for ch in set(text) & index.keys() for at in index[ch])}
        return [self.patterns[at] for at in sorted(found)]

    def _possible_combos(self, ideas: set[str]):
        """The combos whose first idea is there, in the lexicon's order (the rest cannot match)."""
        index = self._combos_by_first_idea
        found = [*index.get("", ()), *(at for idea in ideas for at in index.get(idea, ()))]
        return [self.combos[at] for at in sorted(found)]

    def candidates(self, evidence: Evidence) -> dict[Label, float]:
        """Raw scores of every (intent, guide) the evidence supports."""
        guides, intents = evidence.guides, evidence.intents
        howto = min(max(intents.get("guide", 0.0), 0.0), HOWTO_CAP)
        scores: dict[Label, float] = {}
        for guide, value in guides.items():
            if value > 0:
                scores[("guide", guide)] = value + howto
        errand = intents.get("errand", 0.0)
        if errand > 0:
            named = [g for g, v in guides.items() if v >= ERRAND_NAMED_GUIDE] if errand >= ERRAND_OVER_GUIDE else []
            for guide in named:
                scores[("errand", guide)] = errand + guides[guide]
            alone = ERRAND_ALONE_BONUS if errand >= ERRAND_OVER_GUIDE and not named else 0.0
            scores[("errand", None)] = errand + alone
        for intent, value in intents.items():
            if intent not in ("guide", "errand") and value > 0:
                scores[(intent, None)] = value
        return scores
