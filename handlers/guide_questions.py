"""Questions about the guide being discussed that ask for none of its parts ("要体检吗", "本人得去吗").

They are answered from the guide itself: the part whose text shares the most words with the
question, or, when the guide says nothing of it, the phone number to ask. They are never taken
for a new need or another matter when the router is not confident of one.
"""
from __future__ import annotations

import re

from bot.choices import strip_punctuation
from bot.guides import GuideView

# A question, not a statement: ends asking (吗/么/不/没/呢/？) or asks either way (要不要, 能不能).
# "出生证明是医院给的那个吧": 是…吧 asks to be told yes (a bare 好吧 / 行吧 agrees and asks nothing).
_QUESTION = re.compile(r"(吗|么|不|没|没有|呢|嘛|\?|？)\s*$|(\w)不\2|需不需|用不用|得不得|是不是|可不可|是\S{2,12}吧\s*$")
# Characters that carry no matter of their own: a pair of words with one of them says nothing.
_EMPTY = set("还得要去吗么呢不没有的了是能可以我俺你您这那啥什么怎咋办个一也都就在给把让到会用需")
MAX_QUESTION_CHARS = 20  # longer text tells something; it is routed as usual
# Parts a question can be answered from, with the guide's text of each.
_PARTS = ("materials", "steps", "where", "cost", "time", "who")


# Clauses of one message: "非得本人去吗 俺儿瘫床上了" asks first and tells why after.
_CLAUSE_BREAK = re.compile(r"[\s，,。；;！!]+")


def is_question(text: str) -> bool:
    """A short message that asks, in its last clause or in an earlier one followed by the reason."""
    words = text.strip()
    if not 0 < len(strip_punctuation(words)) <= MAX_QUESTION_CHARS:
        return False
    clauses = [clause for clause in _CLAUSE_BREAK.split(words) if clause]
    if _QUESTION.search(clauses[-1]):
        return True
    # the reason after the question asks nothing itself ("还没残疾证呢 残疾证咋办" asks the last clause)
    return not _ASKS_ANEW.search("".join(clauses[1:])) and any(_QUESTION.search(c) for c in clauses[:-1])


# "俺替他领中不", "他走不动 让闺女去办行吗", "能代领不": whether someone else may do it in their stead.
_PROXY = re.compile(r"(俺|我|咱|家里人|家属|闺女|儿子|儿媳|孩子|别人|旁人|亲戚|老伴)(去|来)?(替|帮|给|代)(他|她|俺|我|人家|老人|"
                    r"[\u4e00-\u9fff]{0,2}?(爹|娘|爸|妈|爷|奶|老伴|婆婆|公公))?(去|来)?(领|办|交|跑|签|认证|申请|弄)|"
                    r"代(领|办|交|签|认证)|委托|(让|叫)(闺女|儿子|儿媳|孩子|家里人|别人|亲戚|俺|我)(去|来|替|帮)")
# the words the guides use of it, added to the question to find the part that tells
PROXY_WORDS = " 代办 家属 委托 别人 监护人"


def asks_proxy(text: str) -> bool:
    """A question whether a relative or another person may act for the one concerned."""
    return is_question(text) and bool(_PROXY.search(text))


_ASKS_ANEW = re.compile(r"咋|怎么|怎样|如何|啥|什么|哪|谁|几|多少")


def _pairs(text: str) -> set[str]:
    chars = [c for c in strip_punctuation(text) if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:]) if a not in _EMPTY and b not in _EMPTY}


def _part_text(guide: GuideView, part: str) -> str:
    return {
        "materials": "".join(guide.materials),
        "steps": "".join(guide.steps),
        "where": guide.where_for(None),
        "cost": guide.cost,
        "time": guide.time_limit,
        "who": "".join(guide.who),
    }[part]


def answering_part(guide: GuideView, question: str) -> str | None:
    """The part of `guide` that speaks of what `question` asks (most shared word pairs), or None;
    single characters count too, so 体检 finds the step "到医院做残疾评定" through 检 only when
    nothing better is there."""
    pairs = _pairs(question)
    chars = {c for c in question if "\u4e00" <= c <= "\u9fff" and c not in _EMPTY}
    best, best_score = None, 0.0
    for part in _PARTS:
        text = _part_text(guide, part)
        score = sum(1.0 for p in pairs if p in text) + sum(0.25 for c in chars if c in text)
        if score > best_score:
            best, best_score = part, score
    return best if best_score >= 0.5 else None


# A paper with a name of its own (死亡证明, 火化证明, 户口本): two or more characters before 证明/证/本.
_PAPER_END = re.compile(r"证明|证|本")


def paper_of_materials(guide: GuideView, question: str) -> bool:
    """"死亡证明上哪开" while 丧葬补助 is read: where to get a paper this guide's materials name,
    which the materials line tells (医院开；在家去世的找乡镇卫生院), not where the matter is done."""
    materials = "".join(guide.materials)
    words = strip_punctuation(question)
    return any(words[max(0, end.start() - n):end.end()] in materials
               for end in _PAPER_END.finditer(words) for n in (2, 3, 4) if end.start() >= n)


_HOW_WORDS = re.compile(r"咋|怎么|怎样|如何")


def asks_how_of_a_step(guide: GuideView, question: str) -> bool:
    """"咋备案啊" while 医保报销 is read: how to do something the guide's steps tell (备案), not the
    matter again (the guide's own title words do not count)."""
    if not _HOW_WORDS.search(question):
        return False
    steps, title = "".join(guide.steps), guide.title
    return any(pair in steps and pair not in title for pair in _pairs(_HOW_WORDS.sub(" ", question)))


def paper_listed(guide: GuideView, question: str) -> bool:
    """A paper of the guide's materials named the way people shorten it (出生证明 for 《出生医学证明》,
    户口本 for 随其落户一方的户口本): the two characters before its end and the end, in that order,
    in one item of the list."""
    words = strip_punctuation(question)
    for end in _PAPER_END.finditer(words):
        head = words[max(0, end.start() - 2):end.start()]
        if len(head) < 2:
            continue
        for item in guide.materials:
            at = item.find(head)
            if at >= 0 and item.find(end.group(), at + len(head)) >= 0:
                return True
    return False


def asks_anew(question: str) -> bool:
    """A question word (咋, 哪, 啥, 多少…): the message asks for something, not a yes to what it says."""
    return bool(_ASKS_ANEW.search(question))
