"""The words of an errand request: the matter a first message names in its own words (老年证),
and the phone (or 没手机) and the time said along with it."""
from __future__ import annotations

import re

from bot.forms import NO_PHONE, looks_like_time, says_no_phone
from bot.nlu.phone import parse_mobile as parse_phone

HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
PHONE_DIGITS = re.compile(r"[\d\s-]{11,}")
MAX_WHEN_CHARS = 50


# The asking words around a matter (请党员帮俺代办个 … 吧): what is left names the matter.
_ASKING = re.compile(r"^(?:俺|我)?(?:请|想|想请|想让|想叫|想找|找|让|叫|麻烦|能不能|能|可以)?(?:叫|让|请|找)?(?:个)?(?:党员|村里|村干部|人|你们|您)?"
                     r"(?:帮|替|给)?(?:俺|我|咱|俺家|我家)?(?:代办|帮办|跑一趟|跑个腿)?(?:办|去办|弄)?(?:个|一下|一个|下)?")
_CLAUSES = re.compile(r"[，,。；;！!？?\s]+")
# A clause that tells a deed (交个表 / 顺便取个药): more of the matter.
_DEED = re.compile(r"^(?:再|顺便|还)?(?:交|缴|取|领|拿|买|送|寄|捎|递|盖|签|开|打印|复印)")
_NOT_A_MATTER = re.compile(r"事$|^事|^代办$|^办事$|^件事$|^点事$|^不|不.{0,6}了$|取消|别办|算了")


# 明天后晌俺在家 / 下礼拜三上午 / 后天: a day (and the part of it) said inside a longer sentence.
_DAY_SAID = re.compile(r"(?:(?:下个?|这个?|本)?(?:礼拜|星期|周)[一二三四五六日天末]|大后天|今天|明天|后天|明儿|后儿|今儿)"
                       r"(?:上午|下午|中午|晚上|早上|后晌|前晌|头午|晌午)?(?:[\d一二三四五六七八九十两]{1,2}点(?:半)?)?"
                       r"(?:(?:俺|我)?(?:都|也)?(?:在家|有空|都行|都中))?")


# 党员帮俺去镇上交个电费 / 叫人替俺取个药: a deed asked of someone, without the word 办.
_ERRAND_DEED = r"(?:党员|村里|村干部|人)(?:帮|替|给)(?:俺|我|咱)(?:去|到)?.{0,6}(?:交|缴|取|领|拿|买|送|寄|捎|递)"


def matter_in_words(text: str) -> str | None:
    """The matter a request names in its own words when it is none of the 18 (老年证), or None."""
    clauses = [c for c in _CLAUSES.split(text or "") if c]
    first = clauses[0] if clauses else ""
    if not re.search(r"代办|帮办|帮.{0,2}办|跑一趟|跑个腿|" + _ERRAND_DEED, first):
        return None
    rest = _ASKING.sub("", first).strip("吧呗啊呀的不吗么呢")
    # 帮俺去街道跑个腿 交个表: the deed told in the clauses after the request belongs to the matter
    deeds = [c for c in clauses[1:3] if _DEED.match(c) and not parse_phone(c) and not looks_like_time(c)]
    if deeds and rest:
        rest = "，".join([rest, *deeds])
    if len(rest) < 2 or len(rest) > 20 or not HAS_CJK.search(rest) or _NOT_A_MATTER.search(rest) \
            or looks_like_time(rest) or parse_phone(rest):
        return None
    return rest


def said_along(text: str) -> dict:
    """The phone (or 没手机) and the time said in the clauses of a first message."""
    found: dict = {}
    if phone := parse_phone(text):
        found["phone"] = phone
    elif says_no_phone(text):
        found["phone"] = NO_PHONE
    for clause in _CLAUSES.split(PHONE_DIGITS.sub(" ", text)):
        if clause and looks_like_time(clause) and not re.search(r"办|请|帮|电话|手机", clause):
            found["when"] = clause[:MAX_WHEN_CHARS]
            break
    else:  # voice comes without commas: the day and part of day said inside the one long clause
        if (day := _DAY_SAID.search(text)) is not None:
            found["when"] = day.group()
        elif _URGENT.search(text) and not _NOT_URGENT.search(text):  # 挺急的: the time is "as soon as can be"
            found["when"] = "越快越好"
    return found


# 挺急的 / 急用 / 赶紧: urgency said before the time is asked answers it (不急 is a time word already).
_URGENT = re.compile(r"[挺很太可真特别非常比较老]急|急[用着死]|着急|赶紧|抓紧|马上要")
_NOT_URGENT = re.compile(r"不(?:太|咋|是很|很|用|必)?(?:着)?急")


# What stands around a time said with a phone: the phone's label (电话 / 俺手机号是) and a yes
# before it (中 后晌在家 电话139…: the time is 后晌在家).
_PHONE_LABEL = re.compile(r"(?:俺|我|俺的|我的)?(?:电话|手机|号码)(?:号码?)?(?:是|为)?")
_YES_BEFORE = re.compile(r"^(?:中|对|对的|行|好|好的|嗯|是|是的|可以|没错)(?=[\s，,。.])")


def time_besides(text: str, limit: int = MAX_WHEN_CHARS) -> dict:
    """The time said along with the phone number (13805390004 周末都在家), when it names one."""
    rest = _PHONE_LABEL.sub(" ", PHONE_DIGITS.sub(" ", text)).strip(" ，,。.")
    rest = re.sub(r"\s+", " ", _YES_BEFORE.sub("", rest)).strip(" ，,。.")
    return {"when": rest[:limit]} if rest and looks_like_time(rest) else {}
