"""What the simulated people say: one generator per kind of conversation, driven by the replies.

A conversation is a generator: it yields the text to send and receives the bot's reply (None
when the message got no answer at all); it decides its next words from what it read, like a
person would. No network here (load.py sends); `Person` says who is talking.

    convo = booking(person, rng)
    text = next(convo); reply = send(text); text = convo.send(reply) ...
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Generator

Conversation = Generator[str, "str | None", None]

# Our own phrasings of the 18 matters, in villagers' words (typos and dialect on purpose).
GUIDE_QUESTIONS = [
    "低保咋办", "俺想申请低保", "低保需要啥材料", "俺爹八十了有补贴吗", "高龄补贴咋领",
    "医保报销咋弄", "住院的钱能报多少", "孩子刚生咋上户口", "新生儿落户要带啥", "身份证丢了咋补",
    "社保卡在哪办", "残疾证怎么办", "残疾人有啥补贴", "盖房子要批宅基地吗", "俺家房子漏雨是危房能改造吗",
    "种地补贴啥时候发", "养老保险一年交多少", "医保今年交多少钱", "家里有人去世了有丧葬费吗",
    "看病花了好多钱能救助吗", "家里遭了难能临时救助吗", "五保户咋申请", "独生子女奖励咋领",
]
STATUS_QUESTIONS = ["我的预约", "我的调解预约", "我反映的问题", "我的志愿", "查我的办理进度"]
GREETINGS = ["你好", "在吗", "您好", "有人吗"]
DISPUTES = ["我想找人调解", "预约调解", "跟邻居因为地界吵起来了想调解", "俺娘没人养，兄弟几个都不管",
            "他借了俺两万块钱一直不还", "宅基地跟邻居有纠纷"]
DAYS = ["明天上午", "明天下午", "最近", "后天上午", "下周一", "下周三上午"]
NEEDS = ["村里的路灯坏了好几天了", "俺村停水三天了", "村口的路坏了一个大坑", "村里停电了好几天",
         "村里的垃圾好几天没人拉", "大棚里的菜长虫子了不知道打啥药", "俺家老人瘫痪在床没人照顾"]
OPTION = re.compile(r"^\s*(\d{1,2})\s", re.M)
BOOKED = re.compile(r"预约号：(\d+)")
WHISTLED = re.compile(r"报到\s*(\d+)")
LISTED_NEED = re.compile(r"^(\d+)号", re.M)


@dataclass
class Person:
    openid: str
    village: str = ""  # the name a newcomer registers with
    whistles: list[int] = field(default_factory=list)  # need numbers pushed to a representative


def _options(reply: str | None) -> list[str]:
    return OPTION.findall(reply or "")


def guides(person: Person, rng: random.Random) -> Conversation:
    """Two to four questions about matters, now and then a numbered follow-up or a status look."""
    for _ in range(rng.randint(2, 4)):
        reply = yield rng.choice(GUIDE_QUESTIONS)
        if reply and "回复数字" in reply and rng.random() < 0.5:
            yield rng.choice(["1", "2", "3"])
    if rng.random() < 0.3:
        yield rng.choice(STATUS_QUESTIONS)


def newcomer(person: Person, rng: random.Random) -> Conversation:
    """Someone new: a greeting, registers their village, asks a question."""
    yield rng.choice(GREETINGS)
    reply = yield f"我是{person.village}的"
    if reply and "对吗" in reply:
        yield "1"
    yield rng.choice(GUIDE_QUESTIONS)
    if rng.random() < 0.3:
        yield "我的预约"


def booking(person: Person, rng: random.Random) -> Conversation:
    """Book a mediation appointment, answering whatever the bot asks; sometimes cancel it."""
    reply = yield rng.choice(DISPUTES)
    for _ in range(9):
        text = reply or ""
        if (match := BOOKED.search(text)):
            if rng.random() < 0.3:
                yield rng.choice(["我的调解预约", "我的预约"])
            if rng.random() < 0.15:
                yield f"取消预约 {match.group(1)}"
            return
        if "是哪类纠纷" in text:
            reply = yield str(rng.randint(1, 8))
        elif "怎么回事" in text:
            reply = yield "跟邻居为了地界的事吵了好几回了"
        elif "对方是谁" in text:
            reply = yield rng.choice(["跳过", "邻居老王", "俺兄弟"])
        elif "手机号" in text:
            reply = yield f"13{rng.randint(100000000, 999999999)}"
        elif _options(text) and ("回复数字选一个" in text or "有空的时间" in text):
            reply = yield rng.choice(_options(text))
        elif "哪天" in text or "没有空位" in text:
            reply = yield rng.choice(DAYS)
        else:
            return  # something else (already has an open booking of this kind, no room …)


def volunteering(person: Person, rng: random.Random, tasks: list[int]) -> Conversation:
    """A registered volunteer takes a scarce place (from the list or by number); some drop out."""
    if rng.random() < 0.5:
        reply = yield "当志愿者"
        options = _options(reply)
        if not options:
            return
        reply = yield rng.choice(options)
    else:
        reply = yield f"报名 {rng.choice(tasks)}"
    if reply and "报名成功" in reply and rng.random() < 0.2:
        yield rng.choice(["不去了", "我的志愿"])
    elif rng.random() < 0.3:
        yield "我的志愿"


def reporting(person: Person, rng: random.Random) -> Conversation:
    """Report an urgent need (the group's representatives are whistled at once)."""
    reply = yield rng.choice(NEEDS)
    for _ in range(4):
        text = reply or ""
        if "编号是" in text:
            if rng.random() < 0.3:
                yield "我反映的问题"
            return
        if "确认提交" in text:  # the summary repeats "急不急": look for the question to confirm first
            reply = yield "1"
        elif "急不急" in text:
            reply = yield "2"
        elif "什么事" in text or "说说" in text:
            reply = yield rng.choice(NEEDS)
        else:
            return


def representative(person: Person, rng: random.Random) -> Conversation:
    """A representative answers the whistles pushed to them (报到 N), else looks at the list."""
    numbers = list(person.whistles)
    if not numbers:
        reply = yield "待认领"
        numbers = LISTED_NEED.findall(reply or "")[:1]
    for number in numbers[:2]:
        yield f"报到 {number}"


def status(person: Person, rng: random.Random) -> Conversation:
    yield rng.choice(STATUS_QUESTIONS)
