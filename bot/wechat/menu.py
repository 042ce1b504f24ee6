"""The official account's custom menu: three buttons whose CLICK keys the event handler knows.

Names stay within WeChat's limits (top-level ≤ 4 Chinese characters, sub-buttons ≤ 8 are safe
on every phone; at most 3 buttons with 5 sub-buttons each).
"""
from __future__ import annotations

from handlers.events import MENU_KEYS

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
