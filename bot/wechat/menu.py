"""The official account's custom menu: three buttons, and what each CLICK key means.

Names stay within WeChat's limits (top-level ≤ 4 Chinese characters, sub-buttons ≤ 8 are safe
on every phone; at most 3 buttons with 5 sub-buttons each).
"""
from __future__ import annotations

# Menu key → (intent, the words a villager would type for it); handlers/events.py answers a
# CLICK by routing those words as if the villager had typed them.
MENU_KEYS: dict[str, tuple[str, str]] = {
    "MENU_GUIDES": ("guide", "办事指南"),
    "MENU_ERRAND": ("errand", "请党员帮我代办"),
    "MENU_MEDIATION": ("mediation", "预约调解"),
    "MENU_VOLUNTEER": ("volunteer", "报名当志愿者"),
    "MENU_NEED": ("need", "反映困难和问题"),
    "MENU_CANTEEN": ("canteen", "暖心食堂"),
    "MENU_AFFAIRS": ("affairs", "村务公开"),
    "MENU_THEME": ("theme", "本月活动主题"),
    "MENU_STATUS": ("status", "查我的办理进度"),
    "MENU_HUMAN": ("human", "找工作人员"),
    "MENU_HELP": ("menu", "菜单"),
}

# (top-level name, [(sub-button name, menu key), ...])
MENU_LAYOUT: list[tuple[str, list[tuple[str, str]]]] = [
    ("办事", [("办事指南", "MENU_GUIDES"), ("党员代办", "MENU_ERRAND"), ("查进度", "MENU_STATUS")]),
    ("反映", [("反映问题", "MENU_NEED"), ("预约调解", "MENU_MEDIATION"), ("找工作人员", "MENU_HUMAN")]),
    ("村里", [("暖心食堂", "MENU_CANTEEN"), ("志愿服务", "MENU_VOLUNTEER"), ("本月活动", "MENU_THEME"),
              ("村务公开", "MENU_AFFAIRS"), ("使用帮助", "MENU_HELP")]),
]


def menu_definition() -> dict:
    """The JSON body of `menu/create`."""
    return {"button": [
        {"name": name, "sub_button": [{"type": "click", "name": sub, "key": key} for sub, key in subs]}
        for name, subs in MENU_LAYOUT
    ]}


def unknown_keys() -> set[str]:
    """Keys in the layout that the CLICK handler would not understand (must be empty)."""
    return {key for _, subs in MENU_LAYOUT for _, key in subs} - set(MENU_KEYS)
