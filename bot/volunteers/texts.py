"""Words for volunteer tasks: times in villagers' terms, push texts and their template data.

Shared by the domain (pushes), the chat handler (lists), the admin page and the CLI; no database
access. `refusal(error)` words why a rule said no (a VolunteerReason), for whoever asked.
Template data keys (`title`, `time`, `place`, `remark`, `task_no`) are mapped to a template's
fields by the outbox sender.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.localtime import DEFAULT_TZ, clock_words, day_words
from bot.models.volunteers import Task
from bot.outcomes import wording

from .reasons import VolunteerReason as R


def format_when(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """'12月5日（周六）上午9点到11点'."""
    start, end = task.starts_at.astimezone(tz), task.ends_at.astimezone(tz)
    day = day_words(start.date())
    end_clock = _clock(end)
    if end.date() == start.date() and end_clock[:2] == _clock(start)[:2]:
        end_clock = end_clock[2:]  # same part of the day: "上午9点到11点"
    elif end.date() != start.date():
        end_clock = f"{end.month}月{end.day}日{end_clock}"
    return f"{day}{_clock(start)}到{end_clock}"


def _clock(moment: datetime) -> str:
    return clock_words(moment, half_hour="30分")  # written down in a push: 上午10点30分


def format_hours(hours: float) -> str:
    return f"{hours:g}小时"


def task_line(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """One line for a numbered list: title, time, places."""
    places = f"还差{task.free_places}人" if task.free_places else "人满了，可以排候补"
    place = f"，{task.place}" if task.place else ""
    return f"{task.title}（{task.number}号）{format_when(task, tz)}{place}，{places}"


def _details(task: Task, tz: ZoneInfo) -> str:
    lines = [f"时间：{format_when(task, tz)}"]
    if task.place:
        lines.append(f"地点：{task.place}")
    if task.risky:
        lines.append("已为参加的志愿者买好意外保险。")
    return "\n".join(lines)


def template_data(task: Task, remark: str, tz: ZoneInfo = DEFAULT_TZ) -> dict:
    """The template's fields (bot/outbox/kinds.py); the remark is in the full text, and a
    reply it asks for ("报名 12") in the 回复 field, so the card says how to answer."""
    fields = {"事项": f"{task.number}号 {task.title}", "时间": format_when(task, tz), "地点": task.place or ""}
    if f"报名 {task.number}" in remark:
        fields["回复"] = f"回复“报名 {task.number}”"
    return fields


def offer_text(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> tuple[str, dict]:
    remark = f"愿意去请回复“1”或“报名 {task.number}”。"
    skills = f"（需要会{'、'.join(task.skills)}）" if task.skills else ""
    text = (f"【志愿活动】{task.title}{skills}\n{_details(task, tz)}\n"
            f"需要{task.needed}人，还差{task.free_places}人。\n{remark}")
    return text, template_data(task, remark, tz)


def promoted_text(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> tuple[str, dict]:
    remark = f"有人让出了名额，您已经从候补转为正式报名。去不了请回复“取消 {task.number}”。"
    text = f"【志愿活动】{task.title}\n{_details(task, tz)}\n{remark}"
    return text, template_data(task, remark, tz)


def reminder_text(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> tuple[str, dict]:
    remark = f"别忘了哦！临时去不了请回复“取消 {task.number}”，好让候补的人顶上。"
    text = f"【活动提醒】{task.title}\n{_details(task, tz)}\n{remark}"
    return text, template_data(task, remark, tz)


def cancelled_task_text(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> tuple[str, dict]:
    remark = "这个活动取消了，不用去了。谢谢您！"
    text = f"【活动取消】{task.title}\n时间：{format_when(task, tz)}\n{remark}"
    return text, template_data(task, remark, tz)


# Why a volunteer rule said no, for whoever asked (chat, the admin page, the CLI).
refusal = wording(R, {
    R.NO_VILLAGE: "请先告诉我您是哪个村的，回复：我是XX村的",
    R.NOT_VOLUNTEER: "您还没登记成志愿者。回复“当志愿者”先登记一下。",
    R.NO_TASK: "没有找到{task_no}号活动，请核对一下号码。",
    R.TASK_CANCELLED: "{number}号活动已经取消了。",
    R.TASK_STARTED: "{number}号活动已经开始了。",
    R.NOT_SIGNED_UP: "您没有报名{number}号活动。",
    R.CANCEL_AFTER_START: "活动已经开始了，不能在这里取消。有事请直接联系组织的工作人员。",
    R.NUMBER_CLASH: "活动编号分配冲突，请再试一次",
    R.NO_AREA: "没有代码为 {area_code} 的片区",
    R.BAD_SIZE_OR_TIMES: "人数至少1人，结束时间要晚于开始时间",
    R.START_PASSED: "开始时间已经过了",
    R.UNKNOWN_SKILLS: "不认识的技能：{unknown}（可选：{choices}）",
    R.NOT_INSURED: "有风险的活动，要先给志愿者买好意外保险（《志愿服务条例》第十七条）",
    R.NO_CANTEEN: "没有代码为 {canteen_code} 的暖心食堂",
    R.NOT_BEGUN: "活动还没开始，不能签到。",
    R.VOLUNTEER_NOT_SIGNED_UP: "这位志愿者没有报名{number}号活动。",
    R.NEGATIVE_HOURS: "时长不能是负数。",
    R.EDIT_CANCELLED: "{number}号活动已经取消了，不能再改。",
    R.EDIT_STARTED: "{number}号活动已经开始了，不能再改。",
    R.EMPTY_TITLE: "活动名称不能空着。",
    R.TOO_FEW: "人数至少1人。",
    R.BELOW_TAKEN: "已经有{taken}人报名了，人数不能少于{taken}。",
})
