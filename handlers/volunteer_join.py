"""A villager who is no volunteer yet asking what activities there are (最近有啥志愿活动, 有啥活动能
参加, 想当志愿者都干啥): the area's open tasks, numbered (titles and dates), and one line on how to
join. A number picked from that list starts the registration (handlers/volunteer_form.py) with
the task kept, and the sign-up to it follows once registered, as an errand carries on after the
village is given.
"""
from __future__ import annotations

from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.volunteers.texts import format_when

from .guides import parse_number
from .volunteer_form import REGISTER, SKILLS_QUESTION
from .volunteer_tasks import PICK, confirm

router = Router("volunteers")
JOIN = "join"  # the step of flow `volunteer_pick` whose number leads into the registration
HOW_TO_JOIN = "想参加哪个就回复数字：先登记成志愿者（问两句：会做啥、啥时候有空），登记完就给您报上名。"
NONE_YET = "最近还没有志愿活动。想当志愿者的话回复“当志愿者”登记一下，有活动第一时间告诉您。"


def show_tasks_to_join(ctx: Context) -> Reply:
    """The area's upcoming tasks for a registered villager who is no volunteer yet."""
    village = ctx.user.village
    tasks = rules.upcoming_tasks(ctx.session, village.area_id, ctx.now) if village is not None else []
    if not tasks:
        ctx.dialog.finish()
        return did("volunteer.list", NONE_YET)
    ctx.dialog.start(PICK, JOIN, tasks=[t.number for t in tasks])
    lines = [f"{village.area.name}最近的志愿活动："]
    lines += [f"{i} {t.title}，{format_when(t, ctx.tz)}" for i, t in enumerate(tasks, 1)]
    return did("volunteer.list", "\n".join(lines + [HOW_TO_JOIN]))


@router.flow(PICK, step=JOIN)
def pick_to_join(ctx: Context):
    """A number from that list: register first (the task kept), or sign up at once if registered by now."""
    numbers = ctx.dialog.slots.get("tasks") or []
    choice = parse_number(ctx.text)
    if choice is None or not 1 <= choice <= len(numbers):
        return NOT_MINE
    ctx.dialog.finish()
    task_no = numbers[choice - 1]
    if rules.get_profile(ctx.session, ctx.user) is not None:
        return confirm(ctx, task_no)
    task = rules.find_task(ctx.session, task_no)
    ctx.dialog.start(REGISTER, "skills", then_task=task_no)
    return did("volunteer.ask", f"好，报名“{task.title}”。先登记成志愿者，就两个问题。\n" + SKILLS_QUESTION)
