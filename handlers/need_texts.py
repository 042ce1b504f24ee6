"""What the needs chat says: the report flow's prompts, lists, and answers to representatives' commands."""
from __future__ import annotations

from bot.models import Need, RepGroup
from bot.needs import Outcome, summary, villager_state
from bot.needs import contact_line

CANCEL_HINT = "不说了请回复“取消”。"
ASK_WHAT = ("请说说是什么事（打字、说话都行），比如“村口的路坏了，下雨没法走”。\n"
            "有照片也可以直接发过来。" + CANCEL_HINT)
ASK_PHONE = ("留个电话吧，党代表好联系您：直接发手机号。\n"
             "没有手机或不想留，回复“没有”，党代表会上门找您。" + CANCEL_HINT)
NO_PHONE_GOING_ON = "先不留电话了，党代表会上门找您。"
PHONE_AGAIN = "请发手机号（11位数字）；没有手机回复“没有”。" + CANCEL_HINT
TOO_SHORT = "请用几个字说说是什么事，比如“俺村停水三天了”。" + CANCEL_HINT
URGENCY_CHOICES = ("一般", "很急")
ASK_URGENCY = "这事急不急？回复数字：\n1 一般\n2 很急（比如有危险、马上要出事）"
NOT_FOR_VILLAGERS = ("“报到、分派”是党代表认领群众需求用的。\n"
                     "如果您是党代表，请先用活动组给的邀请码登记（回复“邀请码 XXXXXX”）。\n"
                     "想反映问题，直接说是什么事就行。")


def ask_urgency() -> str:
    return ASK_URGENCY + "\n" + CANCEL_HINT


def attachments(slots: dict) -> str:
    parts = []
    if slots.get("photos"):
        parts.append(f"照片{slots['photos']}张")
    if slots.get("lat") is not None:
        parts.append("位置" + (f"（{slots['label']}）" if slots.get("label") else ""))
    if slots.get("voice") and not slots.get("text"):
        parts.append("语音")
    return "、".join(parts)


def summary_text(slots: dict, village: str) -> str:
    urgency = URGENCY_CHOICES[1] if slots.get("urgency") == "urgent" else URGENCY_CHOICES[0]
    lines = ["请核对一下：", f"事情：{slots['text']}", f"村子：{village}", f"急不急：{urgency}"]
    if slots.get("phone"):
        lines.append(f"电话：{slots['phone']}")
    else:
        lines.append("电话：没留（请直接发手机号；没有手机也能提交，党代表上门找您）")
    if extra := attachments(slots):
        lines.append(f"附上：{extra}")
    lines += ["1 确认提交", "2 重新说", "3 改急不急", CANCEL_HINT]
    return "\n".join(lines)


def group_label(group: RepGroup | None) -> str:
    return group.name if group is not None else "片区工作人员"


def submitted(need: Need, group: RepGroup | None, sorting: bool) -> str:
    head = f"提交好了！您反映的问题编号是 {need.number} 号。\n"
    if group is None:
        body = "已交给片区工作人员，会尽快安排人来办。"
    elif sorting:
        body = f"已交给{group.name}，由他们分派给管这类事的党代表。"
    else:
        body = f"这是{need.field}方面的事，已交给{group.name}。"
    when = "很急的事，已经马上通知党代表了。" if need.urgency == "urgent" else "乡镇会定时把它通知给党代表。"
    return head + body + when + "\n有人认领了会告诉您。查进度请回复“我反映的问题”。"


def villager_list(needs: list[Need]) -> str:
    if not needs:
        return "您还没有反映过问题。有困难、有问题，直接说是什么事就行。"
    lines = ["您反映的问题："]
    lines += [f"{n.number}号 {summary(n, 16)}：{villager_state(n)}" for n in needs]
    return "\n".join(lines)


def rep_list(claimable: list[Need], held: list[Need]) -> str:
    if not claimable and not held:
        return "现在没有等您认领的群众需求。有新的吹哨会马上通知您。"
    lines = []
    if claimable:
        lines.append("等着认领的群众需求：")
        for n in claimable:
            urgent = "【很急】" if n.urgency == "urgent" else ""
            village = n.village.name if n.village else n.area.name
            lines.append(f"{n.number}号 {urgent}{village}：{summary(n, 20)}")
        lines.append("认领请回复“报到 编号”。")
    if held:
        lines.append("您在办的：")
        lines += [f"{n.number}号 {summary(n, 20)}" for n in held]
        lines.append("进展回复“进展 编号 内容”；办好回复“办结 编号 结果”。")
    return "\n".join(lines)


def rep_outcome(number: int, outcome: Outcome, note: str = "") -> str:
    """The reply to 报到/进展/办结/分派."""
    need = outcome.item
    if outcome.ok:
        return {
            "claimed": lambda: (f"好的，{number}号群众需求归您了。\n事情：{need.text}\n{contact_line(need)}\n"
                                f"办理中回复“进展 {number} 内容”，办好后回复“办结 {number} 结果”。"),
            "progress": lambda: f"好的，已告诉群众：{note}",
            "closed": lambda: f"好的，{number}号已办结，也请群众评价了。辛苦了！",
            "assigned": lambda: f"好的，{number}号已分派给{need.field}方面的活动组，已通知他们的党代表。",
            "given_back": lambda: (f"好的，{number}号（{summary(need, 20)}）已退回活动组，请别的党代表认领，群众那边也说了。"
                                   f"您改主意了可以回复“报到 {number}”再接回来。"),
        }[outcome.reason]()
    return {
        "not_found": f"没有找到{number}号群众需求，请核对编号。回复“待认领”看等着认领的需求。",
        "not_your_group": f"{number}号不是您所在活动组的事，由管这类事的活动组认领。回复“待认领”看您组里的。",
        "taken": f"{number}号已经有别的党代表认领了，谢谢您！",
        "already_yours": f"{number}号已经是您在办了。",
        "not_yours": f"{number}号不在您手上。回复“待认领”看您在办的事。",
        "closed_already": f"{number}号已经办结了。",
        "empty_note": f"请在编号后面写上进展，比如“进展 {number} 已经联系了施工队”。",
        "unknown_field": ("没找到这个方面的活动组。请写领域，比如“分派 "
                          f"{number} 农业”（农业、政法、卫健、城建交通、水电、教育、民政、文旅、人社）。"),
    }.get(outcome.reason, "没办成，请稍后再试。")


def rating_reply(outcome: Outcome) -> str:
    need = outcome.item
    if outcome.reason == "satisfied":
        return f"谢谢您的评价！{need.number}号问题就算办好了。还有别的事随时说。"
    if outcome.reason == "reopened":
        return f"好的，已经告诉党代表您不满意，{need.number}号问题会接着办。有进展会告诉您。"
    if outcome.reason == "not_found":
        return "没有找到您的这个问题。回复“我反映的问题”看您反映过的事。"
    return "您反映的问题现在没有要评价的。回复“我反映的问题”看进度。"
