"""What the errand chat says: prompts of the request flow, lists, and answers to members' commands."""
from __future__ import annotations

from bot.errands.notices import task_text
from bot.workitems import Outcome
from bot.models import Area, Errand, User

TIME_CHOICES = ("今天", "明天上午", "明天下午", "哪天都行")
WHEN_BY_PHONE = "党员打电话跟您约"  # no time said and a phone to call: agreed on the phone
VILLAGER_STATES = {
    "offered": "等党员接单",
    "escalated": "已请片区书记安排",
    "accepted": "党员已接下，正在办",
    "done": "已办好",
    "cancelled": "已取消",
}
MEMBER_STATES = {"offered": "等您接单", "accepted": "您在办", "escalated": "片区待接"}
CANCEL_HINT = "不办了请回复“取消”。"
NOT_FOR_VILLAGERS = ("“接单、进展、办结”是党员代办员用的。\n"
                     "如果您是党员，请先用片区给的邀请码登记（回复“邀请码 XXXXXX”）。\n"
                     "想请党员帮您办事，请说“请党员代办”。")


def confirm_matter(title: str) -> str:
    return f"您想请党员帮您代办：{title}，对吗？\n1 对，就办这个\n2 换一件事"


def ask_phone(user: User) -> str:
    if user.phone:
        return (f"请留个电话，方便党员联系您。\n还用 {user.masked_phone} 这个号吗？"
                "是的话回复“就用这个号”或 1；换号请直接发新号码。")
    return "请留个手机号，方便党员联系您（11位，比如 138 1234 5678）。没有手机请回复“没有”，党员上门找您。"


BAD_PHONE = "这个号码好像不对。手机号是11位，比如 138 1234 5678，请再发一次。\n" + CANCEL_HINT


def ask_time() -> str:
    choices = "\n".join(f"{i} {label}" for i, label in enumerate(TIME_CHOICES, 1))
    return f"您希望党员什么时候来办？回复数字，或者直接说（比如“后天上午”）：\n{choices}"


def summary(matter: str, phone: str, when: str, village: str) -> str:
    return (f"请核对一下：\n事项：{matter}\n电话：{phone}\n时间：{when}\n村子：{village}\n"
            "1 确认提交\n2 改电话\n3 改时间\n4 换一件事\n" + CANCEL_HINT)


def submitted(errand: Errand, area: Area | None, staff_told: bool) -> str:
    head = f"提交好了！您的代办编号是 {errand.number} 号。\n"
    if errand.state == "offered":
        body = "已经请片区的党员帮您办，有人接下后会马上告诉您。"
    elif staff_told:
        body = "片区的党员暂时不够，已经请片区书记安排，会尽快联系您。"
    else:
        phone = f"片区电话：{area.phone}。" if area is not None and area.phone else ""
        body = "已经记下了，片区工作人员会联系您。" + phone
    return head + body + "\n查进度请回复“我的代办”。"


def villager_list(errands: list[Errand]) -> str:
    if not errands:
        return "您还没有请党员代办过。需要的话请说“请党员代办”。"
    lines = ["您的代办："]
    lines += [f"{e.number}号 {e.matter}：{VILLAGER_STATES.get(e.state, e.state)}" for e in errands]
    if any(e.is_open for e in errands):
        lines.append("要取消请回复“取消代办 编号”。")
    return "\n".join(lines)


def member_list(errands: list[Errand]) -> str:
    if not errands:
        return "现在没有派给您的代办。"
    lines = ["派给您的代办："]
    for e in errands:
        village = e.villager.village.name if e.villager.village else ""
        lines.append(f"{e.number}号 {e.matter}（{village}）：{MEMBER_STATES.get(e.state, e.state)}")
    lines.append("接单回复“接单 编号”；进展回复“进展 编号 内容”；办好回复“办结 编号 结果”。")
    return "\n".join(lines)


def member_outcome(number: int, outcome: Outcome, note: str = "") -> str:
    """The reply to 接单/不接/进展/办结."""
    if outcome.ok:
        errand = outcome.item
        return {
            "accepted": (f"好的，{number}号代办归您了。\n{task_text(errand)}\n"
                         f"办理中回复“进展 {number} 内容”，办好后回复“办结 {number} 结果”。"),
            "declined": f"好的，{number}号代办已转给别的党员。",
            "progress": f"好的，已告诉群众：{note}",
            "done": f"好的，{number}号代办已办结，也告诉群众了。辛苦了！",
        }[outcome.reason]
    return {
        "not_found": f"没有找到您能办的{number}号代办。请核对编号，回复“我的代办”看派给您的事。",
        "not_yours": f"{number}号代办现在不在您手上。回复“我的代办”看派给您的事。",
        "taken": f"{number}号代办已经有别的党员接下了，谢谢您！",
        "closed": f"{number}号代办已经结束了。",
        "already_yours": f"{number}号代办已经是您在办了。",
        "empty_note": f"请在编号后面写上进展，比如“进展 {number} 材料已经交到镇上了”。",
    }.get(outcome.reason, "没办成，请稍后再试。")


def villager_cancel(number: int, outcome: Outcome) -> str:
    if outcome.ok:
        return f"好的，{number}号代办已取消。"
    if outcome.reason == "closed":
        return f"{number}号代办已经结束了，不用取消。"
    return f"没有找到您的{number}号代办。回复“我的代办”看您提交的代办。"


def status_lines(session, user) -> list[str]:
    """Record source for the `status` answer: this villager's own errands."""
    from bot.errands import errands_of_villager

    return [f"{e.number}号 {e.matter}：{VILLAGER_STATES.get(e.state, e.state)}"
            for e in errands_of_villager(session, user, limit=6)]
