"""A task pointed at without its title, when several were pushed: by its place in the pushes
(头一个 / 第二个 / 后一个 / 最后那个) or by its day (礼拜四那个 / 明天那个 / 10号的). The words that
point are taken out, so the rest can be read as a yes or a can't (头一个俺去 → 俺去).
"""
from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Sequence

from pypinyin import lazy_pinyin

from bot.localtime import local_day
from bot.nlu.dates import parse_day

from .push_pointers import at_the_hour
from .volunteer_words import SKILL_WORDS

# 头一个 / 第一个 / 前一个 / 前面那个 … 第二个 / 后一个 / 后面那个 / 最后一个: which push, in the order sent.
_ORDINAL = re.compile(r"(?:(?P<first>头一?|第一|前一|前面|前头|前边|上面|上头|上边|先前|早先)|(?P<second>第二|第2)|"
                      r"(?P<nth>第[三四五六七八九3-9])|"
                      r"(?P<last>后一|后面|后头|后边|下面|下头|下边|最后一?|末了))(?=个|件|场|次|回|条|那|这|的)"
                      r"(?:个|件|场|次|回|条)?(?:那个|这个|那|的)?(?:活动?儿?|任务)?")
# The day a task is on, said with 那个/的 after it (礼拜四那个, 明天的): the day picks the task.
_DAY_POINTER = re.compile(r"^(?P<day>.{1,8}?)(?:那个|那场|那次|那回|那天的?|的那个|的活动?儿?|的)")


def pointed_task(text: str, tasks: Sequence, now: datetime, tz) -> tuple[object | None, str]:
    """The one task of `tasks` (each with number, starts_at) the words point at, and the text
    without the pointing words; (None, text) when they point at none or at several."""
    if len(tasks) < 2:
        return None, text
    in_order = sorted(tasks, key=lambda t: t.number)  # the order they were pushed in
    if found := _ORDINAL.search(text):
        if found.group("nth"):  # 第三个 / 第4个: that place, when there are so many
            place = "三四五六七八九".find(found.group("nth")[1]) + 3 if not found.group("nth")[1].isdigit() else int(found.group("nth")[1])
            if place > len(in_order):
                return None, text
            return in_order[place - 1], text[:found.start()] + text[found.end():]
        meant = in_order[0] if found.group("first") else in_order[1] if found.group("second") else in_order[-1]
        return meant, text[:found.start()] + text[found.end():]
    if found := _DAY_POINTER.match(text.strip()):
        day = parse_day(found.group("day"), now, tz)
        if day is None and (at_hour := at_the_hour(found.group("day"), tasks, lambda t: t.starts_at, tz)) is not None:
            return at_hour, text.strip()[found.end():]  # 上午的 / 后晌那个: the time of day alone
        if day is not None:
            same = [t for t in tasks if local_day(t.starts_at, tz) == day.day]
            if len(same) == 1:
                return same[0], text.strip()[found.end():]
    return None, text


def tasks_named(text: str, tasks) -> list[tuple[object, str]]:
    """Each task whose title the text names (a piece of two characters or more), with the text
    without that piece (and a second piece of the same title: 敬老院理发的 for 理发进敬老院)."""
    return [(task, _without_second_piece(rest, task.title)) for task in tasks
            if (rest := without_title(text, task.title)) != text]


def named_most(found: list) -> list:
    """Of `tasks_named`'s answer, the task named by the longest piece when it is the only one so named
    (给老人理发那个俺报上 names 给老人理发 whole, and 陪老人聊天 only by 老人); else all of them."""
    if len(found) < 2:
        return found
    shortest = min(len(rest) for _, rest in found)
    best = [pair for pair in found if len(pair[1]) == shortest]
    return best if len(best) == 1 else found


def _without_second_piece(rest: str, title: str) -> str:
    """`rest` without another piece of `title` (two characters or more), said in its own order."""
    for size in range(min(len(rest), len(title)), 1, -1):
        for start in range(len(rest) - size + 1):
            if (piece := rest[start:start + size]) in title and not piece.isdigit():
                return rest[:start] + rest[start + size:]
    return rest


# A noun's own last character after a piece of the title (被子 for 被褥, 院子 for 院落): part of the name said.
_NOUN_ENDINGS = frozenset("子儿头")


def without_title(text: str, title: str) -> str:
    """`text` without the longest piece (two characters or more) it shares with `title`; else the
    longest piece that sounds as a piece of the title and shares a character with it (送媒 for 送煤,
    typed by pinyin)."""
    for size in range(min(len(text), len(title)), 1, -1):
        for start in range(len(text) - size + 1):
            piece = text[start:start + size]
            if piece in title and not piece.isdigit():
                end = start + size
                if end < len(text) and text[end] in _NOUN_ENDINGS and not title.endswith(piece + text[end]):
                    end += 1  # 拆洗被子 for 拆洗被褥: the word said goes on with its own ending
                return text[:start] + text[end:]
    return _without_same_work(text, title) or _without_sound_alike(text, title)


# The same work in other words (剪头那个俺去 for 给独居老人理发): a word of the text and a word of the
# title in one group (the skills' words, bot volunteers' SKILL_WORDS 1-4, and sweeping).
_SAME_WORK = tuple(tuple(w for w in words if len(w) >= 2) for number, words in SKILL_WORDS.items() if number <= 4) + (
    ("打扫", "扫地", "清扫", "扫院子", "扫卫生", "搞卫生"), ("送饭", "送餐", "送午饭", "送吃的"))


def _without_same_work(text: str, title: str) -> str | None:
    for words in _SAME_WORK:
        if any(w in title for w in words):
            said = next((w for w in sorted(words, key=len, reverse=True) if w in text), None)
            if said is not None:
                at = text.index(said)
                return text[:at] + text[at + len(said):]
    return None


@lru_cache(maxsize=4096)
def _sound(ch: str) -> str:
    """The pinyin of one character, without tone; anything else stands for itself."""
    return lazy_pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else ch


def _without_sound_alike(text: str, title: str) -> str:
    if not set(text) & set(title):  # quick: no shared character, no sound-alike piece either
        return text
    said, sounds = [_sound(ch) for ch in text], [_sound(ch) for ch in title]
    for size in range(min(len(text), len(title)), 1, -1):
        for start in range(len(text) - size + 1):
            for at in range(len(title) - size + 1):
                if said[start:start + size] == sounds[at:at + size] \
                        and set(text[start:start + size]) & set(title[at:at + size]):
                    return text[:start] + text[start + size:]
    return text


# Where a spoken run-on turns to another task: 那个 / 这个 before a piece of a title (…俺手笨那个扫雪的俺去).
_TURN = re.compile(r"(?:那个|这个|那|这)$")


def split_at_titles(text: str, tasks) -> str:
    """A run-on without stops (voice) cut before each task it names after its start, so each task's
    words make a clause of their own: "那个理发的俺就算了俺手笨那个扫雪的俺去" → "那个理发的俺就算了俺手笨，
    那个扫雪的俺去". Text with stops, or naming fewer than two tasks, is returned as it is."""
    if re.search(r"[，,。.！!；;\s]", text.strip()):
        return text
    cuts = set()
    for task in tasks:
        rest = without_title(text, task.title)
        if rest == text:
            continue
        start = next((i for i, (said, left) in enumerate(zip(text, rest)) if said != left), len(rest))
        if start > 0:
            before = _TURN.search(text[:start])
            cuts.add(before.start() if before else start)
    if not cuts or len([t for t in tasks if without_title(text, t.title) != text]) < 2:
        return text
    pieces, last = [], 0
    for cut in sorted(cuts):
        if cut > last:
            pieces.append(text[last:cut])
            last = cut
    pieces.append(text[last:])
    return "，".join(p for p in pieces if p)
