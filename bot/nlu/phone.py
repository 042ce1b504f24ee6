"""Mobile numbers as villagers type or say them: full-width digits, spaces, dashes, 幺三八…, +86."""
from __future__ import annotations

import re
import unicodedata

# Spoken digits (voice recognition often writes them out): 幺 for 1, 洞 for 0, 两 for 2.
_SPOKEN = str.maketrans({"幺": "1", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
                         "六": "6", "七": "7", "拐": "7", "八": "8", "九": "9", "勾": "9", "零": "0",
                         "〇": "0", "洞": "0"})
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s\-]*)?(1[3-9](?:[\s\-.·]*\d){9})(?![\s\-.·]*\d)")


def parse_mobile(text: str) -> str | None:
    """The 11-digit mainland mobile number in `text`, digits only; None when there is none."""
    if len(text) == 11 and text.isascii() and text.isdigit() and text[0] == "1" and text[1] in "3456789":
        return text  # already a bare number (imports: three calls a row)
    typed = unicodedata.normalize("NFKC", text).replace("—", "-").replace("－", "-")
    # The digits as typed first: a spoken digit next to a typed number (13800001111 一天都在) is a
    # word (一天), not the number's twelfth digit; only without a typed number are 幺三八… read.
    m = _MOBILE.search(typed) or _MOBILE.search(typed.translate(_SPOKEN))
    return re.sub(r"\D", "", m.group(1)) if m else None


# A number the villager gives ("电话13805390040", "俺手机是138 0539 0040", "打俺儿子的158…"),
# with the words that introduce it: it tells how to reach them, it asks for no phone and no person.
_GIVEN = re.compile(r"(?:(?:打|找|联系|拨)(?:我|俺)?(?:家)?(?:儿子|闺女|女儿|孩子|老伴|媳妇|孙子|孙女|家里人?|邻居|侄子)?的?)?"
                    r"(?:(?:我|俺|我的|俺的|我家|俺家)?(?:联系)?(?:电话|手机|手机号|号码|座机)(?:号码?)?(?:是|为|:|：)?\s*)?"
                    r"(?:(?<!\d)(?:\+?86[\s\-]*)?1[3-9](?:[\s\-]*\d){9}(?![\s\-]*\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d))")


def without_given_phone(text: str) -> str:
    """`text` with a phone number it gives (and its 电话 / 手机 before it) taken out."""
    if not any(ch.isdigit() for ch in text):
        return text
    return _GIVEN.sub(" ", unicodedata.normalize("NFKC", text))


# "号码说错了 后四位是1243", "尾号改成幺二四三", "最后两位是36": the end of the number given, corrected.
_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_TAIL = re.compile(r"(?:后|尾|最后|末)(?:边|面|头)?(?:的)?([1-6一二两三四五六])?(?:位|个数|个字|位数|个号)?(?:数|数字|号码?)?"
                   r"(?:是|应该是|该是|改成|改为|换成|为|[:：])?\s*([\d幺一二三四五六七八九零〇洞两拐勾]{2,6})(?![\d])")


_OF_A_NUMBER = re.compile(r"位|号|电话|手机|数字")


def corrected_tail(text: str, phone: str | None) -> str | None:
    """`phone` with its last digits replaced by those the villager says are the right ones, or None
    (no mobile number to correct, no end of a number said, or the count said and the digits differ)."""
    if not phone or parse_mobile(phone) != phone:
        return None
    text = unicodedata.normalize("NFKC", text)
    found = _TAIL.search(text)
    if found is None or not _OF_A_NUMBER.search(text):
        return None  # 后三四天都行: a time, no number
    digits = found.group(2).translate(_SPOKEN)
    count = found.group(1)
    if count is not None and (int(count) if count.isdigit() else _COUNT[count]) != len(digits):
        return None
    if not digits.isdigit():
        return None
    return phone[:-len(digits)] + digits
