"""The words of a volunteer's registration: skills and free times as numbered multi-choice or in
their own words (俺会做饭, 礼拜一到礼拜五后晌都行, 周末上午); a phone number said along the way is
never read as choices (13822223333 is no "1 and 3")."""
from __future__ import annotations

import re
import unicodedata


SKILL_WORDS = {  # option number (bot/volunteers/rules.SKILLS) → words that mean it
    1: ("做饭", "烧饭", "炒菜", "帮厨", "厨", "擀面", "包饺子", "蒸馍", "刷碗", "洗碗", "择菜"),
    2: ("聊天", "陪老人", "陪伴", "拉呱", "说说话", "唠嗑", "陪着说话"),
    3: ("理发", "剪头", "剃头", "推头", "剪发"), 4: ("开车", "司机", "驾驶", "三轮", "电动车", "拉人", "拖拉机"),
    5: ("其他", "其它", "别的", "打扫", "扫地", "修", "跑腿", "干活", "出力", "啥都"),
}
# Free times (bot/volunteers/rules.FREE_TIMES): 1 工作日上午, 2 工作日下午, 3 晚上, 4 周末, 5 什么时候都行.
_MORNING = re.compile(r"上午|早上|早晨|早起|头午|前晌|清早")
_AFTERNOON = re.compile(r"下午|后晌|过晌|晌午头|午后")
_EVENING = re.compile(r"晚上|夜里|黑天|黑夜|晚饭后|擦黑")
_WEEKEND = re.compile(r"周末|礼拜[六天日]|星期[六天日]|周[六日]|歇班|放假|双休")
_WEEKDAY = re.compile(r"工作日|平时|平常|上班|礼拜[一二三四五]|星期[一二三四五]|周[一二三四五]")
_DAYTIME = re.compile(r"白天|白日|大白天")
_EVERY_DAY = re.compile(r"都|天天|每天|整天")
_ANY_TIME = re.compile(r"在家|都行|都可以|都中|都管|随时|都有空|天天|整天|哪天都|什么时候都|啥时候都|随叫随到|一直有空|闲着")
_CN_DIGITS = dict(zip("一二三四五六七八九", range(1, 10)))
_PHONE_RUN = re.compile(r"(?:\+?86)?[\d\s\-]{7,}")


# 不常在家 / 平时没空 / 不太闲: a free time denied is no free time.
_DENIED = re.compile(r"(?:平时|平常|工作日|白天|上午|下午|晚上|周末)?[不没](?:常|太|怎么|咋|大|经常|一定)?(?:在家|有空|空|闲着?|得空|时间)")


def _without_phone(text: str) -> str:
    return _DENIED.sub(" ", _PHONE_RUN.sub(" ", unicodedata.normalize("NFKC", text)))


def _numbers(plain: str, count: int) -> set[int]:
    """Digits as choices ('1 3', '13', '一和三'), only in a short answer (礼拜一到礼拜五 holds no choice)."""
    if len(re.sub(r"[\s，,、和跟与及还有]+", "", plain)) > 6:
        return set()
    picked = {int(ch) for ch in plain if ch.isdigit() and 1 <= int(ch) <= count}
    return picked | {_CN_DIGITS[ch] for ch in plain if ch in _CN_DIGITS and _CN_DIGITS[ch] <= count}


def skill_choices(text: str, count: int, numbers: bool = True) -> list[int]:
    """'1 3', '做饭 开车', '俺会做饭，能去食堂帮厨' → [1, 3] / [1]; nothing recognised → [].
    `numbers`: digits count (they answer the question asked, not another one)."""
    plain = _without_phone(text)
    picked = _numbers(plain, count) if numbers else set()
    picked |= {number for number, keys in SKILL_WORDS.items() if number <= count and any(k in plain for k in keys)}
    return sorted(picked)


def time_choices(text: str, count: int, numbers: bool = True) -> list[int]:
    """'2 4', '礼拜一到礼拜五后晌都行' → [2], '周末上午' → [4], '啥时候都中' → [5]; nothing → []."""
    plain = _without_phone(text)
    picked = _numbers(plain, count) if numbers else set()
    weekend, weekday = bool(_WEEKEND.search(plain)), bool(_WEEKDAY.search(plain))
    morning, afternoon = bool(_MORNING.search(plain)), bool(_AFTERNOON.search(plain))
    if weekend:
        picked.add(4)
    if not weekend or weekday:  # 周末上午 is the weekend only; 平时上午 and 周末 are both
        if morning:
            picked.add(1)
        if afternoon:
            picked.add(2)
        if weekday and not (morning or afternoon):
            picked |= {1, 2}
    if _DAYTIME.search(plain) and not (morning or afternoon):  # 白天: mornings and afternoons
        picked |= {1, 2} if not weekend or weekday else set()
        if _EVERY_DAY.search(plain):
            picked.add(4)
    if _EVENING.search(plain):
        picked.add(3)
    if _ANY_TIME.search(plain) and not picked:
        picked.add(5)
    return sorted(n for n in picked if n <= count)


# 最近有啥志愿活动 / 有啥活动能参加 / 想当志愿者都干啥 / 有志愿活动吗: a question about the
# activities there are (answered with the list), not yet a wish to register (俺想当志愿者，会做饭).
_ASKS_ACTIVITIES = re.compile(
    r"(?:有啥|有什么|有没有|有哪些|有嘛|都有啥|还有啥|啥|什么|哪些|哪样)(?:样的?)?(?:志愿)?(?:活动?|事|服务|任务)|"
    r"(?:干|做|弄|忙活|帮)(?:些|点儿?|的)?(?:啥|什么|哪些|嘛)|"
    r"有.{0,4}(?:活动|活儿).{0,8}(?:吗|么|嘛|没有?|不|啊)\s*[?？]?\s*$|"  # not 俺报名当志愿者行不: a wish
    r"(?:活动|活儿|服务).{0,3}(?:啥|什么|哪些|哪样|嘛)|"
    r"(?:看看|瞅瞅|问问|说说|讲讲)(?:都有|有)?(?:啥|什么|哪些)?(?:志愿)?活动")


def asks_for_activities(text: str) -> bool:
    """Whether the words ask what activities there are (a list), rather than to register."""
    return _ASKS_ACTIVITIES.search(unicodedata.normalize("NFKC", text)) is not None
