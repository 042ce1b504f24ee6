"""The gist of a need's words for a template field (WeChat shows one line of at most 20 characters).

A villager tells a need in a long sentence ("俺跟恁说个事 俺们庄东头往镇上去的那条水泥路 上回下大雨冲出来
一个大坑"); cutting it at 20 characters loses the word that matters (坑). The gist keeps, in order:
the clause that tells the problem (坏, 坑, 漏, 堵, 停, 没人拉 … or a word of need_words.yaml) or what is
asked for (想找家庭医生上门), the thing
or place the clause before it ends with (…那条水泥路 → 水泥路), then the clauses after it while they fit.
Greetings, requests to listen (麻烦恁个事, 跟恁说个事), phones, urgency and time fillers are dropped first.
When the first words already tell the problem as well as any clause does, they are cut as before.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Clauses that carry no matter: greetings, asks to listen, phones, urgency, thanks.
_EMPTY = re.compile(
    r"^(?:喂+|哎+|唉+|那个|这个|就是|是这样|是这么个事儿?|(?:书记|主任|领导|同志|大哥|大姐|恁|您|你)们?(?:好|好啊|好呀)|"
    r"(?:麻烦|劳驾|打扰)(?:一下|恁|您|你|你们|恁们)?(?:们)?(?:个|件)?(?:事儿?)?|"
    r"(?:俺|我)?(?:跟|和|给|向)?(?:恁|您|你)?(?:们)?(?:说|反映|汇报|讲|拉)(?:个|件|一下|下)?(?:事儿?|情况)?|"
    r"(?:俺|我)?(?:想|要)?(?:问|反映|说)(?:问|一下|个事儿?)?|"
    r"(?:电话|手机|号码)?[:：]?\d{7,}|(?:不急|不着急|不算太急|不太急|不算急|有点急|挺急的?|很急|特别急|急得很|快点|着急)|"
    r"谢谢(?:恁|您|你)?(?:们)?|麻烦了|多谢)"
    r"[啊呀吧哈了呢]*$")
_PHONE = re.compile(r"(?:电话|手机|号码)?[:：]?\s*1\d{10}")
# Words that do not help a representative see the matter, dropped inside a clause when it is long.
_FILLER = re.compile(r"俺们|我们|咱们|那个|这个|那条|这条|一个|上回|前两天|这两天|前几天|夜来|昨天|昨儿个?|今天|今儿|"
                     r"好几天了?|老是|一直|都|就|给")
# Words of a problem: something broken, missing, blocked, dirty, owed, sick.
# The damage itself (坑, 窟窿, 漏 …) outweighs what comes with it (掉, 没人, 不能 …).
_DAMAGE = re.compile(r"坑|窟窿|洞|漏|堵|塌|裂|断|坏|破|爆|冻|淹|积水|停水|停电|没水|没电|跳闸|不亮|不通|欠")
_PROBLEM = re.compile(r"坏|坑|窟窿|洞|漏|堵|塌|裂|断|停|破|倒|歪|掉|丢|臭|脏|满了|浑|冻|爆|淹|积水|冒|不亮|不通|不出|不上|"
                      r"不开|不在|不给|不发|没人|没水|没电|没信号|没网|拿不着|卖不出|难|欠|病|疼|蔫|死|跳闸|缺|少了|"
                      r"不够|不行|不好|(?<!能)不能|没法|过不去|上不了|看不见|黑|压坏|压得|没开门|关门|锁着|发黄|黄了|干了|枯|木有|"
                      # what goes wrong with crops and trees (叶子卷了, 根烂了, 生虫, 长了斑)
                      r"卷了|打卷|卷叶|烂|发霉|霉了|生虫|长虫|起虫|招虫|长斑|起斑|长了斑|起了斑")
# Not knowing what it is (不知道是啥病, 也不晓得咋回事): a problem, but it tells less than the thing itself.
_VAGUE = re.compile(r"^(?:也|就是|俺|我)*(?:不知道|不晓得|不知|不清楚|搞不清|弄不清)(?:是)?(?:啥|什么|咋|怎么|哪)")
# Whose it is, at the head of the first clause (俺村, 俺家): the representative sees the village anyway.
_OWNER = re.compile(r"^(?:俺|我|咱)(?:们)?(?:村|家|庄|这片|这里|这边)?(?:的)?")
_CLAUSES = re.compile(r"[，,。.！!？?；;、\s]+")
# The thing or place a clause ends with: what follows its last 的 / 那条 / 那个 (…往镇上去的那条水泥路 → 水泥路).
_TAIL = re.compile(r"(?:的|那条|这条|那个|这个|那座|那口|那根)([^的]{1,6})$")


@lru_cache(maxsize=1)
def _need_words() -> tuple[str, ...]:
    try:
        from .fields import everyday_words
        return tuple(word for word, _field in everyday_words())
    except Exception:  # noqa: BLE001 - a gist never fails for want of the word list
        return ()


# What the villager asks for (想找家庭医生上门给量量血压): as telling as the damage itself.
_WANTS = re.compile(r"(?:想|要|得|需要)(?:找|请|叫|让)(?:个|位|人)?[\u4e00-\u9fff]{2}|上门")


def _score(clause: str) -> int:
    if _VAGUE.match(clause):
        return 1
    return (2 * bool(_PROBLEM.search(clause)) + 3 * bool(_DAMAGE.search(clause))
            + any(word in clause for word in _need_words()))


def _problem_and_ask(clauses: list[str], limit: int) -> str | None:
    """'腿脚不好 想找家庭医生上门给量量血压': when no clause names damage (a sickness, a crop gone yellow),
    what is asked for tells the representative whom to bring; kept with the problem when both fit."""
    asks = [i for i, c in enumerate(clauses) if _WANTS.search(c)]
    scores = [_score(c) for c in clauses]
    if not asks or any(_DAMAGE.search(c) for c in clauses):
        return None
    ask = asks[-1]
    problems = [i for i in range(len(clauses)) if i != ask and scores[i] > 0]
    if not problems:
        return None
    best = max(problems, key=lambda i: (scores[i], -i))
    problem = _OWNER.sub("", clauses[best])
    for asked in (clauses[ask], _ASK_FILLER.sub("", clauses[ask])):
        for told in (problem, _FILLER.sub("", problem)):
            if told and len(told) + 1 + len(asked) <= limit:
                return " ".join([told, asked] if best < ask else [asked, told])
    return None


# Words an ask does without (想找个技术员来瞅瞅 → 找技术员瞅瞅).
_ASK_FILLER = re.compile(r"^(?:想|要)|个|给|来|一下|帮忙")


def _shorten(clause: str, limit: int) -> str:
    """The clause within `limit`: fillers dropped, then the part around the problem word kept."""
    if len(clause) <= limit:
        return clause
    clause = _FILLER.sub("", clause) or clause
    if len(clause) <= limit:
        return clause
    problem = _PROBLEM.search(clause)
    end = min(len(clause), (problem.end() + 4) if problem else limit)
    start = max(0, end - limit)
    return clause[start:start + limit]


def _with_thing(before: str, problem: str, limit: int) -> list[str]:
    """The problem clause with the thing or place the clause before it names: its end after the
    last 的 (…那条水泥路 → 水泥路), else its head up to a 的 (西河小桥桥面上的石板… → 西河小桥桥面上)."""
    tail = _TAIL.search(before)
    thing = (_FILLER.sub("", tail.group(1)) or tail.group(1)) if tail else ""
    if thing and thing not in problem:
        if len(thing) + 1 + len(problem) <= limit:
            return [thing, problem]
        if len(thing) + 1 + len(shorter := _FILLER.sub("", problem)) <= limit:
            return [thing, shorter]
    room = limit - 1 - len(problem)
    after_de = before.rsplit("的", 1)[1] if "的" in before else ""
    if 2 <= len(after_de) <= room:  # 俺家种的大葱地里起了一种白毛 → 大葱地里起了一种白毛
        return [after_de, problem]
    head = before[:room].rsplit("的", 1)[0] if "的" in before[:room + 1] else ""
    head = _FILLER.sub("", head)
    return [head, problem] if len(head) >= 2 else [problem]


def gist(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, keeping the problem and the thing or place it concerns."""
    line = " ".join(_PHONE.sub(" ", text).split())
    clauses = [c for c in _CLAUSES.split(line) if c and not _EMPTY.match(c)]
    if not clauses:
        return line[:limit]
    joined = " ".join(clauses)
    if len(joined) <= limit:
        return joined
    if (asked := _problem_and_ask(clauses, limit)) is not None and not any(
            _WANTS.search(c) and c in joined[:limit] for c in clauses):
        return asked
    scores = [_score(c) for c in clauses]
    best = scores.index(max(scores))
    whole_best_fits = len(clauses[best]) <= limit and clauses[best] not in joined[:limit - 1]
    if _score(joined[:limit]) >= scores[best] and not whole_best_fits:  # the start tells the problem: cut as before
        return joined[:limit - 1] + "…"
    kept = [_shorten(clauses[best], limit)]
    if best > 0 and len(clauses[best - 1]) + 1 + len(kept[0]) <= limit:
        kept.insert(0, clauses[best - 1])
    elif best > 0:
        kept = _with_thing(clauses[best - 1], kept[0], limit)
    if best > 1 or (best == 1 and kept[0] != clauses[0]):
        # The first clause names what it is about (俺村卫生室的大夫走了 … 老人血压药都断了): kept when it fits
        topic = _OWNER.sub("", clauses[0])
        if topic and topic not in kept and len(topic) + 1 + len(" ".join(kept)) <= limit:
            kept.insert(0, topic)
    for after in clauses[best + 1:]:
        if len(" ".join(kept)) + 1 + len(after) > limit:
            break
        kept.append(after)
    return " ".join(kept)
