"""Short answers in words: "行，俺去" says yes, "俺那天去不了了" says I can't come.

Which item the answer is about is the caller's business (bot/context.py); this module only
reads the words. A message counts when it is made of such words plus particles, people words
and time words, so a longer sentence with its own matter ("去不了镇上，想请人代办") does not.
"""
from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from bot.choices import clauses as split_clauses, parse_number, strip_punctuation
from bot.nlu.dates import _DAY_WORDS, _PART_WORDS

_YES = ("确认", "确定", "我报名", "报名", "报个名", "报", "参加", "我去", "俺去", "能去", "可以去", "去", "行",
        "好的", "好嘞", "好", "中", "可以", "没问题", "算我一个", "算俺一个", "同意", "愿意", "接了", "对",
        # 报上俺 / 给俺记上 / 算上我: putting one's name down
        "报上", "记上", "算上", "写上", "加上", "带上",
        # 这个活俺能干 / 那天俺有空 / 俺来: able and free
        "能干", "干得了", "能行", "能来", "我来", "俺来", "有空", "有时间", "得空", "能参加",
        # 理发那个俺会: able to do the work
        "我会", "俺会", "会干", "会弄", "拿手",
        # 得嘞 俺到时候过去 / 妥了 / 准到: yes as it is said in the county
        "得嘞", "妥了", "过去", "能过去", "准到", "一定到", "肯定去", "准去",
        # 俺也想去 / 俺要参加: a wish to go said as the yes
        "想去", "要去", "想参加", "要参加", "愿意去", "想报", "要报", "想报名", "要报名",
        # 俺来搭把手 / 出把力: lending a hand
        "帮把手", "搭把手", "出把力",
        # 俺也来一个 / 报俺一个: one more hand counted in
        "来一个", "来个", "报俺一个", "报我一个", "记俺一个", "记我一个") + tuple(
    # 还能报上不 / 俺还能去吗: whether one may still join, asked of the task offered, is the wish to join
    # (能去吗 alone may ask whether one is fit to: only 还能去 asks to go back on the list)
    still + join + ask for still, joins in (("还能", ("报上", "报名", "报", "去", "参加")), ("能", ("报上", "报名")))
    for join in joins for ask in ("不", "吗", "么", "没")) + tuple(
    # 俺开面包车去 / 骑三轮过去: going, said with how one gets there
    drive + vehicle + go for drive in ("开", "开着", "骑", "骑着", "赶", "坐")
    for vehicle in ("车", "小车", "面包车", "轿车", "三轮", "三轮车", "三马子", "摩托", "摩托车", "电动车", "电瓶车", "拖拉机")
    for go in ("去", "过去", "来")) + tuple(
    # 俺也去扫 / 俺能去包 / 俺去帮把手: going (or able to), with the work the task is about
    going + work for going in ("去", "来", "能去", "可以去", "想去", "要去")
    for work in ("扫", "打扫", "送", "包", "做", "干", "干活", "帮", "帮忙", "帮把手", "搭把手", "剪", "劈", "陪", "拉"))
_CANT = ("去不了", "去不成", "来不了", "来不成", "不去了", "不来了", "参加不了", "不参加了", "没法去",
         "不能去", "去不上", "赶不上", "赶不回来", "不去", "不报了", "不报名了", "不干了", "干不了", "干不成",
         "做不了", "帮不了", "参加不成", "弄不了", "弄不成", "整不了", "干不来", "弄不来",
         # 那个活俺报不了了 / 俺顶不上了: the sign-up itself taken back
         "报不了", "报不成", "顶不上", "顶不了",
         # giving up on it (算了 / 拉倒吧 / 够呛) and not getting there: a verb of coming, going or
         # getting up with 不了 / 不成 / 不来 / 不过来 (起不来, 到不了, 赶不过来, 回不来, 出不去)
         # 换个人吧 / 恁找别人吧: someone else instead of me
         "换个人", "换人", "换别人", "找别人", "找个别人", "找其他人", "找旁人", "另找人", "另找个人", "另外找人",
         "让别人去", "叫别人去", "让旁人去",
         # 恁再找个人吧 / 另找一个 / 换一个人: asking for someone else said with 再 / 一个
         "再找个人", "再找人", "再找一个", "再找个别人", "再找别人", "另找一个", "另外找个人", "换一个人", "换一个别人",
         # 叫别人顶上吧 / 不中了: someone to stand in, and the county's no
         "别人顶上", "旁人顶上", "叫别人顶上", "让别人顶上", "找人顶上", "找个人顶上", "换人顶上", "不中了",
         "算了", "拉倒", "够呛", "不排了",
         # 这回俺就不凑了 等下回吧: not joining in this time, put off to the next
         "不凑", "不凑热闹", "等下回", "等下次", "等以后", "不等了", "不排队了", "去不得", "顾不上", "忙不过来", "腾不出空", "抽不出空", "没法来", "来不及") + tuple(
    verb + tail for verb in "起到赶回出走过" for tail in ("不了", "不成", "不来", "不过来", "不去", "不上"))
# Busy words: a can't in a reply to a push (没空, 走不开); 有事 only with the day it is about
# (那天俺有事), since "俺有事" alone is how a villager starts to tell a matter.
_BUSY = ("没空", "没时间", "走不开", "抽不开身", "脱不开身", "不得空", "不得闲", "没工夫")
_BUSY_ON_A_DAY = ("有事", "有点事", "有别的事", "有事情", "有个事", "得上班", "要上班", "上班")
_A_DAY = re.compile(r"那天|这天|明天|明儿|后天|今天|今儿|到时候|这周|下周|那会|这回|这次|周[一二三四五六日天]|礼拜|星期|上午|下午|晚上")
# Taking one's name off a list (把俺名字划了, 给俺去掉吧): a can't said about the sign-up itself.
_STRIKE = ("划了", "划掉", "勾了", "勾掉", "去掉", "撤了", "撤掉", "删了", "删掉", "除名", "退出", "退了",
           # 俺得退了 / 俺想退 / 要退出: the wish or need to leave the list
           "得退", "要退", "想退", "退掉", "退名")
# A yes that only means going: "俺能去 俺有车" says yes with a reason, "好 那俺先走了" does not.
_WILL_GO = ("能去", "我去", "俺去", "可以去", "去得了", "想去", "要去", "想参加", "报名", "我报名", "报个名", "参加", "算我一个", "算俺一个")
_PARTICLES = ("我", "俺", "咱", "那", "这", "就", "吧", "啊", "呀", "了", "的", "哈", "呢", "嗯", "哦", "也",
              "嘞", "哩", "呗", "喽", "咧", "恁", "您",  # 行嘞 / 中哩 / 去呗 / 恁找别人吧: the county's particles
              "滴", "哒",  # 好滴 / 中哒: 的 as fast typing and young people write it
              "都", "还", "有事", "恐怕", "可能", "实在", "真", "对不起", "不好意思", "抱歉", "家里", "临时",
              "那天", "这天", "明天", "后天", "今天", "到时候", "这次", "那次", "这回", "活动", "一个",
              "上午", "下午", "晚上", "早上", "周末", "这周", "下周", "那个", "这个", "下回", "下次", "改天", "活儿", "活", "报的", "报名的", "报了的", "约的",
              "以后", "再说", "给", "名字", "名", "把", "又", "还是", "照样", "两个", "俩", "全",
              # the hedges and the county's days (怕是 / 估计 / 明儿早上 / 这趟): a can't said softly
              "两口子", "老两口", "一家子", "俺们", "我们", "咱们", "怕是", "怕", "估计", "兴许", "多半", "八成", "看样子", "明儿", "明儿个", "后儿", "一早", "早起", "这趟", "就", "那就")


# Words that make a yes into something else: "我报名的活动" asks for one's sign-ups.
_NOT_AFTER_YES = ("的", "活动", "那个", "这个")


def _made_of(text: str, words: tuple[str, ...], fillers_out: tuple[str, ...] = ()) -> bool:
    """True when `text` is one or more of `words` with only particles around them. Every way of
    cutting the text is tried: "俺去不了了" is 俺 + 去不了 + 了, although "俺去" is a word too.
    `fillers_out` may come before the first word but not after one ("这个能去", not "我报名的活动")."""
    rest = strip_punctuation(text)
    # states[i]: how the text up to i can be cut: "before" (no word yet) and/or "after" (a word seen).
    states: list[set[str]] = [set() for _ in range(len(rest) + 1)]
    # "pending": a filler_out after a word, which only another word makes whole again ("行啊 这个俺能去").
    states[0].add("before")
    for start in range(len(rest)):
        for state in tuple(states[start]):
            for word in words:
                if rest.startswith(word, start):
                    states[start + len(word)].add("after")
            for filler in _PARTICLES:
                if rest.startswith(filler, start):
                    out = state == "after" and filler in fillers_out
                    states[start + len(filler)].add("pending" if out else state)
    return "after" in states[len(rest)]


def says_yes(text: str) -> bool:
    """'1', '行，俺去', '报名', '好的我参加' (an unconditional yes)."""
    return parse_number(text) == 1 or (not says_cant(text) and _made_of(text, _YES, _NOT_AFTER_YES))


# Days and times of day, and the sighs before an answer (哎呀 明早去不成了 / 礼拜三上午俺去不了): said
# around a yes or a can't, they change neither.
_WHEN_AND_SIGHS = re.compile("|".join(["(?:明|今|后)儿个"] + [p for p, _ in _DAY_WORDS] + [p for _, p in _PART_WORDS])
                             + r"|(?:这|下|下下)?(?:礼拜|星期|周)[一二三四五六日天]|\d{1,2}号|[一二三四五六七八九十]{1,3}号|"
                             r"半夜|这两天|那两天|哎呀|哎哟|哎|唉|喂|哦|嗨|咳")


def says_cant(text: str) -> bool:
    """'俺那天去不了了', '不去了', '实在去不成了', '把俺名字划了吧' (taking back a yes)."""
    text = _WHEN_AND_SIGHS.sub("", text) or text
    plain = strip_punctuation(text)
    return _made_of(text, _CANT + _STRIKE + _BUSY + _BUSY_ON_A_DAY + _YES) and (
        any(w in plain for w in _CANT + _STRIKE + _BUSY)
        or (any(w in plain for w in _BUSY_ON_A_DAY) and _A_DAY.search(plain) is not None))


# "1 俺报名" / "1，算俺一个": the push's 回复1 said with a yes after it (no 号: "1号俺去" names task 1).
_YES_CODE_FIRST = re.compile(r"^\s*[1１]\s*[，,、.。:：\s]*(?=\S)")


def yes_code_first(text: str) -> str | None:
    """The words after a bare 1 that opens a yes (1 俺报名: the latest push's 回复1), else None."""
    found = _YES_CODE_FIRST.match(text)
    if found is None:
        return None
    rest = text[found.end():]
    return rest if says_yes(rest) or sounds_like_yes(rest) else None




def cant_and_why(text: str) -> str | None:
    """'俺不去了 那天得去走亲戚' / '家里来亲戚了 那个去不成了': the reason told in clauses of its own
    before or after a can't, or None. Whether the reason is another matter ("去不了，想请人代办低保")
    is the caller's to judge."""
    clauses = split_clauses(text)
    if len(clauses) < 2:
        clauses = _cut_after_cant(text.strip())  # voice writes no stops: 俺得退了礼拜五俺闺女坐月子
    if len(clauses) < 2:
        return None
    cant = [i for i, clause in enumerate(clauses) if says_cant(clause)]
    if not cant:
        return None
    return "，".join(c for i, c in enumerate(clauses) if i not in cant) or None


_CANT_AT = re.compile("(?:" + "|".join(sorted(map(re.escape, _CANT + _STRIKE + _BUSY), key=len, reverse=True))
                      + ")(?:了|吧|啦|啊)*")


def _cut_after_cant(text: str) -> list[str]:
    """A run-on cut after its first can't (俺得退了 | 礼拜五俺闺女坐月子), when the words up to it say
    can't by themselves; else the text whole."""
    for found in _CANT_AT.finditer(text):
        head, tail = text[:found.end()], text[found.end():]
        if tail and says_cant(head):
            return [head, tail]
    return [text]


_CANT_CHARS = tuple(frozenset(word) for word in _CANT + _STRIKE + _BUSY + _BUSY_ON_A_DAY)  # says_cant knows them


def may_say_cant(text: str) -> bool:
    """A quick, exact no before any look-up: without every character of some can't-word, no part
    of `text` (nor `text` with a piece taken out) can say can't."""
    present = set(text)
    return any(chars <= present for chars in _CANT_CHARS)


def mentions_cant(text: str) -> bool:
    """A longer sentence that still says "can't come" (俺报的那个打扫的活去不成了)."""
    return any(w in strip_punctuation(text) for w in _CANT)


# What follows a yes is a reason only when it is a statement: a question or a goodbye after 好/行
# ("行 俺想问问低保", "好 那俺先走了") is something else.
_NOT_A_REASON = re.compile(r"想问|问问|问一下|打听|咋|怎么|啥|什么|[吗呢么?？]$|先走|再见|拜拜|回头聊")


def yes_and_why(text: str) -> str | None:
    """The reason beside a yes, or None: '俺能去 俺有车' / '报名 正好那天有空' (a first clause that
    says going), '俺有车 俺去' / '行 正好那天闲着' (a short yes first or last). Whether the reason is
    another matter is the caller's to judge (is_new_request)."""
    clauses = split_clauses(text)
    if len(clauses) < 2 or says_cant(text) or any(says_cant(c) for c in clauses):
        return None
    if _made_of(clauses[0], _WILL_GO, _NOT_AFTER_YES):
        return "，".join(clauses[1:])
    if any(len(c) > 12 for c in clauses) or any(ch.isdigit() for ch in text):  # "取消 1" is a command
        return None
    if _made_of(clauses[0], _YES, _NOT_AFTER_YES):
        rest = clauses[1:]
    elif _made_of(clauses[-1], _YES, _NOT_AFTER_YES):
        rest = clauses[:-1]
    else:
        return None
    reason = "，".join(rest)
    return None if _NOT_A_REASON.search(reason) else reason


# 两个都去 / 俩都报上 / 全报: every task offered.
_ALL = re.compile(r"(?:两个|俩|仨|三个|两样|两场|这些|几个|全部|全都|全|每个)(?:活动?儿?)?(?:俺|我)?(?:都|全|也)?")


def says_all(text: str) -> bool:
    """'两个俺都能去' / '俩都报上': yes to every task offered; a reason may follow in a clause of its
    own (俩活俺都能去 俺闲着也是闲着), never a can't."""
    clauses = split_clauses(text)
    if not clauses or (len(clauses) > 1 and any(says_cant(c) or mentions_cant(c) for c in clauses)):
        return False
    words = strip_punctuation(clauses[0] if len(clauses) > 1 and _ALL.search(clauses[0]) else text)
    return _ALL.search(words) is not None and says_yes(_ALL.sub("", words, count=1))


def names_every(text: str) -> bool:
    """'两个都去不了' / '俩都报上': the words are about every task (what they say is the caller's)."""
    return _ALL.search(strip_punctuation(text)) is not None


# A yes said at length without stops, as voice writes it ("妥了妥了俺下午两点准到", "好嘞俺那天没啥事俺去
# 陪着老人说说话"): it opens with a yes, or says going in so many words, and asks and refuses nothing.
# A yes opens the answer, after a 喂 / 哎 / 那个 at most: "喂 收到了收到了 中 俺明儿个一早就过去".
_OPENS_YES = re.compile(r"^(?:喂|哎|唉|那个|嗯)*(?:妥了|好嘞|好的|得嘞|(?:中|行)(?:啊|嘞|哩)?|没问题|可以|嗯嗯?|好啊|好|收到|知道了|晓得了)")
# Going, with when between the person and the verb: "俺明儿个一早就过去", "俺到时候准到".
_WHEN_GOING = r"(?:明天|明儿个?|后天|今天|今儿个?|一早|早上|上午|下午|晚上|到时候|那天|按时|准时)*"
_SAYS_GOING = re.compile(r"准到|一定到|肯定到|(?:我|俺)" + _WHEN_GOING + r"(?:就|也|肯定|一定|准|能|可以)?(?:去|来|过去|参加|报名|干得?了|能干)|"
                         # 满了的话俺排着 / 人够了俺就候着: in line for a place
                         r"(?:我|俺)(?:就|先|也)?(?:排着|排队|排上|候着|候补)|"
                         r"算(?:我|俺)一个|报上|记上(?:我|俺)|(?:我|俺)取(?=$|[我俺，,\s])|"  # 取: 去 typed by its sound
                         # 俺骑着三轮去送 / 俺下午过去帮把手: going to do the work, how said on the way
                         r"(?:我|俺)[\u4e00-\u9fff]{0,6}?(?:去|过去)(?:送|帮|干|扫|做|陪|弄|搭把手)")
# The sounds of a yes typed by pinyin with the wrong characters (报铭, 报明 for 报名).
_ASKS_AT_LENGTH = re.compile(r"想问|问问|问一下|打听|咋|怎么|(?<!没)啥|什么|[吗呢么?？]$")
_YES_SOUNDS = {("bao", "ming"), ("can", "jia"), ("que", "ren"), ("bao", "ming", "le")}


def says_yes_at_length(text: str) -> bool:
    """A long yes with its own words around it (the caller checks it is no other request)."""
    words = strip_punctuation(text)
    if len(words) > 40 or says_cant(text) or mentions_cant(text) or _ASKS_AT_LENGTH.search(words):
        return False
    return bool(_OPENS_YES.match(words) and _SAYS_GOING.search(words)) or (
        _SAYS_GOING.search(words) is not None and (_OPENS_YES.search(words) or _QUEUES.search(words)) is not None)


# Willing to wait for a place (人够了俺就排着 / 满了俺排队等): going, said with the waiting list in mind.
_QUEUES = re.compile(r"排着|排队|排上|候着|候补|等着补|等空")


def with_yes_typos_fixed(text: str) -> str:
    """'俺包名 明天下午俺有空' → '报名，明天下午俺有空': a clause that is a yes typed by its sound
    becomes the yes word, so the clause readers above see it."""
    clauses = split_clauses(text)
    return "，".join("报名" if sounds_like_yes(c) else c for c in clauses) if len(clauses) > 1 else text


def sounds_like_yes(text: str) -> bool:
    """报铭 / 报明 / 残加: a yes word typed with characters of the same sound."""
    words = re.sub(r"^(?:我|俺)", "", strip_punctuation(text))  # 俺报明
    if not 2 <= len(words) <= 3:
        return False
    return tuple(lazy_pinyin(words)) in _YES_SOUNDS
