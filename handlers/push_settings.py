"""我的订阅: which pushes a villager takes (村务 by kind, the monthly 活动主题) and how to change them.

The choices live in bot/subscriptions.py; stopping and restarting is done where each push is
talked about: "不要推送村务" in handlers/affairs.py, "不要推送活动主题" in handlers/themes.py.
A bare "退订" (nothing named) gets this overview, so the villager can say which.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.dispatch import Context, Router
from bot.messages import Reply, did
from bot.models import NOTICE_KINDS, User
from bot.subscriptions import THEME_KIND, choices

from .answers import command_words

router = Router("push_settings")

SHOW = command_words(
    r"^\s*(?:我的|查看|看看)?(?:订阅|推送)(?:设置)?\s*$|^\s*我(?:都)?(?:订阅|订)了(?:哪些|什么|啥)\s*[？?]?\s*$"
    r"|^\s*(?:退订|取消订阅|取消推送|关闭推送|不要推送了|别推送了|别推了)\s*[。！!]?\s*$")
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
             f"每月活动主题：{_words(chosen[THEME_KIND])}", HOW_TO]
    if any(r.role == "rep" and r.group_code for r in user.roles):
        lines.append("您是党代表，本组的活动主题和群众需求的通知照常发给您。")
    return "\n".join(lines)


@router.command(SHOW)
def show(ctx: Context) -> Reply:
    """我的订阅 / 推送设置 / a bare 退订: what the villager takes, and the words to change it."""
    return did("status.show", overview(ctx.session, ctx.user))
