"""Preparing a message for the danger rules: the router's normalisation, look-alikes masked, pinyin
and doubled words read, typos repaired by sound (bot/safety/detect.py reads the result)."""
from __future__ import annotations

import re

from bot.nlu.normalize import normalize

from .quick import mask
from .sounds import MASK, sound_index, through_masks
from .spelled import spelling_of
from .words import SafetyWords

_SEPARATOR = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"(\w)\1(\w)\2")  # AABB: 含含糊糊
# 打 + whose + 的 + a phone or number is a call (打俺儿子的138…, 打我闺女电话), never a blow: masked
# whole so that 打俺 + 儿子 is no "family member hits me" pair.
_CALLING = re.compile(r"(?:打给|打)(?:俺|我|咱|他|她)?(?:家)?[\u4e00-\u9fff]{0,4}?的?(?:那个)?"
                      r"(?:电话|手机|号码|号|座机|微信|\d{5,})")
# 被/让/叫 + the doer + 给 + the deed (让车给撞了, 叫狗给咬了): spoken 给 before the verb is read
# away, so the written word (被车撞了) is found; 给 before a person is "for" (让他给俺打个电话) and stays.
_PASSIVE_GEI = re.compile(r"([被让叫][\u4e00-\u9fff]{1,3}?)给(?=[\u4e00-\u9fff])(?![俺我你他她咱人自谁])")
# 啦 is the spoken 了 (招伙啦 → 招伙了, which the sounds repair to 着火了), except inside the sounds
# 噼里啪啦, 哗啦, 呼啦.
_SPOKEN_LE = re.compile(r"(?<![啪哗呼噼稀拉哩叭嘀咔扑])啦")
COMMON_SINGLE_WORD = 30_000  # jieba's count of 看, 想, 吃, 打, 说: a word in its own right
# Dialect and polite pronouns are words in their own right though jieba counts them rarely: 俺也 is
# "I too", never a slip of a word that starts with 俺 (俺爷).
PRONOUNS = frozenset("俺咱恁您")


def prepare(text: str, words: SafetyWords) -> str:
    """Normalised text with look-alikes masked and typos of danger words repaired."""
    from bot.nlu.router import get_router  # its jieba dictionary tells words from typos

    segmenter = get_router().segmenter
    normalized, breaks = _normalized_with_breaks(text)
    plain = _PASSIVE_GEI.sub(r"\1", normalized)
    if len(plain) != len(normalized):
        normalized, breaks = plain, frozenset()  # the offsets moved
    normalized = _SPOKEN_LE.sub("了", normalized)  # one length, the offsets stay
    for said, written in words.dialect:  # 迷瞪 → 迷糊: one length, the offsets stay
        normalized = normalized.replace(said, written)
    normalized = through_masks(normalized, words)  # 冒火化 → 冒火花 before 火化 is masked
    masked = mask(_CALLING.sub(lambda m: _calling(m, breaks), normalized), words.masks, breaks)
    spelled = _unreduplicated(spelling_of(words).repair(masked), words.vocabulary)
    if len(spelled) != len(masked):
        breaks = frozenset()  # pinyin read as characters, or a doubled word read once: the offsets moved
    alone, boundaries = segmenter.positions(spelled)
    # A character standing alone may be a stray typo (媒气 → 煤气), unless it is one of the most
    # common words by itself: 河边看人钓鱼 holds 看 (look), no typo of 砍人.
    strays = frozenset(at for at in alone
                       if spelled[at] not in PRONOUNS and segmenter.frequency(spelled[at]) < COMMON_SINGLE_WORD)
    repaired = sound_index(words).repair(spelled, segmenter.is_word, boundaries, strays)
    return mask(repaired, words.masks, breaks)


def _calling(match: re.Match, breaks: frozenset[int]) -> str:
    """A call masked, unless a space or a mark stands inside it (锁屋里打 手机是偷着用的: a blow,
    then the phone)."""
    if any(match.start() < at < match.end() for at in breaks):
        return match.group()
    return MASK * len(match.group())


def _unreduplicated(text: str, vocabulary: frozenset[str]) -> str:
    """A doubled word read as the word (说话含含糊糊 → 说话含糊) when the lists have the word
    but not its doubled form (迷迷糊糊 is written as such and stays)."""
    if not _DOUBLED.search(text):
        return text
    return _DOUBLED.sub(lambda m: m.group(0) if m.group(0) in vocabulary or
                        f"{m.group(1)}{m.group(2)}" not in vocabulary else f"{m.group(1)}{m.group(2)}", text)


def _normalized_with_breaks(text: str) -> tuple[str, frozenset[int]]:
    """The normalised text and the offsets where a space or a punctuation mark stood: a look-alike
    never spans one (冒黑烟 火苗子 holds no 烟火)."""
    whole = normalize(text)
    chunks = [normalize(chunk) for chunk in _SEPARATOR.split(text or "")]
    if "".join(chunks) != whole:
        return whole, frozenset()
    offsets, at = set(), 0
    for chunk in chunks[:-1]:
        at += len(chunk)
        offsets.add(at)
    return whole, frozenset(offsets)

