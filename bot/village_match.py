"""Finding the village a villager names: exact name or alias, same sound (typed by pinyin), near miss.

    match_villages(session, "俺是代庄的")  → [VillageHit(代村, 100, "代庄")]
    match_villages(session, "我是带村的")  → [VillageHit(代村, 95, "代村")]   (same sound)
    match_villages(session, "wangzhuang")  → [VillageHit(王庄, 95, "王庄")]   (pinyin letters)

Villagers type with pinyin input, so most typos are homophones: comparing the toneless pinyin
catches them. Text is first folded to simplified characters and half-width forms.
"""
from __future__ import annotations

import re
import weakref
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import Area, Village
from .pinyin_words import toneless
from .read_gate import ReadGate

EXACT, SAME_SOUND = 100.0, 95.0
# A near miss must score this much, and the best must lead the next by CLEAR_LEAD to stand alone.
FUZZY_FLOOR, CLEAR_LEAD, MAX_CANDIDATES = 60.0, 8.0, 5
PINYIN_FLOOR = 85.0  # pinyin letters: one slip in a ten-letter name still counts
_FILLER_HEAD = re.compile(r"^(?:我们|俺们|咱们|我|俺|咱|家)?(?:就)?(?:是|在|住在|住|家在|来自|老家是|老家在|换成|换到|改成|搬到)?")
_FILLER_TAIL = re.compile(r"(?:村民|人|的|了|呀|啊|呢|哈|哦|吧)+$")
_NOISE = re.compile(r"[\s，,。.！!？?、~～:：;；\"'“”‘’（）()]+")


@dataclass(frozen=True)
class VillageHit:
    village: Village
    score: float
    matched: str  # the name or alias that matched


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - OpenCC missing: traditional text just matches less
        return None


def normalise(text: str) -> str:
    """Half-width, simplified characters, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text)
    converter = _t2s()
    if converter is not None:
        text = converter.convert(text)
    return _NOISE.sub("", text)


# The same words typed in pinyin letters ("wo shi wangzhuang de"), read before spaces are dropped.
_LATIN_HEAD = re.compile(r"^\s*(?:wo|an|zan)(?:men)?\s*(?:jiu\s*)?(?:shi|zai|zhu\s*zai|zhu|jia\s*zai)\s+", re.I)
_LATIN_TAIL = re.compile(r"\s+(?:cun\s*)?(?:de|ren|cun)\s*$", re.I)


def core_words(text: str) -> str:
    """'俺是代庄的' → '代庄': the words around a village name that are not the name."""
    core = _FILLER_TAIL.sub("", _FILLER_HEAD.sub("", normalise(text), count=1))
    return core


@lru_cache(maxsize=4096)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin, one item per character ('代村' → ('dai', 'cun'))."""
    return toneless(text)  # tuple(lazy_pinyin(text)), each word converted once (bot/pinyin_words.py)


@lru_cache(maxsize=8192)
def sound(text: str) -> str:
    """Toneless pinyin with a space after each syllable ('dai cun ')."""
    return "".join(p + " " for p in syllables(text))


# Sounds that the local Mandarin and pinyin typing mix up (代春 for 代村, 王装 for 王庄): the flat
# and curled initials, the front and back nasals.
_FOLDS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FINAL_FOLDS = (("ing", "in"), ("eng", "en"), ("ang", "an"))
SAME_SOUND_FOLDED = 90.0


def folded(syllables_: tuple[str, ...]) -> tuple[str, ...]:
    """Syllables with the sounds that are mixed up made one ('chun' → 'cun', 'zhuang' → 'zuan')."""
    out = []
    for syllable in syllables_:
        for curled, flat in _FOLDS:
            if syllable.startswith(curled):
                syllable = flat + syllable[len(curled):]
                break
        for back, front in _FINAL_FOLDS:
            if syllable.endswith(back):
                syllable = syllable[: -len(back)] + front
                break
        out.append(syllable)
    return tuple(out)


def _drop_contained(hits: list[VillageHit]) -> list[VillageHit]:
    """'东陈庄' also contains '陈庄': keep the longer name."""
    return [h for h in hits if not any(h.matched != o.matched and h.matched in o.matched
                                       and o.village.id != h.village.id for o in hits)]


def _best_per_village(hits: list[VillageHit]) -> list[VillageHit]:
    best: dict[int, VillageHit] = {}
    for hit in hits:
        current = best.get(hit.village.id)
        if current is None or (hit.score, len(hit.matched)) > (current.score, len(current.matched)):
            best[hit.village.id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, -len(h.matched), h.village.id))


def _typed_as(said: str, name: str) -> bool:
    """A same-sound spelling of `name` in `said` that keeps one of its characters (带村 for 代村).

    A two-character name with both characters different is ordinary words that happen to
    sound alike ("要钱不" holds qian bu, 前埠), not a typo; longer names are safe by length.
    """
    if len(name) > 2:
        return True
    target = sound(name)
    return any(sound(said[i:i + len(name)]) == target and set(said[i:i + len(name)]) & set(name)
               for i in range(len(said) - len(name) + 1))


@dataclass(frozen=True)
class _Name:
    """One name or alias of a village, with its sound worked out once."""

    village_id: int
    name: str
    spaced_sound: str  # " dai cun "
    syllables: tuple[str, ...]


class _NameTable:
    """Every village's names, with their sounds, and the near misses of a text among them."""

    def __init__(self, names: tuple[_Name, ...]):
        self.names = names
        # The columns rapidfuzz scans in C (one call per column instead of two Python calls per name).
        self._spellings = [n.name for n in names]
        self._syllables = [n.syllables for n in names]
        self._by_folded_sound: dict[tuple[str, ...], list[int]] = {}
        for at, n in enumerate(names):
            self._by_folded_sound.setdefault(folded(n.syllables), []).append(at)

    def __iter__(self):
        return iter(self.names)

    def near(self, core: str, core_syllables: tuple[str, ...]) -> list[tuple[_Name, float]]:
        """The names within FUZZY_FLOOR of `core`, by characters or by syllables (a wrong
        character that sounds right counts as right), with the better of the two scores; in
        the table's order."""
        best: dict[int, float] = {}
        for query, choices in ((core, self._spellings), (core_syllables, self._syllables)):
            for _, score, at in process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_FLOOR,
                                                limit=None):
                best[at] = max(best.get(at, 0.0), score)
        for at in self._by_folded_sound.get(folded(core_syllables), ()):
            if best.get(at, 0.0) < SAME_SOUND_FOLDED and set(core) & set(self.names[at].name):
                best[at] = SAME_SOUND_FOLDED  # 代春 for 代村: a sound mixed up, one character kept
        return [(self.names[at], round(score, 1)) for at, score in sorted(best.items())]


# The names of all villages, built once per process and database and again only when the
# villages' names or aliases change: compared (one small query, no ORM objects) at most every
# VILLAGE_CHECK_SECONDS, and at once after this process wrote a village (bot/read_gate.py).
VILLAGE_CHECK_SECONDS = 5.0
_tables: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # engine → (key, table)
_gate = ReadGate(VILLAGE_CHECK_SECONDS, Village)


_NAMES_QUERY = select(Village.id, Village.name, Village.aliases).order_by(Village.id)


def _name_table(session: Session) -> _NameTable:
    engine = session.get_bind().engine
    cached = _tables.get(engine)
    if cached is not None and not _gate.due(session):
        return cached[1]
    key = tuple(tuple(r) for r in session.execute(_NAMES_QUERY))
    _gate.read(session)
    if cached is not None and cached[0] == key:
        return cached[1]
    table = _NameTable(tuple(_Name(vid, n, " " + sound(n), syllables(n))
                             for vid, name, aliases in key for n in _names_of(name, aliases) if len(n) >= 2))
    _tables[engine] = (key, table)  # one item set: a racing thread sees old or new
    return table


def _names_of(name: str, aliases: str | None) -> list[str]:
    names = [name] + [a for a in (aliases or "").split() if a]
    if name.endswith("村") and len(name) > 2:
        names.append(name[:-1])
    return names


def _hits(session: Session, found: list[tuple[_Name, float]]) -> list[VillageHit]:
    """The hits with their Village rows (and areas), loaded only for the villages found."""
    ids = {n.village_id for n, _ in found}
    villages = {v.id: v for v in session.scalars(select(Village).where(Village.id.in_(ids))
                                                  .options(selectinload(Village.area)))}
    return [VillageHit(villages[n.village_id], score, n.name) for n, score in found if n.village_id in villages]


def match_villages(session: Session, text: str) -> list[VillageHit]:
    """Villages the text names, best first: one clear hit, several candidates, or none."""
    said = normalise(text)
    if not said:
        return []
    table = _name_table(session)
    exact = [(n, EXACT) for n in table if n.name in said]
    if len(exact) > 1:  # 南桥镇东徐村: the village 南桥 is only inside the township's name
        apart = said
        for township in _townships(session):
            apart = apart.replace(normalise(township), " ")
        exact = [hit for hit in exact if hit[0].name in apart] or exact
    exact = [hit for hit in exact if not _longer_place(said, hit[0].name)]
    if exact:
        return _best_per_village(_drop_contained(_hits(session, exact)))
    said_sound = " " + sound(said)
    same = [(n, SAME_SOUND) for n in table if n.spaced_sound in said_sound and _typed_as(said, n.name)]
    if same:
        return _best_per_village(_drop_contained(_hits(session, same)))
    if spelled := _spelled_in_pinyin(session, table, normalise(_LATIN_TAIL.sub("", _LATIN_HEAD.sub("", text, count=1)))):
        return spelled
    core = core_words(text)
    if len(core) < 2:
        return []
    fuzzy = table.near(core, syllables(core))
    if not fuzzy:
        return []
    ranked = _best_per_village(_hits(session, fuzzy))[:MAX_CANDIDATES]
    if len(ranked) >= 2 and ranked[0].score - ranked[1].score >= CLEAR_LEAD:
        return ranked[:1]
    return ranked


# 石门坎 / 东关口 / 王庄洼: a name with a place word grown on is another place (unless that is a known name)
_PLACE_TAIL = "沟洼屯峪坡岭营寨集店铺套坎崖堡口岗圩涧墩"


def _longer_place(said: str, name: str) -> bool:
    """Every time `name` is said, a place word follows it: the villager names a longer place."""
    ends = [m.end() for m in re.finditer(re.escape(name), said)]
    return bool(ends) and all(end < len(said) and said[end] in _PLACE_TAIL for end in ends)


def _spelled_in_pinyin(session: Session, table: _NameTable, said: str) -> list[VillageHit]:
    """"wangzhuang" / "wang zhuang cun": a name typed in pinyin letters, a letter or two off at most."""
    letters = re.sub(r"[^a-z]", "", said.lower())
    if len(letters) < 4 or len(letters) * 2 < len(said):
        return []
    found = []
    for n in table:
        spelled = "".join(n.syllables)
        score = max(fuzz.ratio(letters, spelled), fuzz.ratio(letters, spelled + "cun"))
        if score >= PINYIN_FLOOR:
            found.append((n, SAME_SOUND if score == 100 else round(score, 1)))
    ranked = _best_per_village(_hits(session, found))[:MAX_CANDIDATES]
    if len(ranked) >= 2 and ranked[0].score - ranked[1].score >= CLEAR_LEAD:
        return ranked[:1]
    return ranked


_TOWNSHIP_SUFFIX = re.compile(r"(?:街道办事处|街道办|街道|镇|乡)$")


_township_lists: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # engine → sorted names
_township_gate = ReadGate(VILLAGE_CHECK_SECONDS, Area)


def _townships(session: Session) -> list[str]:
    """The townships' names, read again as the village names are (at most every few seconds)."""
    engine = session.get_bind().engine
    cached = _township_lists.get(engine)
    if cached is None or _township_gate.due(session):
        cached = _township_lists[engine] = sorted({t for t in session.scalars(select(Area.township)) if t})
        _township_gate.read(session)
    return cached


def match_townships(session: Session, text: str) -> list[str]:
    """Townships the text names (with or without 镇/街道, or by the same sound), as stored."""
    said = normalise(text)
    if not said:
        return []
    townships = _townships(session)
    said_sound = " " + sound(said)
    found = []
    for township in townships:
        names = {township, _TOWNSHIP_SUFFIX.sub("", township)}
        names = {n for n in names if len(n) >= 2}
        if any(n in said for n in names) or any(" " + sound(n) in said_sound for n in names):
            found.append(township)
    return found


def villages_in_township(session: Session, township: str) -> list[Village]:
    """Every village of a township, area by area."""
    return list(session.scalars(select(Village).join(Area).where(Area.township == township)
                                .order_by(Area.id, Village.id)))
