"""The cues around danger words (快来人 +, 去年 −, 申请补贴 −, 过 right after a danger word −):
which cue groups count for the hits of a message."""
from __future__ import annotations

import re
from functools import lru_cache

from .hits import Hit, finds
from .words import AROUND_SPAN, GAP, GAP_CHARS, Cue, SafetyWords

# Words that open another matter in a long message (想问问低保的事 还有就是 俺妈刚才喝了农药): a
# softening cue told before one of them belongs to the first matter, not to the danger after it.
TOPIC_SWITCHES = ("还有就是", "还有个事", "还有件事", "还有一个事", "还有一件事", "再就是", "另外", "对了", "可是", "但是",
                  "不过", "顺便说",
                  # this time, now, at a glance away: the story before is another matter (本来想问补贴的事
                  # 俺爹刚才摔了; 去年申请过低保 今天俺娘晕倒了; 看着视频 一回头孩子掉缸里了)
                  "今天", "今儿", "这回", "这次", "刚才", "刚刚", "这会儿", "现在", "一回头", "一扭头", "一转身",
                  "一转眼", "没想到", "谁知道",
                  # a sudden sound heard (本来想问养老保险的事 然后听见咣当一声 俺爹从梯子上掉下来了)
                  "咣当一声", "哐当一声", "咕咚一声", "扑通一声", "噗通一声", "扑腾一声", "砰的一声", "嘭的一声", "咚的一声",
                  "轰的一声", "哗啦一声", "啪的一声",
                  # a cry breaking into the message (想问问报销咋弄 哎呀俺老头一头栽桌子上了)
                  "哎呀", "哎哟", "哎呦", "唉呀", "唉哟", "哎吆", "不好了", "了不得了", "我的天", "俺的天", "俺的娘嘞", "娘嘞",
                  "天哪", "天呐", "妈呀", "娘啊",
                  # the first matter taken back (问问低保的事 其实也不用问了 …; 说这干啥)
                  "也不用问了", "不用问了", "也不问了", "说这干啥", "说这些干啥", "问这干啥", "说这有啥用",
                  # a sigh standing alone (本来是问麦子补贴的 哎 俺家西边那个大棚着了)
                  "哎", "唉")


def topic_start(text: str, hits: list[Hit]) -> int:
    """Where the matter of the danger words begins: after the last topic switch that stands before
    all of them (0 without one); a pair's first word may stand before it (俺爹刚才摔了: 俺爹 …
    刚才 … 摔, the danger word is the later one)."""
    first = min((max(low for low, _ in hit.spans) for hit in hits), default=0)
    ends = [at + len(word) for word in TOPIC_SWITCHES
            for at in range(len(text)) if text.startswith(word, at) and at + len(word) <= first and
            text[at - 1:at] not in _SINCE]
    return max(ends, default=0)


# 到现在, 从今天: a time word after these tells how long (报了危房改造 到现在没动静), not a new matter
_SINCE = ("到", "从", "至")


def find_cues(text: str, hits: list[Hit], words: SafetyWords, said: str | None = None) -> list[Cue]:
    """The cue groups present, each counted once. A cue counts with all its characters outside
    the hits, or all but one of at least three (危房改造 beside a hit 房…塌了): "晕过去" holds no
    过去 and "翻白眼看我" no 眼看; a softening cue only in the matter of the danger words (topic_start).
    A softening cue is read in `said` (the text before negated danger words were masked, of the
    same length): 没砸着人 says no one was hurt though 砸着人 alone is a danger word."""
    said = text if said is None or len(said) != len(text) else said
    inside = {i for hit in hits for i in _written(text, hit)}
    # A cue for some kinds only is blocked by their own hits only (手腕 in 划+手腕, a despair hit,
    # still tells that the knife was for oneself, not for another)
    inside_of = {kind: {i for hit in hits if hit.kind.id == kind for i in _written(text, hit)}
                 for cue in words.cues for kind in cue.kinds}
    matter = topic_start(text, hits)
    starts = [hit.spans[-1][0] for hit in hits]  # what happened (a pair: its second word) after a turn
    told = max((high for hit in hits for _, high in hit.spans), default=0)  # where the danger is told

    def turned(end: int, until: tuple[str, ...]) -> bool:
        """The story turns to now after the cue (去年着过火 今天又着了): one of `until` stands after
        it, and a danger word after that."""
        return any(at >= end and any(low >= stop for low in starts)
                   for term in until for at, stop in finds(text, term, ()))

    def counts(start: int, end: int, cue: Cue) -> bool:
        if text[max(0, start - 1):start].endswith(("没", "不", "未")) or (cue.weight < 0 and end <= matter):
            return False
        if (cue.until and turned(end, cue.until)) or (cue.follows and not any(
                0 <= start - high <= cue.follows for hit in hits for _, high in hit.spans)):
            return False  # 别的事回头再说 后街起火了: the matter named before is another one
        kinds = cue.kinds
        if text[end - 1:end] == "过" and text[end:end + 1] in ("来", "去"):
            return False  # 浪打过来 is a direction, not 打过 (an experience)
        blocked = set().union(*(inside_of[k] for k in kinds)) if kinds else inside
        covered = [i for i in range(start, end) if i in blocked]
        # 羊被 + 被车撞了: the passive mark belongs to both, the one who suffered stays outside the hit
        return not covered or (len(covered) == 1 and (end - start >= 3 or (
            covered[0] == end - 1 and text[covered[0]] in _PASSIVE_MARKS)))

    found = []
    for cue in words.cues:
        if any(True for term in cue.unless for _ in finds(text, term, words.negations)):
            continue  # 想住养老院 does not soften 不想活了
        if any(start < told for term in cue.unless_before for start, _ in finds(text, term, words.negations)):
            continue  # 俺爹叫蛇咬了咋办: the one it happened to is named
        if cue.around:
            if any(_around(text, term, hits) for term in cue.words):
                found.append(cue)
            continue
        for term in cue.words:
            if any(counts(start, end, cue) for start, end in finds(said if cue.weight < 0 else text, term, ())):
                found.append(cue)
                break
    past = next((c for c in words.cues if c.name == "past"), None)
    # Only the last word of a hit tells what happened (有人过 … 倒了: 过 after the person is no experience).
    if past and past not in found and any(_experienced(text, hit.spans[-1][1]) and not turned(hit.spans[-1][1], past.until)
                                          for hit in hits):
        found.append(past)
    return found


def _written(text: str, hit: Hit) -> set[int]:
    """The characters a hit's words stand on: of 躺…不动 only 躺 and 不动, so the words in its gap
    (躺着看电视一动不动) still count as cues."""
    terms = hit.words.lstrip("~").split("+") if len(hit.spans) > 1 else [hit.words.lstrip("~")]
    out: set[int] = set()
    for (low, high), term in zip(hit.spans, terms):
        match = _parts_pattern(term).fullmatch(text, low, high) if GAP in term else None
        if match is None:
            out.update(range(low, high))
            continue
        for group in range(1, (match.lastindex or 0) + 1, 2):
            out.update(range(match.start(group), match.end(group)))
    return out


@lru_cache(maxsize=1024)
def _parts_pattern(term: str) -> re.Pattern:
    """`term` with each written part in a group of its own (odd groups) and each gap between them."""
    parts = [f"({re.escape(part)})" for part in term.split(GAP)]
    return re.compile(f"(.{{0,{GAP_CHARS}}})".join(parts))


def _around(text: str, term: str, hits: list[Hit]) -> bool:
    """The two halves of `term` stand on both sides of a danger word, close enough to be one
    sentence (要是有人晕倒了咋办: a question about a case, not the case)."""
    opening, closing = term.split(GAP)
    start = text.find(opening)
    while start != -1:
        after = start + len(opening)
        end = text.find(closing, after)
        if end != -1 and end - after <= AROUND_SPAN and any(
                after <= low and high <= end for hit in hits for low, high in hit.spans):
            return True
        start = text.find(opening, start + 1)
    return False



_PASSIVE_MARKS = "被让叫"

# 过 opening a word of its own: a direction (晕过去), or a passer-by (砸着个过路的), a crossing, a holiday
_NOT_EXPERIENCE = ("过来", "过去", "过气", "过路", "过道", "过河", "过桥", "过街", "过马", "过年", "过节", "过日")


def _experienced(text: str, end: int) -> bool:
    """过 right after a danger word tells an experience, not an event (叫电打过, 晕倒过); after 不 it
    is "cannot" (喘不过气, 拉不过来)."""
    return text[end:end + 1] == "过" and text[end:end + 2] not in _NOT_EXPERIENCE and text[end - 1:end] != "不"

