"""A can't that is someone else's, said beside one's own answer to a push:
- a party member: "老李说他去不了 这个俺替他接了", "小张那天去不成 俺去" (the errand is taken, not
  passed on); "这个我去不了 这周在外地" stays one's own can't;
- the same message taking it after all (哎等等 … 那俺接了吧).
- a volunteer's voice run-on without stops: "俺家老头子说他腿疼去不了俺自己去扫雪" is cut after the
  can't, so each clause is judged on its own (the husband's can't, the volunteer's yes).
handlers/staff_words.py (decline_words) and volunteer_clauses.py ask; this module only reads.
"""
from __future__ import annotations

import re

# Taken after all, later in the same message (哎等等 … 那俺接了吧), or taken in another's place
# (俺替他接了 / 俺帮他跑一趟).
_TAKEN_AFTER_ALL = re.compile(r"(?:我|俺)(?:还是|就)?接了|(?:我|俺)(?:还是)?(?:能|可以)(?:去|接)|还是(?:我|俺)(?:去|来|接)|"
                              r"(?:我|俺)(?:就|来)?(?:(?:替|顶)(?:他|她|人家|[\u4e00-\u9fff]{1,3}?)|帮(?:他|她|人家))(?:接|去|跑)")
# Another person as the subject of the can't (老李说他 / 他 / 小张 / 人家), and no 我/俺 of one's own.
_ANOTHER = re.compile(r"^(?:那个|这个|哎|喂)?(?:他|她|人家|老[\u4e00-\u9fff]|小[\u4e00-\u9fff]|[\u4e00-\u9fff]{1,3}(?:说|讲))")
# One's own going or taking, said after another's can't (俺去 / 俺接 / 这个俺来).
_MINE = re.compile(r"^(?:那|这个|那这个|那就)?(?:我|俺)(?:就|来)?(?:去|接|来|办|跑)")


def taken_after_all(before: str, why: str) -> bool:
    """Whether the words around a can't (`before` it, `why` after it) take the item after all:
    taken later in the message, or the can't was another person's and one's own yes follows."""
    if _TAKEN_AFTER_ALL.search(why or ""):
        return True
    before = (before or "").strip()
    return bool(before) and _ANOTHER.match(before) is not None and not re.search(r"我|俺", before) \
        and _MINE.match((why or "").strip()) is not None


# A can't word, then one's own words in the same run (…去不了俺自己去…): a clause ends after the can't.
_CANT_THEN_SELF = re.compile(r"((?:去不了|去不成|来不了|来不成|不去了|不来了|没法去|不能去)(?:了|啊|呀)?)(?=(?:我|俺)(?:自己|就|还|也)?)")


def cut_after_cant(text: str) -> str:
    """'俺家老头子说他腿疼去不了俺自己去扫雪' → '俺家老头子说他腿疼去不了 俺自己去扫雪'."""
    return _CANT_THEN_SELF.sub(r"\1 ", text)
