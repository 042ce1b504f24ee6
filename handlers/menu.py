"""Greeting, help menu, cancel, and the fallback when nothing else fits."""
from __future__ import annotations

from bot.dispatch import Context, Handler, Router

router = Router("menu")

MENU_TEXT = (
    "您好！这里是片区通，能帮您：\n"
    "1 办事指南（低保、医保报销、残疾补贴等）\n"
    "2 请党员帮您代办\n"
    "3 预约调解（邻里、家庭、土地纠纷）\n"
    "4 报名当志愿者\n"
    "5 反映困难和问题\n"
    "6 暖心食堂\n"
    "7 村务公开、议事日\n"
    "8 查我的办理进度\n"
    "直接说或打字就行，比如“低保怎么办”。找工作人员请回复“人工”。"
)

CANCEL_WORDS = r"^\s*(取消|退出|算了|不办了|不弄了|返回)\s*[。！!.]?\s*$"


def cancel(ctx: Context) -> str:
    """Leave whatever flow is in progress."""
    if ctx.dialog.state is None:
        return "好的。需要帮忙时随时说，回复“菜单”看能办什么。"
    ctx.dialog.finish()
    return "好的，已经取消了。需要帮忙时随时说，回复“菜单”看能办什么。"


def global_commands() -> list[Handler]:
    """Commands that win over every flow step."""
    import re

    return [Handler(callback=cancel, owner="menu", pattern=re.compile(CANCEL_WORDS))]


@router.intent("menu")
def show_menu(ctx: Context) -> str:
    """Greet and list what the bot can do."""
    return MENU_TEXT


@router.intent("cancel")
def cancel_intent(ctx: Context) -> str:
    """A cancel phrased in other words."""
    return cancel(ctx)


def fallback(ctx: Context) -> str:
    """Nothing fits: say what the bot can do, never stay silent."""
    return "这个我还不太明白。\n" + MENU_TEXT
