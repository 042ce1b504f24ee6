"""Done told by the problem gone rather than by the deed (staff with one need or errand in hand):
"管子缠上了 不漏了", "换了个新的控制器 这回好了", "灯又能亮了", "已经通了 恁放心吧". A clause that says the thing works
again (能用了, 正常了, 有水了) or that the trouble stopped (不漏了, 不冒烟了, 不响了), alone or last,
with no time ahead of it ("明天就好了" is a promise, not news of the work done).
"""
from __future__ import annotations

import re

from bot.choices import clauses as split_clauses

from .smalltalk import smalltalk_kinds

# The trouble stopped: 不 + a verb of what was wrong (漏 淌 冒 响 …) + 了.
# (不往麦地淌了: where it ran may stand between)
_STOPPED = (r"不(?:再)?(?:往[\u4e00-\u9fff]{1,4})?(?:漏|淌|灌|渗|冒|滴|流|响|嗡嗡|臭|堵|跳闸|跳|晃|歪|灭|闪|倒烟|返水|漫|积水|卡|黑|冷|潮|脏|乱|吵|颠|硌|滑|陷|绊|摸黑)"
            r"(?:水|烟|气|味儿?|了)?了")
# Works again: 好了 only after a word of now (这回/这下/现在), the others alone.
_WORKS = (r"(?:这回|这下|这会儿?|现在|如今|眼下|已经|终于)(?:就|也|都|可)?(?:好了|行了|中了|没事了|妥了)|"
          r"(?:又|也|都|已经|现在|这回)?(?:能用|好使|正常|能走|能过|能开|能浇|能喝|好走|平整|平乎|平|通畅)(?:了|啦)|"
          r"(?:又|也|都|已经|现在|这回)?(?:有水|有电|来水|来电|通水|通电|亮堂|亮|通)(?:了|啦)")
# What is fixed may be named first (路灯全都亮了, 水管子不漏了), with no not, no time ahead, no still.
_SUBJECT = r"(?:(?!不|没|未|还|别|明|后天|等|快|要|会|才|再|就)[\u4e00-\u9fff]){0,6}?(?:全都|全|都|也|又)?"
# Put in anew (盖子换了个新的 / 换上新的了 / 装了个新控制器): "明天换新的" has no 了 and is a plan.
# 换新的了 / 都换成新的了: with no 了 after the deed, the news needs one at the end.
_NEW_ONE = r"(?:个|一个|根|块|只|盏|台|套|副|批)?新(?:的)?[\u4e00-\u9fff]{0,4}?"
_RENEWED = (r"(?:换|装|安|配|买)(?:(?:了|上了?|成了?)" + _NEW_ONE + r"(?:了)?|" + _NEW_ONE + r"了)")
_FIXED = re.compile(r"^" + _SUBJECT + "(?:" + _STOPPED + "|" + _WORKS + "|" + _RENEWED + r")(?:啊|呀|哈|嘞|哩|呢)?$")


# Found that it cannot be done (老人不符合条件 办不了 / 批不下来): the errand's result, told as such.
FINDING = re.compile(r"不符合|不够条件|够不上|不够格|没资格|不给办|不让办|批不了|批不下来|办不下来|政策不允许|不在范围")


def says_fixed(text: str) -> bool:
    """The only clause, or the last one, says the trouble is gone (asking nothing)."""
    if re.search(r"[?？吗么没]\s*$", text.strip()):
        return False
    clauses = split_clauses(text)
    while len(clauses) > 1 and smalltalk_kinds(clauses[-1]):
        clauses.pop()  # 已经通了 恁放心吧: the reassurance after the news
    return bool(clauses) and _FIXED.match(clauses[-1]) is not None


# Work under way told by the one doing it (正在抢修, 跟自来水公司说了): no villager's new problem even when
# the words name a fault (主管道冻裂了), since a villager does not report a repair in progress.
_UNDERWAY = re.compile(r"正在(?:抢修|修|弄|办|处理|联系|协调|施工|挖|换|查)|抢修|在修着|修着呢|"
                       # 供电所的人在路上了 / 师傅往这赶呢: the one who fixes it is coming (电线掉在路上 is no one)
                       r"(?:人|师傅|电工|工人|技术员|大夫|医生)(?:已经|正)?(?:在(?:来的)?路上|往(?:这|咱村|村里)(?:边)?赶|出发了|动身了)|"
                       r"(?:跟|和|给|向)[\u4e00-\u9fff]{1,8}?(?:说|讲|反映|联系|打招呼|报)(?:了|过)|"
                       # 给劳动监察打了电话 / 跟水利站通过电话了: someone called about it
                       r"(?:跟|和|给|向)[\u4e00-\u9fff]{1,8}?(?:打|通)(?:了|过)(?:个|一个|几个)?电话|"
                       # 申请交到民政窗口了 / 材料递上去了 / 等着入户调查: handed in, waiting on the office
                       r"(?:交|送|递|报)(?:到|给|上)[\u4e00-\u9fff]{0,10}?(?:了|去了|去啦)|"
                       r"等着(?:审|批|入户|调查|核实|公示|回复|通知|上面)")


def work_underway(text: str) -> bool:
    return bool(_UNDERWAY.search(text))


# Still being done (正在疏通, 修着呢): whatever else the words say, the item is not finished.
_STILL_GOING = re.compile(r"正在|在修着|修着呢|弄着呢|抢修中|还在(?:修|弄|干|挖|疏通)")


def still_going(text: str) -> bool:
    return bool(_STILL_GOING.search(text))
