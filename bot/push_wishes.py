"""What a villager's words ask of their pushes: stop or start, and which kinds.

    read_wish("别给俺发村务了")          → Wish("stop", ("affairs",))
    read_wish("活动的就别发了")          → Wish("stop", ("theme",))
    read_wish("志愿任务又可以发给我了")  → Wish("start", ("volunteer",))
    read_wish("啥消息都别推了")          → Wish("stop", ALL)
    read_wish("又想收了")                → Wish("start", ())   (no kind: the context decides)

Kinds are the groups a villager thinks in: village affairs (every kind of notice), the monthly
themes, volunteer tasks. Pure words: no database; handlers/push_changes.py acts on the wish.
Spoken forms are read too: 俺/咱 for 我, fillers (那个、就是、嗯) and missing punctuation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .spoken import spoken_plain

AFFAIRS, THEME, VOLUNTEER = "affairs", "theme", "volunteer"
ALL = (AFFAIRS, THEME, VOLUNTEER)

# A push being received: 推/发/收 as sending to the villager, not 推荐, 发烧, 收费 …
_RECEIVE = re.compile(
    r"推(?!荐|广|动|进|迟|辞|倒|车|开|门)|(?<![出开头沙打引])发(?!烧|热|火|现|生|展|票|芽|霉|抖|愁|工资|钱|放|了个|言)"
    r"|(?<![没])收(?!费|钱|拾|入|成|割|据|藏|养|麦|玉米|粮|庄稼|货|款|到了吗|不到)|订阅|退订|提醒|通知我"
    r"|(?:找|叫|喊)我|不(?:想|要|用|爱)?看了")
# Switching "the pushes / notices" off or on ("关闭所有通知", "把村务的推送打开").
# "给俺开开", "再开上": turning on in plain words too (not "打开不了").
_SWITCH = re.compile(r"(?:关闭|关掉|关了|打开|开启|开通|开开|开上)(?!不|没)")
_PUSH_NOUNS = re.compile(r"推送|通知|消息|提醒|订阅|汇总")
# "每月的活动汇总俺不要了": refusing a push by its name, with no word of sending.
_REFUSED = re.compile(r"不要了|不看了|不用了|不需要了|用不着了")
# "还是给俺发吧 想看看": taking pushes back, whatever follows ("发给我看看" alone asks to see).
_RESTART = re.compile(r"还是(?:给我)?(?:发|推)|又想收|恢复|继续(?:发|推)|接着(?:发|推)")
_HOW = re.compile(r"怎么|咋|如何|为啥|为什么|咋回事")
# 别 before missing something (别漏了事, 别落下, 别耽误了) is the reason to keep them, no stop.
_STOP = re.compile(r"不要|不想|别(?!漏|落|误|耽|错过)|甭|不用|不再|不必|停|取消|关掉|关闭|关了|退订|不收|不看了|免了|拉倒|不需要|少发|少推")
_START = re.compile(r"又(?:想|要|可以|能|得)|还是(?:给我)?(?:发|推)|还想收|还要收|恢复|重新|继续|开启|打开|订阅|想收|要收|"
                    r"接着(?:发|推)|再(?:给我)?(?:开|打开)(?!不)|照常|照旧|可以(?:发|推)|(?:发|推)给我吧|给我(?:发|推)吧")
_LOOKING = re.compile(r"看看|瞧瞧|我看|看一下|看下|查")
_VOLUNTEER_WORDS = re.compile(r"志愿|义工|任务|帮忙的活|公益")
_THEME_WORDS = re.compile(r"主题|每月|每个月|月度|活动")
_AFFAIRS_WORDS = re.compile(r"村务|村里|村上|庄里|村委|大队|公开|议事|公示|发布会|开会|会议|村的")
_NOTICE_WORDS = re.compile(r"通知|公告")  # a notice, unless every kind is named ("所有通知")
# Every kind, said outright; "这些推送都不想收了" names none (push_settings asks which).
_EVERYTHING = re.compile(r"所有|全部|一切|任何|(?:啥|什么)(?:消息|推送|通知)?都|一概|统统|全都")


@dataclass(frozen=True)
class Wish:
    change: str  # "stop" | "start"
    kinds: tuple[str, ...]  # () when the words name none: the context decides


def kinds_named(plain: str) -> tuple[str, ...]:
    """The kinds the words name; 志愿活动 is a volunteer task, not a monthly theme."""
    if _VOLUNTEER_WORDS.search(plain):
        return (VOLUNTEER,)
    if _THEME_WORDS.search(plain):
        return (THEME,)
    if _AFFAIRS_WORDS.search(plain):
        return (AFFAIRS,)
    if _EVERYTHING.search(plain):
        return ALL
    if _NOTICE_WORDS.search(plain):
        return (AFFAIRS,)
    return ()


def read_wish(text: str) -> Wish | None:
    """Stop or start which pushes, or None when the words are not about receiving pushes
    (a question how to, a request to be shown something, anything else)."""
    plain = spoken_plain(text)
    # "又想看每个月的活动了 给俺开开": a switch with the kind named (its pushes) is about pushes too
    about_pushes = _RECEIVE.search(plain) or ((_SWITCH.search(plain) or _REFUSED.search(plain)) and _PUSH_NOUNS.search(plain)) \
        or (_SWITCH.search(plain) and kinds_named(plain))
    if len(plain) > 40 or not about_pushes or _HOW.search(plain):
        return None
    if _STOP.search(plain):  # "别再发" and "还是别发了" stop although they hold 再 / 还是
        change = "stop"
    elif _START.search(plain) and (_RESTART.search(plain) or not _LOOKING.search(plain)):  # "发给我看看" asks to see
        change = "start"
    else:
        return None
    return Wish(change, kinds_named(plain))
