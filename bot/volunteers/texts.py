"""Words for volunteer tasks: times in villagers' terms, push texts and their template data.

Shared by the domain (pushes), the chat handler (lists) and the CLI; no database access.
Template data keys (`title`, `time`, `place`, `remark`, `task_no`) are mapped to a template's
fields by the outbox sender.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.localtime import DEFAULT_TZ, clock_words, day_words
from bot.models.volunteers import Task


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
    return {"task_no": task.number, "title": task.title, "time": format_when(task, tz),
            "place": task.place or "", "remark": remark}


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
