"""Words for village matters: the 公开 push, a matter's steps for chat and page, list lines.

Only what villagers may read is written here: before 决议公开 a matter's steps are told by name
and date, never by their text (`matter_text(..., public=False)`).
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.localtime import DEFAULT_TZ
from bot.models.matters import DECISION_PUBLIC, MATTER_STEPS, Matter, MatterStep

__all__ = ["MATTER_STEPS", "push_text", "step_line", "matter_text", "choice_line", "day_words"]

PUSH_TEXT_CHARS = 160


def day_words(step: MatterStep) -> str:
    return f"{step.day.month}月{step.day.day}日"


def push_text(matter: Matter, step: MatterStep, tz: ZoneInfo = DEFAULT_TZ) -> tuple[str, dict]:
    """The push of a 公开 step: what was decided (or done), and how to see every step."""
    words = step.text if len(step.text) <= PUSH_TEXT_CHARS else step.text[:PUSH_TEXT_CHARS] + "……"
    lines = [f"【{step.name}】{matter.village.name}：{matter.title}", f"{day_words(step)}：{words}",
             f"看这件事的每一步，回复“{matter.title}到哪一步了”。不想收村务消息，回复“不要推送村务”。"]
    return "\n".join(lines), {"事项": f"{step.name}：{matter.title}", "时间": day_words(step),
                              "地点": matter.village.name}


def step_line(step: MatterStep, with_text: bool = True) -> str:
    line = f"{step.number} {step.name}（{day_words(step)}）"
    return line + (f"：{step.text}" if with_text else "") + ("（已更正）" if with_text and step.corrections else "")


def next_step_words(matter: Matter) -> str:
    reached = matter.reached
    if reached >= len(MATTER_STEPS):
        return "六步都走完了。"
    return f"下一步：{MATTER_STEPS[reached]}。"


def matter_text(matter: Matter, tz: ZoneInfo = DEFAULT_TZ, public: bool | None = None) -> str:
    """A matter for a villager: every step once 决议公开 is out; before that only where it stands."""
    public = matter.is_public if public is None else public
    head = f"{matter.village.name}“{matter.title}”（四议两公开）"
    if not matter.steps:
        return f"{head}\n还没有开始，支部提议后会按步骤办理。"
    if not public:
        last = matter.steps[-1]
        return (f"{head}\n现在到了第{last.number}步：{last.name}（{day_words(last)}）。"
                f"\n决议还没有公开，公开后会推送给本村村民，也可以再来问。")
    lines = [head] + [step_line(s) for s in matter.steps]
    lines.append(next_step_words(matter))
    return "\n".join(lines)


def choice_line(matter: Matter) -> str:
    stage = matter.steps[-1].name if matter.steps else "还没开始"
    return f"{matter.title}（{stage}）"


def decision_step() -> str:
    return MATTER_STEPS[DECISION_PUBLIC - 1]
