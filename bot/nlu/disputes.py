"""The kind of dispute in a villager's words: "跟邻居因为宅基地吵起来了" → 宅基地.

Kinds are tried from the most specific to the most general, so a homestead quarrel between
neighbours is 宅基地, and unpaid wages are 工钱 rather than 债务.
"""
from __future__ import annotations

from bot.choices import parse_number

import re
import unicodedata

from bot.models.mediation import DISPUTE_KINDS


# What villagers call each kind, for the numbered list.
KIND_LABELS = {"邻里": "邻里纠纷", "婚姻家庭": "婚姻家庭", "赡养": "赡养老人", "土地承包": "土地承包",
               "宅基地": "宅基地", "债务": "欠钱（债务）", "工钱": "工钱", "其他": "其他"}

_ELDERS = r"(?:爹|娘|爸|妈|父母|老人|老的|公公|婆婆|爷爷|奶奶|老父亲|老母亲)"
_NEGLECT = r"(?:没人|没有人|不|都不|谁也不|谁都不)(?:养|管|问|照顾|伺候|给钱)"
# Kin told as the other party (俺跟俺大伯哥…, 和俺嫂子…): a quarrel within the family.
_KIN = (r"(?:[俺我](?:家)?|跟|和|同)(?:亲?(?:兄弟|弟弟|哥哥|大哥|二哥|姐姐|妹妹|妹子|姐妹|弟兄)|大伯哥|大伯子|小叔子|"
        r"嫂子|弟媳|弟妹|妯娌|大姑姐|小姑子|大姨子|小姨子|连襟|亲家|女婿|儿子|闺女|女儿|侄子|外甥|姑姑|舅舅)")
# Regular expressions, most specific kind first.
_WORDS = [
    ("宅基地", r"宅基地|寨基地|宅基|房基|屋基|地基|房前屋后|院墙|滴水|盖房|建房|翻盖|宅子"),
    ("土地承包", r"承包|租金|地租|租.{0,4}[地田]|[地田].{0,6}租|地界|地边|地头|界石|界桩|地邻|责任田|口粮田|土地流转|流转|耕地|田地|种地|庄稼地|占.{0,5}地|土地|分.{0,2}[地田]"),
    ("工钱", r"工钱|工资|欠薪|劳务费|包工头|干活的钱|打工的钱|血汗钱"),
    ("债务", r"欠钱|借钱|借了.{0,8}钱|借给.{0,8}钱|借(?:给|了).{0,6}[\d一二两三四五六七八九十几]+[百千万块元]|(?:一分|分文|一直|至今|始终|到今|到现在)(?:钱)?(?:也|都)?没还|钱.{0,6}(?:要不回来|要不来|讨不回来|不给还|拖着不给)|还钱|不还|欠款|借款|欠账|赖账|借条|欠条|债"),
    ("赡养", rf"赡养|养老|{_ELDERS}.{{0,8}}{_NEGLECT}|{_NEGLECT}.{{0,3}}{_ELDERS}|老人.{{0,4}}生活费|"
           rf"{_ELDERS}.{{0,6}}(?:谁养|谁来养|谁管|谁来管|谁伺候|轮流|轮着|推来推去)|(?:养|伺候){_ELDERS}|"
           rf"{_ELDERS}.{{0,4}}(?:看病|医药费|药钱|住院)"),
    ("婚姻家庭", r"离婚|两口子|夫妻|老婆|媳妇|丈夫|对象|彩礼|家暴|抚养|婆媳|分家|继承|遗产|婚姻|家务事|家庭"),
    ("邻里", r"[东西南北前后]邻(?!村)|[东西南北前后]院|邻居|邻里|街坊|隔壁|邻家|对门|水沟|阴沟|房檐|吵闹|噪音|排水|挡路|堵路|占道|乱堆"),
]
_PATTERNS = [(kind, re.compile(pattern)) for kind, pattern in _WORDS]
_KIN_PATTERN = re.compile(_KIN)
_QUARREL = re.compile(r"吵|闹|打架|矛盾|不说话|翻脸|不来往|纠纷|调解|评理|说道|不讲理|欺负|骂")
# Words that only say "I want mediation"; what is left after them may describe the dispute.
_REQUEST_WORDS = re.compile(r"我要|我想|俺要|俺想|想要|想|要|预约|约个?时间|调解员|调解|帮忙|帮我|帮俺|"
                            r"请|一下|找人|找|纠纷|矛盾|能不能|可以|怎么办|咋办|吗|呢|啊|吧|了|的|[，。！？,.!?\s]")


def dispute_kind(text: str, kin: bool = True) -> str | None:
    """The kind of dispute `text` names, or None. With `kin`, a quarrel with a relative that names
    no other kind (俺跟俺大伯哥闹翻了) is 婚姻家庭; without, only the words of a kind count (俺儿子的
    低保咋办 names no dispute)."""
    t = unicodedata.normalize("NFKC", text)
    for kind, pattern in _PATTERNS:
        if pattern.search(t):
            return kind
    if kin and _KIN_PATTERN.search(t) and _QUARREL.search(t):
        return "婚姻家庭"
    if re.search(r"其他|其它|别的", t) and not _ASKS_SOMETHING_ELSE.search(t):
        return "其他"
    return None


# 先问个别的 / 问点其他的事: a question about something else, not the kind "其他"
_ASKS_SOMETHING_ELSE = re.compile(r"(?:问|打听|说|办)(?:一?个|点|些|一下|下)?(?:别的|其他|其它)")


def choice_number(text: str) -> int | None:
    """'3', '３', '第3个', '三', '3号' → 3; None when the text is not just a number."""
    return parse_number(text)


def kind_from_choice(text: str) -> str | None:
    """A number 1–8 from the list, or the kind in words."""
    number = choice_number(text)
    if number is not None:
        return DISPUTE_KINDS[number - 1] if 1 <= number <= len(DISPUTE_KINDS) else None
    return dispute_kind(text)


def says_more_than_a_request(text: str, min_chars: int = 5) -> bool:
    """True when `text` tells something about the dispute, not only "I want mediation"."""
    return len(_REQUEST_WORDS.sub("", unicodedata.normalize("NFKC", text))) >= min_chars
