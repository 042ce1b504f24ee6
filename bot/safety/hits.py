"""Finding a danger kind's words in a prepared message: words, weak words and pairs, each unless
negated (没着火) or asked (有没有), a long word also with one slip inside (不醒人事)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.nlu.pinyin import FUNCTION_CHARS, is_han

from .quick import absent_kind, starting
from .sounds import MASK
from .words import GAP, PASSIVE, SPOKEN_PASSIVES, WEAK_WEIGHT, Kind, SafetyWords, term_pattern

FUZZY_MIN = 4  # literal words this long are also found with one character wrong
FUZZY_WEIGHT = 0.8
# A slip never adds or changes one of these (不省人事 ≠ 省人事), nor a person (让人打了 is no 让电打了,
# 给俺打了 is no 给电打了: a beating, not a shock), nor a direction (有人往河里倒 is no 有人跳河).
_NO_SLIP = frozenset("不没别未非无莫人俺我你他她咱恁往")
_CLOSING_PARTICLES = frozenset("了的着过得")
# After "被人/叫人…" the verb says what was done, and to what: 叫人偷走 (a manhole cover) is no slip
# of 叫人抱走 (a child).
PASSIVE_AGENTS = tuple(f"{marker}人" for marker in (PASSIVE, *SPOKEN_PASSIVES))
_CLAUSE_ENDS = ("了", "也")
_ACCIDENTS = ("不小心", "没小心", "不注意", "没注意", "没留神", "不留神")  # "not careful": it happened
# Words that end in 会 but say "now" or name a thing (这会还在打, 开会), not "would": no negation.
_NOT_WOULD = ("这会", "那会", "一会", "待会", "开会", "机会", "社会", "学会", "大会", "聚会")


@dataclass(frozen=True)
class Hit:
    kind: Kind
    spans: tuple[tuple[int, int], ...]  # where its words are (a pair: two places)
    weight: float
    words: str  # what matched, for logs and tests



@lru_cache(maxsize=4096)
def pattern(term: str) -> re.Pattern:
    return re.compile(term_pattern(term))



def negated(text: str, start: int, negations: tuple[str, ...]) -> bool:
    """A negation right before the word (没着火), or a longer one a little before (注意煤气中毒);
    "是不是…" asks, it does not deny, "不小心" tells how it happened, and a negation whose clause ended before the word does not
    reach it (一点劲没有了 眼前发黑)."""
    before = text[max(0, start - 5):start]
    if before.endswith(("是不是", "是不", *_NOT_WOULD)) or any(slip in before for slip in _ACCIDENTS):
        return False
    return any(before.endswith(n) or (len(n) > 1 and _denies_later(before, n)) for n in negations)


def _denies_later(before: str, negation: str) -> bool:
    """A negation a little before reaches the word unless a clause ends between them: 了 (没有了)
    or 也 (不会哭也不动: 不会 denies 哭, not 不动)."""
    at = before.find(negation)
    while at != -1:
        if not any(mark in before[at + len(negation):] for mark in _CLAUSE_ENDS):
            return True
        at = before.find(negation, at + 1)
    return False


def absent(text: str, term: str) -> bool:
    """A quick no: most words of most messages are not there (a substring test, no regex)."""
    return (term not in text) if GAP not in term else (term.split(GAP, 1)[0] not in text)


def finds(text: str, term: str, negations: tuple[str, ...], whether: bool = False):
    """Where `term` stands, not negated nor asked; with `whether` (a danger word, not a cue such as
    对不对) also not said twice around 不 (漏不漏气)."""
    if absent(text, term):
        return
    for m in pattern(term).finditer(text):
        if not negated(text, m.start(), negations) and not _asked(text, m.start()) and \
                not (whether and _either_or(text, m.start())):
            yield m.start(), m.end()


def _asked(text: str, start: int) -> bool:
    """有没… asks whether (摔着了有没有人管), it does not tell that nobody is there; 咋打119 asks how
    to call, it is no call for one."""
    return (text.startswith("没", start) and text[start - 1:start] == "有") or (
        _CALL.match(text, start) is not None and text.endswith(_HOW, 0, start))


def _either_or(text: str, start: int) -> bool:
    """The word's first character said twice around 不 asks whether (漏不漏气, 倒不倒), it does
    not tell that it happened."""
    first = text[start:start + 1]
    return bool(first) and (text.startswith("不" + first, start + 1) or text[max(0, start - 2):start] == first + "不")


_CALL = re.compile(r"[打叫拨喊](?:1[12][09]|救护车|消防车)")
_HOW = ("咋", "怎么", "怎样", "咋样", "如何")


def silence_negated(text: str, words: SafetyWords) -> str:
    """Mask every danger word that stands negated (防煤气中毒), so no shorter word inside it
    (中毒) is read on its own."""
    chars = list(text)
    for kind in words.kinds:
        if absent_kind(kind, text):
            continue
        for term in (*starting(kind.words, text), *starting(kind.weak, text)):
            if absent(text, term):
                continue
            for m in pattern(term).finditer(text):
                if negated(text, m.start(), words.negations):
                    chars[m.start():m.end()] = MASK * (m.end() - m.start())
    return "".join(chars)


def _fuzzy_finds(text: str, term: str, negations: tuple[str, ...]):
    """Where `term` stands with one slip of the keys or the voice (不醒人事, 口吐百沫): one content
    character changed inside the word (not the first or last; not in a phrase with a particle inside,
    开了口子, whose object swapped is another story: 车不开了孩子…), never into a negation or a
    particle's place (火着大了 is no 火太大了) nor a particle into a word's (有人在河 is no 有人跳河), never the verb after 被人/叫人 (叫人偷走 is no 叫人抱走),
    never opening on a particle that closes the word before (分家了想自己 holds no 了结自己), never the
    verb before a closing 了 (村里来了 is no 村里淹了). An added
    or dropped character is no slip: it reads other words (生活过不下去 holds no 活不下去)."""
    if len(term) < FUZZY_MIN or term[0] not in text or term[-1] not in text or GAP in term or term in text or \
            "了" in term[1:-1] or \
            sum(ch in text for ch in set(term)) < len(set(term)) - 1:
        return
    size = len(term)
    for start in range(0, len(text) - size + 1):
        window = text[start:start + size]
        if window[0] != term[0] or window[-1] != term[-1] or MASK in window:
            continue
        slips = [i for i in range(1, size - 1) if window[i] != term[i]]
        if len(slips) != 1:
            continue
        added, lost = window[slips[0]], term[slips[0]]
        if term[-1] in _CLOSING_PARTICLES and slips[0] == size - 2:
            continue  # the verb before 了 tells what happened: 村里来了 is no 村里淹了
        if is_han(added) and added not in _NO_SLIP and lost not in FUNCTION_CHARS and added not in FUNCTION_CHARS and \
                not term[:slips[0]].endswith(PASSIVE_AGENTS) and not _closes_a_word_before(text, start) and \
                not _another_place(term, window, slips[0]) and not negated(text, start, negations):
            yield start, start + size
            return


def _another_place(term: str, window: str, at: int) -> bool:
    """The changed character is the noun of a place word (车里, 车上) and makes another place word
    with the same locative (屋里, 家里): it names another place, it is no slip (往屋里拽 is no 往车里拽)."""
    if window[at + 1:at + 2] not in _LOCATIVES:
        return False
    from bot.nlu.router import get_router

    is_word = get_router().segmenter.is_word
    return is_word(term[at:at + 2]) and is_word(window[at:at + 2])


_LOCATIVES = frozenset("里上下边外内头")


def _closes_a_word_before(text: str, start: int) -> bool:
    """The window opens with a particle standing alone after another word (分家了|想自己), or ending
    one (算了|俺自己): that particle closes the clause before, so the danger word's first word
    (了结) is not there."""
    if text[start] not in _CLOSING_PARTICLES or start == 0:
        return False
    from bot.nlu.router import get_router

    alone, boundaries = get_router().segmenter.positions(text)
    return start in alone or (start not in boundaries and start + 1 in boundaries)


def kind_hits(text: str, kind: Kind, words: SafetyWords) -> list[Hit]:
    if absent_kind(kind, text):
        return []
    hits = []
    neg = words.negations
    # Only words whose first character is there: a slip is never the first or last character.
    for term in starting(kind.words, text):
        found = [Hit(kind, ((s, e),), kind.weight, term) for s, e in finds(text, term, neg, whether=True)]
        hits += found or [Hit(kind, ((s, e),), kind.weight * FUZZY_WEIGHT, f"~{term}")
                          for s, e in _fuzzy_finds(text, term, neg)]
    for term in starting(kind.weak, text):
        hits += [Hit(kind, ((s, e),), kind.weight * WEAK_WEIGHT, term) for s, e in finds(text, term, neg, whether=True)]
    for pair in kind.pairs:
        firsts = [(s, e, t) for t in starting(pair.first, text) for s, e in finds(text, t, neg, whether=True)]
        if not firsts:
            continue
        seconds = [(s, e, t) for t in starting(pair.second, text) for s, e in finds(text, t, neg, whether=True)]
        for s1, e1, t1 in firsts:
            for s2, e2, t2 in seconds:
                if s2 < e1 and s1 < e2:
                    continue  # the same characters cannot be both halves
                if any(text.endswith(w, 0, min(s1, s2)) for w in pair.not_before):
                    continue  # 手机掉到井里, 水桶掉进…井里: what fell is a thing
                if pair.at_end and text[max(e1, e2):].strip(_CRY_ENDINGS):
                    continue  # a cry ends there (快来 俺爹); words after it make a sentence (快来 俺娘包了饺子)
                low, high = (e1, s2) if s1 < s2 else (e2, s1)
                between = text[low:high]
                # A thing right before the second word is what it is about (孩子的手机丢了); further
                # back it is only part of the story (俺爹出去放羊到现在没回来).
                # 俺娘的找不着了: 的 alone between, the thing owned is left unsaid (it was named before)
                if high - low > pair.gap or any(w in between[-len(w) - 2:] for w in pair.not_between) or \
                        (pair.not_between and s1 < s2 and between.strip() == "的") or \
                        (s1 < s2 and _thing_after(text, e2, pair.not_between)) or \
                        (s2 < s1 and any(w in text[max(0, s2 - len(w) - 2):s2] for w in pair.not_between)):
                    # told the other way round, the thing right before the second word is what is
                    # lost (剪刀找不着了 是不是孙子拿走了)
                    continue
                hits.append(Hit(kind, ((s1, e1), (s2, e2)), kind.weight * pair.weight, f"{t1}+{t2}"))
    return hits


def _thing_after(text: str, end: int, things: tuple[str, ...]) -> bool:
    """The thing named right after the second word is what it is about (小孩找不着作业本了: the
    book is lost, not the child); not a thing after the clause closed (找不着了 手机也关机) nor one
    that opens the next clause (找不着 手机也打不通)."""
    if text[end - 1:end] == "了":
        return False
    after = text[end:end + 6].split("了", 1)[0]
    for thing in things:
        at = after.find(thing)
        if 0 <= at <= 2 and text[end + at + len(thing):end + at + len(thing) + 1] not in _NEXT_CLAUSE:
            return True
    return False


_NEXT_CLAUSE = frozenset("也都还又打关没不在")  # 没回来 鞋在河边: the shoe opens the next clause
_CRY_ENDINGS = "了啊呀啦吧哇哪呐嘛呢"


def longest(hits: list[Hit]) -> list[Hit]:
    """Drop a one-word hit inside a longer word of another kind (冒火花 is no 冒火)."""
    def inside(small: tuple[int, int], big: tuple[int, int]) -> bool:
        return big[0] <= small[0] and small[1] <= big[1] and big[1] - big[0] > small[1] - small[0]

    return [h for h in hits if len(h.spans) > 1 or not any(
        other.kind is not h.kind and len(other.spans) == 1 and other.weight >= h.weight
        and inside(h.spans[0], other.spans[0]) for other in hits)]
