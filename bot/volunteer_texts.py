"""Words for volunteer tasks: times in villagers' terms, push texts and their template data.

Shared by the domain (pushes), the chat handler (lists) and the CLI; no database access.
Template data keys (`title`, `time`, `place`, `remark`, `task_no`) are mapped to a template's
fields by the outbox sender.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .models.volunteers import Task

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
_WEEKDAYS = "一二三四五六日"


def _clock(moment: datetime) -> str:
    """'上午9点', '下午2点30分', '中午12点', '晚上7点'."""
    hour, minute = moment.hour, moment.minute
    if hour < 12:
        part, shown = ("凌晨" if hour < 5 else "上午"), hour
    elif hour == 12:
        part, shown = "中午", 12
    elif hour < 18:
        part, shown = "下午", hour - 12
    else:
        part, shown = "晚上", hour - 12
    return f"{part}{shown}点" + (f"{minute}分" if minute else "")


def format_when(task: Task, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """'12月5日（周六）上午9点到11点'."""
    start, end = task.starts_at.astimezone(tz), task.ends_at.astimezone(tz)
    day = f"{start.month}月{start.day}日（周{_WEEKDAYS[start.weekday()]}）"
    end_clock = _clock(end)
    if end.date() == start.date() and end_clock[:2] == _clock(start)[:2]:
        end_clock = end_clock[2:]  # same part of the day: "上午9点到11点"
    elif end.date() != start.date():
        end_clock = f"{end.month}月{end.day}日{end_clock}"
    return f"{day}{_clock(start)}到{end_clock}"


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
    """The template's fields (bot/outbox/kinds.py); the remark is in the full text."""
    return {"事项": f"{task.number}号 {task.title}", "时间": format_when(task, tz), "地点": task.place or ""}


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
