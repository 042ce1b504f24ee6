"""What the canteen chat says: a canteen's card (the asked part first), lists, helper tasks.

No database access: the handler gives the rows.
"""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.canteens import Nearby, Origin, distance_words
from bot.models import Canteen, Task, Village
from bot.volunteers.texts import task_line

FOLLOW_UPS = "回复数字：\n1 换个食堂\n2 当食堂志愿者"
ASK_WHERE = ("您想找哪个村的暖心食堂？请说村名，比如“代村”。\n"
             "也可以发个位置给我（点输入框旁边的“+”，再点“位置”），我帮您找最近的。")
SEND_LOCATION = "要找离您最近的，请发个位置给我：点输入框旁边的“+”，再点“位置”，然后点“发送”。"
NOT_FOUND = "没找到这个村。请再说一遍村名，比如“王庄”，或者发个位置给我。"
NONE_REGISTERED = "县里还没有登记暖心食堂的位置。请回复“人工”问问工作人员。"

# The part of a canteen a question is about: (key, label, words that ask for it).
ASPECTS: tuple[tuple[str, str, re.Pattern], ...] = (  # the most specific words first
    ("phone", "电话", re.compile(r"电话|号码|打给")),
    ("price", "多少钱", re.compile(r"钱|价|收费|费用|几块|贵|便宜|花多少|免费")),
    # "礼拜天开不开", "过年歇不歇": which days it is open is its hours too (a day alone, "周五下午",
    # answers another question, e.g. a paused booking's)
    ("hours", "开饭时间", re.compile(r"几点|时间|开饭|开门|什么时候|啥时候|早饭|午饭|晚饭|中午饭|几时|"
                                 r"(?:礼拜|星期|周[一二三四五六日天末]|节假日|过年|天天|每天).{0,4}(?:开|关|歇|休|有饭|吃)|"
                                 r"开不开|关门|歇")),
    ("address", "在哪", re.compile(r"在哪|哪里|哪儿|地址|怎么走|咋走")),
    ("eligibility", "谁能来吃", re.compile(r"送饭|送餐|送到家|谁能|谁可以|能不能|能去吃|能吃吗|条件|资格|够格|岁数|多大|哪些人|啥人|什么人")),
)
_ORDER = ("address", "hours", "eligibility", "price", "phone")
_LABELS = {key: label for key, label, _ in ASPECTS}


def asked_aspect(text: str) -> str | None:
    """'食堂多少钱' → 'price'; None when the text asks about no one part."""
    for key, _, words in ASPECTS:
        if words.search(text):
            return key
    return None


def _distance(nearby: Nearby, origin: Origin | None) -> str:
    if nearby.km is None or origin is None:
        return ""
    return f"（离{origin.label}{distance_words(nearby.km)}）"


def card(nearby: Nearby, origin: Origin | None = None, aspect: str | None = None,
         home: Village | None = None, others: list[Nearby] = (), intro: str = "") -> str:
    """Name (and distance), the asked part first, the rest, nearby alternatives, follow-ups."""
    canteen = nearby.canteen
    lines = [intro] if intro else []
    lines.append(f"{canteen.name}{_distance(nearby, origin)}")
    order = ((aspect,) if aspect in _ORDER else ()) + tuple(k for k in _ORDER if k != aspect)
    for key in order:
        value = getattr(canteen, key) or ""
        if value:
            lines.append(f"{_LABELS[key]}：{value}")
    if home is not None and canteen.village_id != home.id:
        lines.append(f"这是{canteen.village.name}的食堂，别的村的老人能不能来吃，请先打电话问问。")
    if others:
        lines.append("附近还有：" + "、".join(
            o.canteen.name + (f"（{distance_words(o.km)}）" if o.km is not None else "") for o in others))
    lines.append(FOLLOW_UPS)
    return "\n".join(lines)


def other_list(choices: list[Nearby], origin: Origin | None) -> str:
    lines = [f"想看哪个食堂？按离{origin.label}由近到远排，回复数字：" if origin else "想看哪个食堂？回复数字："]
    for i, near in enumerate(choices, 1):
        far = f"（{distance_words(near.km)}）" if near.km is not None else ""
        lines.append(f"{i} {near.canteen.name}{far}")
    lines.append("都不是的话，说村名也行。")
    return "\n".join(lines)


def tasks_text(canteen: Canteen, tasks: list[Task], registered: bool, tz: ZoneInfo) -> str:
    if not tasks:
        return (f"{canteen.name}现在没有要帮忙的活动。"
                + ("有新活动会发消息告诉您。" if registered
                   else "想当志愿者请回复“当志愿者”先登记，有活动会发消息告诉您。"))
    lines = [f"{canteen.name}需要志愿者帮忙："]
    lines += [f"· {task_line(task, tz)}" for task in tasks]
    lines.append(f"想去请回复“报名 活动号”，比如“报名 {tasks[0].number}”。")
    if not registered:
        lines.append("您还没登记志愿者，请先回复“当志愿者”登记。")
    return "\n".join(lines)
