"""The menu's words: its numbered items (label, intent) and the one-screen text. Apart from
handlers/menu.py so that the staff help (handlers/work.py) can show it without importing the menu."""
from __future__ import annotations

# (label, intent) in menu order; the number a villager replies is the position.
MENU_ITEMS = (
    ("办事指南（低保、医保报销、残疾补贴等）", "guide"),
    ("请党员帮您代办", "errand"),
    ("预约调解（邻里、家庭、土地纠纷）", "mediation"),
    ("当志愿者", "volunteer"),
    ("反映困难和问题", "need"),
    ("暖心食堂", "canteen"),
    ("村务公开、议事日", "affairs"),
    ("查我的办理进度", "status"),
    ("找工作人员", "human"),
)
MENU_BODY = "\n".join(f"{n} {label}" for n, (label, _) in enumerate(MENU_ITEMS, 1))
MENU_TEXT = (
    "您好！这里是片区通，能帮您：\n" + MENU_BODY +
    "\n回复数字，或者直接说、打字都行，比如“低保怎么办”。"
)
