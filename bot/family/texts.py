"""Words for acting for family: the questions, the receipt, the status lines."""
from __future__ import annotations

from bot.models.family import FamilyMember

ASK_NAME = "您要替哪位家人办事？请说他（她）的名字，比如“王桂兰”。"
ASK_RELATION = "{name}是您的什么人？比如“母亲”“父亲”“奶奶”。"
ASK_VILLAGE = "{name}住在哪个村？和您同村回复 1，不同村请说村名。"
STATES = {"pending": "等片区工作人员确认", "confirmed": "已确认"}


def added(member: FamilyMember) -> str:
    if member.state == "confirmed":
        return f"{member.label}（{member.village.name}）已经确认过了。说“帮俺{member.relation}办……”就能替{member.name}办。"
    return (f"已添加：{member.label}（{member.village.name}）。\n"
            f"片区工作人员核实后会确认；他们也可能给您一个亲属码，收到后回复“亲属码 XXXXXX”。\n"
            f"确认后说“帮俺{member.relation}办……”就能替{member.name}办事。")


def confirmed(member: FamilyMember) -> str:
    return f"好了，{member.label}已确认。说“帮俺{member.relation}办……”就能替{member.name}请党员代办。"


def acting_suffix(member: FamilyMember) -> str:
    """Appended to an errand's matter: every push, list and board then says whom it is for."""
    return f"（为{member.label}）"


def status_line(member: FamilyMember, open_errands: int) -> str:
    line = f"{member.label}（{member.village.name}）：{STATES[member.state]}"
    return line + (f"，有{open_errands}件代办在办" if open_errands else "")
