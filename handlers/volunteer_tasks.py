"""The area's volunteer tasks in chat: the numbered list, a number picked from it, and signing up
to or giving up one task by its number ("报名 12"). The other volunteer modules act through
`confirm` and `cancel` here; the rules live in bot/volunteers/.
"""
from __future__ import annotations

import re

from bot import context
from bot.choices import strip_punctuation
from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.volunteers.texts import format_when, task_line

from .answers import parse_yes_no
from .guides import parse_number
from .task_pick import tasks_named

router = Router("volunteers")
# "报这个", "就这个吧", "俺参加这个", "去": the task on screen, without its number.
_THIS_ONE = re.compile(r"^(我|俺)?(就)?(报|报名|参加|去|要|选|想去|想参加|报上)(这个|这一个|那个|这|它)?(吧|了|啊|呀|呗)?$|"
                       r"^(我|俺)?(就)?(这个|这一个|那个)(吧|了|啊|呀|呗)?$")
PICK = "volunteer_pick"
# Items a short answer may be about (bot.context says which).
ANSWERABLE = context.ANSWERABLE


def task_list(ctx: Context, tasks, heading: str, action: str) -> str:
    """Numbered tasks; the number replied next acts on that task (`action`: confirm | cancel)."""
    ctx.dialog.start(PICK, "pick", tasks=[t.number for t in tasks], action=action)
    lines = [heading] + [f"{i} {task_line(t, ctx.tz)}" for i, t in enumerate(tasks, 1)]
    return "\n".join(lines) + "\n回复数字就行。"


def show_area_tasks(ctx: Context, profile, intro: str = "", action: str = "volunteer.list") -> Reply:
    tasks = rules.upcoming_tasks(ctx.session, profile.area_id, ctx.now)
    if not tasks:
        ctx.dialog.finish()
        return did(action, intro + "最近还没有志愿活动，有新活动会第一时间发消息告诉您。回复“我的志愿”看您的服务记录。")
    return did(action, intro + task_list(ctx, tasks, f"{profile.area.name}最近的志愿活动，想参加哪个？", "confirm"))


@router.flow(PICK, step="pick")
def pick_task(ctx: Context):
    """A number from the last list of tasks."""
    numbers = ctx.dialog.slots.get("tasks") or []
    choice = parse_number(ctx.text)
    if choice is None and (parse_yes_no(ctx.text) or _THIS_ONE.match(strip_punctuation(ctx.text))):
        if len(numbers) != 1:  # "报这个" under several tasks: which one
            return did("clarify.ask", "想参加哪个？请回复活动前面的数字，比如“1”。")
        choice = 1  # "报这个", "行 俺去" under the one task listed
    if choice is None and len(strip_punctuation(ctx.text)) <= 8:  # 帮厨那个: the one listed task it names
        listed = [t for t in rules.offered_tasks(ctx.session, ctx.user, ctx.now) + [
            s.task for s in rules.active_signups(ctx.session, ctx.user, ctx.now)] if t.number in numbers]
        named = {task.number for task, _ in tasks_named(strip_punctuation(ctx.text), listed)}
        choice = numbers.index(named.pop()) + 1 if len(named) == 1 else None
    if choice is None or not 1 <= choice <= len(numbers):
        return NOT_MINE
    action = ctx.dialog.slots.get("action", "confirm")
    ctx.dialog.finish()
    task_no = numbers[choice - 1]
    return confirm(ctx, task_no) if action == "confirm" else cancel(ctx, task_no)


def confirm(ctx: Context, task_no: int) -> Reply | str:
    try:
        result = rules.confirm_task(ctx.session, task_no, ctx.user, ctx.now)
    except rules.VolunteerError as refusal:
        return rules.texts.refusal(refusal)
    task, tz = result.task, ctx.tz
    context.remember(ctx.session, ctx.user.openid, "task", task.number)
    name = f"{task.title}（{task.number}号）"
    if result.outcome == "confirmed":
        place = f"\n地点：{task.place}" if task.place else ""
        # The reminder goes out at 18:00 the evening before (bot/volunteers/reminders.py): promised only when still to come.
        remind = "活动前一天晚上会再提醒您。" if rules.reminder_due_at(task.starts_at, tz) > ctx.now else ""
        return did("volunteer.signup", f"报名成功！{name}\n时间：{format_when(task, tz)}{place}\n"
                   f"{remind}去不了请回复“取消 {task.number}”。")
    if result.outcome == "waiting":
        return did("volunteer.waitlist", f"{name}人已经满了，给您排在候补第{result.waiting_rank}位。有人让出名额会马上告诉您。"
                   f"不想排了请回复“取消 {task.number}”。")
    if result.outcome == "already_waiting":
        return did("status.show", f"您已经在{name}的候补名单上了，现在是候补第{result.waiting_rank}位。")
    if _THANKS.search(ctx.text):  # 中中中 谢谢啊, right after the sign-up: a thank-you, not a second yes
        return did("smalltalk.ack", f"不客气！您已经报上了：{name}，{format_when(task, tz)}。到时候见！")
    return did("status.show", f"您已经报过名了：{name}，{format_when(task, tz)}。到时候见！")


_THANKS = re.compile(r"谢谢|多谢|谢了|麻烦(?:你|您|恁)?了|辛苦")


def cancel(ctx: Context, task_no: int) -> Reply | str:
    try:
        result = rules.cancel_signup(ctx.session, task_no, ctx.user, ctx.now, ctx.tz)
    except rules.VolunteerError as refusal:
        return rules.texts.refusal(refusal)
    name = f"{result.task.title}（{result.task.number}号）"
    if result.was == "waiting":
        return did("volunteer.withdraw", f"好的，已经把您从{name}的候补名单里去掉了。")
    return did("volunteer.withdraw", f"好的，{name}的报名已经取消，名额会让给别的志愿者。谢谢您提前告诉我们！")


# Not "确认 12": mediators and representatives confirm their own numbered items with it.
@router.command(r"^\s*(?:我|俺)?(?:报名|参加|报|去)\s*第?\s*(\d{1,6})\s*号?(?:活动|那个)?\s*[。.！!]?\s*$")
def confirm_by_number(ctx: Context) -> Reply | str:
    """'报名 12' / '报2号' / '去3号' / '1号俺去': take a place on task 12."""
    return confirm(ctx, int(ctx.match.group(1)))


# The task's number first, with 号 (a bare "2 俺去" may be a choice of a list): 1号俺去 / 3号活动我报名.
router.command(r"^\s*第?\s*(\d{1,6})\s*号(?:活动|那个)?\s*(?:我|俺)?(?:也)?(?:报名|参加|报|去|能去|可以去)(?:了|吧)?\s*[。.！!]?\s*$")(
    confirm_by_number)


def pushed_task(ctx: Context, tasks) -> object | None:
    """The task of the newest push or look (bot/context.py) among `tasks`, if it is the newest item."""
    item = context.latest(ctx.session, ctx.user.openid, ANSWERABLE, ctx.now)
    if item is None or item.kind != "task":
        return None
    return next((t for t in tasks if t.number == item.number), None)


def let_offer_go(ctx: Context, number: int) -> None:
    """去不了 to an offer: kept as a declined task item, so that the own list (`status`) does not
    offer that task again (bot/volunteers/lookups.unanswered_offers)."""
    context.remember(ctx.session, ctx.user.openid, "task", number, via="declined", at=ctx.now)


def joined(replies: list, wanted: str) -> Reply:
    """One reply for several tasks: the wanted action when any got it, else the first one's."""
    actions = [r.action for r in replies if isinstance(r, Reply)]
    action = wanted if wanted in actions else (actions[0] if actions else None)
    return did(action, "\n\n".join(r.text if isinstance(r, Reply) else r for r in replies))
