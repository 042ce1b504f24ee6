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
