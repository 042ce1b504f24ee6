"""我的订阅: which pushes a villager takes (村务 by kind, the monthly 活动主题) and how to change them.

The choices live in bot/subscriptions.py; stopping and restarting is done where each push is
talked about: "不要推送村务" in handlers/affairs.py, "不要推送活动主题" in handlers/themes.py.
A bare "退订" (nothing named) gets this overview, so the villager can say which.
"""
from __future__ import annotations

import re

from sqlalchemy.orm import Session

from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import NOTICE_KINDS, User
from bot.subscriptions import THEME_KIND, VOLUNTEER_KIND, choices

from .answers import command_words

router = Router("push_settings")

SHOW = command_words(
    r"^\s*(?:我的|俺的|查看|看看)?(?:订阅|推送)(?:设置)?\s*$|^\s*[我俺](?:都)?(?:订阅|订)了(?:哪些|什么|啥)\s*[？?]?\s*$"
    r"|^\s*(?:退订|取消订阅|取消推送|关闭推送|不要推送了|别推送了|别推了)\s*[。！!]?\s*$")
# About a push itself (not about what is in it), then: a question, stop, or start. Shared by
# every kind of push talked about in words (themes, village affairs).
PUSH_WORDS = re.compile(r"推(?!荐|广|动|进|迟|辞|倒)|订阅|退订|消息|通知|提醒|[发推]给(?:我|俺|咱)|给(?:我|俺|咱)(?:们)?发|发我|别发|别再发|想收|再收|还收|不收|要收|"
                        # "算了 还是发吧" after a stop: the sending itself taken back
                        r"(?:还是|接着|继续|照常|照旧|再)(?:接着|继续|照常)?(?:给俺|给我|给俺们|给咱)?[发推](?:吧|着|呗|啊|村务|活动)")
# How to change the pushes (怎么退订, 咋才能不收): the how close before the push words, so that
# "还是发吧 俺想看看村里的钱咋花的" asks nothing of the pushes.
HOW = re.compile(r"(?:怎么|咋|如何)(?:样|才能|才|能|可以)?.{0,4}?(?:推|订|退|收|发|停|关|取消|设置)")
# 别 before missing something (别漏了事, 别落下, 别耽误) is the reason to keep the pushes, no stop.
STOP = re.compile(r"不要|不想|别(?![的人处家漏落误耽错过])|甭|不用|不再|不必|停止|停了|停掉|停发|停推|取消|关掉|关闭|关了|退订|不收(?![费钱])")
ASKING = re.compile(r"能不能|能否|可以.{0,6}吗|太多|太频|烦|这么多|那么多")
START = re.compile(r"订阅|恢复|开启|打开|开开|开通|重新|还要|还想|继续|又想|想收|要收|再收|[推发]给(?:我|俺|咱)|"
                   # 还是发吧 / 哎 还是接着给俺推村务吧: the sending taken back, by either verb
                   r"(?:还是|接着|照常|照旧|再)(?:接着|继续|照常)?(?:给俺|给我|给俺们|给咱)?[发推](?:吧|着|呗|啊|村务|活动)")


def push_wish(text: str) -> str | None:
    """'ask', 'stop' or 'start' when the text is about receiving a push, else None.

    "村务消息不用再推给我了" is a stop although it holds 推给我: a stop word wins over a start word;
    "怎么退订" asks how; "能不能别推了" asks to stop; "推送太多了" alone asks what can be done.
    """
    if not PUSH_WORDS.search(text):
        return None
    if HOW.search(text):
        return "ask"
    if STOP.search(text):
        return "stop"
    if START.search(text):
        return "start"
    if ASKING.search(text):
        return "ask"
    return None


HOW_TO = ("不想收，回复“不要推送村务”或“不要推送活动主题”；"
          "想再收，回复“订阅村务”或“订阅活动主题”。")


def _words(taken: bool) -> str:
    return "收" if taken else "不收"


def notice_state(chosen: dict[str, bool]) -> str:
    """'收' / '不收' / '收（议事日不收）' for the kinds of village-affairs notice."""
    off = [k for k in NOTICE_KINDS if not chosen[k]]
    if not off or len(off) == len(NOTICE_KINDS):
        return _words(not off)
    return f"收（{'、'.join(off)}不收）"


def summary(session: Session, user: User) -> str:
    """One line for 我的信息: '推送：村务消息收，活动主题不收'."""
    chosen = choices(session, user)
    return f"推送：村务消息{notice_state(chosen)}，活动主题{_words(chosen[THEME_KIND])}"


def overview(session: Session, user: User) -> str:
    chosen = choices(session, user)
    lines = ["您收到的推送：", f"村务消息：{notice_state(chosen)}",
             f"每月活动主题：{_words(chosen[THEME_KIND])}"]
    if "volunteer" in user.role_names or not chosen[VOLUNTEER_KIND]:
        lines.append(f"志愿任务：{_words(chosen[VOLUNTEER_KIND])}（不想收回复“不要推送志愿任务”）")
    lines.append(HOW_TO)
    if any(r.role == "rep" and r.group_code for r in user.roles):
        lines.append("您是党代表，本组的活动主题和群众需求的通知照常发给您。")
    return "\n".join(lines)


@router.command(SHOW)
def show(ctx: Context) -> Reply:
    """我的订阅 / 推送设置 / a bare 退订: what the villager takes, and the words to change it."""
    return did("status.show", overview(ctx.session, ctx.user))


# "俺不想收推送了", "推送太多了": about pushes, without saying which kind (村务 / 活动主题 have
# their own words in handlers/affairs.py and handlers/themes.py).
_WHICH = re.compile(r"村务|村里|议事|公示|发布会|通知|公告|活动|主题")


@router.command(r"^.{0,20}(?:推送|订阅|推给我|推了)", free=True)
def which_push(ctx: Context):
    """Stopping or starting "the pushes" without a kind: what they take, and the words for each."""
    if _WHICH.search(ctx.text) or push_wish(ctx.text) is None or ctx.dialog.busy():
        return NOT_MINE
    if getattr(ctx.route, "intent", None) in ("affairs", "theme"):
        return NOT_MINE  # the kind is named in other words: its handler answers
    return did("status.show", overview(ctx.session, ctx.user))
