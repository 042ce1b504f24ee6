"""The router: text → RouteResult, with calibrated accept / ambiguous / unknown decisions.

Pipeline (built once per process by `get_router()`): normalise → cover with lexicon surfaces
(+ pinyin for typos) → evidence per guide and intent → (intent, guide) candidates → decision.

Decision rules (thresholds are on the calibrated score, 1 − e^(−K·raw), so one strong word of a
matter with a question word lands near 0.9 and a lone weak hint at 0.37–0.41):
- best below `FLOOR` → intent "unknown" (the candidates are kept for a "did you mean"), unless
  a word several matters share is there and nothing else ("补贴咋领", "医保"): then intent
  "guide" with no guide, ambiguous, its matters as candidates (the bot asks which one);
- the runner-up within `AMBIGUITY_RATIO` of the best (raw), for a different matter or service,
  or two matters both named outright ("低保和残疾补贴一块办") → `ambiguous=True`: the handler
  should ask with numbered choices (Rasa's ambiguity margin);
- otherwise the best candidate. `ACCEPT` is the score from which callers may act without asking.
"""
from __future__ import annotations

import math
import threading
from functools import lru_cache
from pathlib import Path

from .families import family_of
from .lexicon import Addition, Lexicon, load_lexicon
from .match import Scan, SurfaceTable, scan, target_key
from .phone import without_given_phone
from .scoring import Evidence, ExampleIndex, Label, Scorer
from .segment import Segmenter
from ..text_cache import TextCache
from .types import ACCEPT, FLOOR, Candidate, RouteResult  # noqa: F401  (ACCEPT re-exported)

K = 1.3
AMBIGUITY_RATIO = 0.85  # runner-up raw score ≥ this × best → ambiguous
NAMED_RUNNER_UP_RATIO = 0.7  # two matters named: ambiguous unless the other scores below this × best
MAX_CANDIDATES = 5
WEAK_MATTER = 0.6  # guide evidence below this is a hint (房子, 老房子), not the matter named
_EXPLAINED_SIZE = 256  # full readings (scan, evidence, scores: ~2.7 KB a text)
_ROUTED_SIZE = 1024  # routes and named matters of the last texts (~0.5 KB a text with its danger reading)


def calibrate(raw: float) -> float:
    return round(1.0 - math.exp(-K * max(raw, 0.0)), 4)


class Router:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.table = SurfaceTable(lexicon)
        self.segmenter = Segmenter(self.table.words_for_segmenter())
        self.table.attach_dictionary(self.segmenter.is_word)
        examples = []
        for entry in lexicon.entries():
            key = target_key(entry.kind, entry.id)
            for example in entry.examples:
                examples.append((self.scan(example).corrected, key))
        self.scorer = Scorer(lexicon, ExampleIndex(examples))
        # The last texts' readings: a message is read by the router and again by handlers that
        # ask which guides it names (`named_guides`). A router never changes (new additions
        # build a new one), so a kept reading stays true; callers only read it. The routes and
        # named matters are kept for more texts than the full readings (bot/text_cache.py):
        # a text sent again (好的, 1, 低保咋办) is then not read again.
        self._explained: TextCache[tuple[Scan, Evidence, dict[Label, float]]] = TextCache(_EXPLAINED_SIZE)
        self._routed: TextCache[RouteResult] = TextCache(_ROUTED_SIZE)
        self._named: TextCache[frozenset[str]] = TextCache(_ROUTED_SIZE)

    def scan(self, text: str) -> Scan:
        # "房顶漏雨 电话138…": a number given to be reached on asks for no phone and no person
        return scan(without_given_phone(text), self.table, self.segmenter, self.lexicon.idea_patterns)

    def explain(self, text: str, leave_out: bool = False) -> tuple[Scan, Evidence, dict[Label, float]]:
        """Everything the decision is made from (for `route --explain` and tests)."""
        if not leave_out and (kept := self._explained.get(text)) is not None:
            return kept
        found = self.scan(text)
        evidence = self.scorer.evidence(found, leave_out)
        reading = found, evidence, self.scorer.candidates(evidence)
        if not leave_out:
            self._explained.put(text, reading)
        return reading

    def named(self, text: str) -> frozenset[str]:
        """The guides `text` names outright (`Evidence.named`), kept for the last texts."""
        named = self._named.get(text)
        if named is None:
            named = self.explain(text)[1].named
            self._named.put(text, named)
        return named

    def vague_matters(self, corrected: str) -> tuple[str, ...]:
        """The matters of the family the text names (matter_families.yaml), if any."""
        return family_of(self.lexicon.families, corrected)

    def route(self, text: str, leave_out: bool = False) -> RouteResult:
        """Route `text`; `leave_out` ignores a lexicon example identical to it (lexicon self-check)."""
        if leave_out:
            return self._route(text, True)
        routed = self._routed.get(text)
        if routed is None:
            routed = self._route(text, False)
            self._routed.put(text, routed)
        return routed

    def _route(self, text: str, leave_out: bool) -> RouteResult:
        found, evidence, raw = self.explain(text, leave_out)
        ranked = sorted(raw.items(), key=lambda item: (-item[1], item[0][0], item[0][1] or ""))
        candidates = tuple(Candidate(intent, guide, calibrate(score))
                           for (intent, guide), score in ranked[:MAX_CANDIDATES] if calibrate(score) >= FLOOR / 2)
        if not ranked or calibrate(ranked[0][1]) < FLOOR:
            if raw.get(("unknown", None), 0.0) <= 0 and (meant := self.vague_matters(found.corrected)):
                # "补贴咋领": a word several matters share and nothing else: ask which one
                return RouteResult("guide", None, FLOOR, tuple(Candidate("guide", g, FLOOR) for g in meant),
                                   True, found.corrected)
            return RouteResult("unknown", None, calibrate(ranked[0][1]) if ranked else 0.0,
                               candidates, False, found.corrected)
        (intent, guide), best = ranked[0]
        ambiguous = intent in ("guide", "errand") and guide in evidence.named and len(evidence.named) > 1 \
            and self._named_runner_up_close(ranked, best, evidence.named - {guide})
        if intent != "unknown" and not ambiguous:
            for (other_intent, other_guide), score in ranked[1:]:
                if score < AMBIGUITY_RATIO * best:
                    break
                if other_intent == "unknown" or calibrate(score) < FLOOR:
                    continue
                if other_intent == intent and None in (guide, other_guide):
                    continue  # the same service, one with the matter named: not a real choice
                ambiguous = True
                break
        if intent == "guide" and ambiguous and (meant := self._tied_in_family(found.corrected, ranked, evidence)):
            # "俺的房子咋整": only a shared word, two of its matters exactly tied: ask which one
            return RouteResult("guide", None, calibrate(best), tuple(Candidate("guide", g, calibrate(best)) for g in meant),
                               True, found.corrected)
        return RouteResult(intent, guide, calibrate(best), candidates, ambiguous, found.corrected)

    @staticmethod
    def _named_runner_up_close(ranked: list[tuple[Label, float]], best: float, others: frozenset[str]) -> bool:
        """Two matters named make a choice only when the other one scores near the best: in
        "宅基地 俺家老屋想翻盖" 老屋 names 危房改造 too, but 宅基地 and 翻盖 outweigh it far."""
        scores = [score for (intent, guide), score in ranked if guide in others]
        return not scores or max(scores) >= NAMED_RUNNER_UP_RATIO * best

    def _tied_in_family(self, corrected: str, ranked: list[tuple[Label, float]], evidence: Evidence) -> tuple[str, ...]:
        """The family's matters when the best two guides tie exactly on weak words alone and both
        belong to the family the text names: nothing tells them apart, the first would be a guess."""
        if len(ranked) < 2 or ranked[1][0][0] != "guide" or ranked[1][1] != ranked[0][1]:
            return ()
        tied = {ranked[0][0][1], ranked[1][0][1]}
        if any(evidence.guides.get(g or "", 0.0) >= WEAK_MATTER for g in tied):
            return ()  # "医保没交 住院了能报不": more than the shared word names both
        meant = self.vague_matters(corrected)
        return meant if tied <= set(meant) else ()


_build_lock = threading.Lock()
# The cadres' added examples in force in this process, and their version (bot/lexicon_store.py
# keeps them in the database and calls `use_additions` when the version changes).
_additions: tuple[str, tuple[Addition, ...]] = ("", ())


@lru_cache(maxsize=4)
def _cached_router(directory: str | None, additions: tuple[Addition, ...]) -> Router:
    return Router(load_lexicon(Path(directory) if directory else None, additions))


def get_router(directory: str | Path | None = None) -> Router:
    """The process-wide router for a lexicon directory (default: knowledge/lexicon), with the
    added examples in force."""
    with _build_lock:
        return _cached_router(str(directory) if directory else None, _additions[1])


def build_router(additions: tuple[Addition, ...], directory: str | Path | None = None) -> Router:
    """A router with these additions, not put in force (to check an assignment before storing it)."""
    with _build_lock:
        return _cached_router(str(directory) if directory else None, tuple(additions))


def additions_version() -> str:
    return _additions[0]


def additions_in_force() -> object:
    """A token that is a new object after every `use_additions` call (compare with `is`)."""
    return _additions


def use_additions(version: str, additions: tuple[Addition, ...]) -> None:
    """Put a version of the added examples in force: the next route builds (once) with them."""
    global _additions
    with _build_lock:
        _additions = (version, tuple(additions))


def warm_up(background: bool = False) -> threading.Thread | None:
    """Build the router and route one message, so the first villager does not wait for it.

    `background=True` returns at once and builds in a daemon thread (for app start-up).
    """
    if not background:
        get_router().route("你好")
        get_router().route("ni hao")  # the latin-pinyin sound table (≈0.7 s) is built once, here
        return None
    thread = threading.Thread(target=warm_up, name="nlu-warm-up", daemon=True)
    thread.start()
    return thread
