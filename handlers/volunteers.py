"""Volunteers in chat: the `volunteer` intent (register, or see the area's tasks), "我的志愿", a
phone number given; and the one router of all the volunteer modules, in their order:
- handlers/volunteer_form.py: registering (skills → times → registered, then the tasks);
- handlers/volunteer_tasks.py: the numbered list of tasks, "报名 12", sign-up and withdrawal;
- handlers/volunteer_join.py: the list for one who is no volunteer yet ("最近有啥志愿活动");
- handlers/volunteer_offers.py: "1" / "行，俺去" after a task push;
- handlers/volunteer_give_up.py: "取消 12" / "俺那天去不了了" (the first waiting moves up).
The rules live in bot/volunteers/; these modules only talk.
"""
from __future__ import annotations

import re

from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.volunteers.texts import format_hours, format_when

from . import volunteer_form, volunteer_give_up, volunteer_join, volunteer_offers, volunteer_tasks
from .account import ask_village_then, continuation
from .answers import parse_phone
from .volunteer_form import REGISTER, SKILLS_QUESTION, fill_from
from .volunteer_join import show_tasks_to_join
from .volunteer_tasks import show_area_tasks
from .volunteer_words import asks_for_activities

_own = Router("volunteers")

MAX_LISTED = 8  # keeps a reply well under WeChat's 2048 bytes
VILLAGE_FIRST = "想当志愿者，先要知道您是哪个村的。"


def open_tasks_for(ctx: Context) -> Reply:
    """A registered volunteer's "有啥活能干": the area's upcoming tasks to sign up for."""
    profile = rules.get_profile(ctx.session, ctx.user)
    return show_area_tasks(ctx, profile) if profile is not None else volunteer_intent(ctx)


@_own.intent("volunteer")
def volunteer_intent(ctx: Context) -> Reply:
    """Register first (village needed), then the area's upcoming tasks."""
    if ctx.user.village is None:  # register first, then carry on
        return did("bind.ask", ask_village_then(ctx, resume_after_bind, intro=VILLAGE_FIRST, said=ctx.text[:500]))
    return resume_after_bind(ctx, {"said": ctx.text})


@continuation("volunteers")
def resume_after_bind(ctx: Context, slots: dict) -> Reply:
    """The volunteer's profile (asked for) or the area's tasks, once the village is known."""
    profile = rules.get_profile(ctx.session, ctx.user)
    if profile is None:
        if asks_for_activities(slots.get("said") or ""):  # 最近有啥志愿活动: the list first
            return show_tasks_to_join(ctx)
        ctx.dialog.start(REGISTER, "skills")
        if said := slots.get("said"):  # 俺想当志愿者，会理发，周末有空: all of it counts
            return fill_from(ctx, said, first=True)
        return did("volunteer.ask", SKILLS_QUESTION)
    return show_area_tasks(ctx, profile)


# 俺报上名了没有 / 我报名了吗 / 报上了没: whether one is signed up, asked by a volunteer.
# Chatter may follow in a clause of its own (俺报上了没有啊 别弄岔了).
_SIGNED_UP_YET = re.compile(r"^\s*(?:我|俺)?(?:的)?(?:报|报上|报好|报成|报进去|记上)(?:名)?了?(?:没有?|吗|么|没得|不|木有)"
                            r"(?:啊|呀|哈|呢)?\s*(?:[?？。，,！!\s]+[^?？。，,！!\s]{0,10})?[?？。！!]*\s*$")


@_own.command(r"^\s*(?:我的志愿|我的志愿服务|志愿时长|我的服务时长)\s*[?？。]?\s*$")
def my_volunteering(ctx: Context) -> Reply:
    """Upcoming sign-ups and total hours."""
    if rules.get_profile(ctx.session, ctx.user) is None:
        return did("status.show", "您还没登记成志愿者。想参加请回复“当志愿者”。")
    mine = rules.my_volunteering(ctx.session, ctx.user, ctx.now)
    if mine.attended:
        lines = [f"您已经参加志愿服务{mine.attended}次，一共{format_hours(mine.total_hours)}。谢谢您！"]
    else:
        lines = ["您还没有记过志愿服务时长（0小时），参加活动后由组织的工作人员登记。"]
    if mine.upcoming:
        lines.append("接下来的活动：")
        for signup in mine.upcoming[:MAX_LISTED]:
            task = signup.task
            lines.append(f"· {task.title}（{task.number}号）{format_when(task, ctx.tz)}："
                         f"{rules.signup_state_words(ctx.session, signup)}")
        lines.append("去不了请回复“取消 活动号”，比如“取消 %d”。" % mine.upcoming[0].task.number)
    else:
        lines.append("接下来还没有报名的活动。回复“当志愿者”看看最近的活动。")
    return did("status.show", "\n".join(lines))


@_own.reader()
def signed_up_yet(ctx: Context):
    """'俺报上名了没有': a volunteer's sign-ups (a villager who is none is not ours)."""
    if not _SIGNED_UP_YET.match(ctx.text) or rules.get_profile(ctx.session, ctx.user) is None:
        return NOT_MINE
    return my_volunteering(ctx)


# Only a number, maybe with 俺的电话是: a contact given, nothing asked.
_PHONE_ALONE = re.compile(r"^\s*(?:俺|我)?(?:的)?(?:电话|手机|手机号|号码)?(?:是|号)?[:：\s]*[\d\s\-+]{11,16}\s*[。.]?\s*$")


@_own.reader()
def contact_of_a_volunteer(ctx: Context):
    """'13805390051' from a volunteer with no form open (often right after signing up, when the
    registration asked no phone): keep it as the contact the organisers call."""
    if ctx.dialog.in_form() or not _PHONE_ALONE.match(ctx.text) or (phone := parse_phone(ctx.text)) is None:
        return NOT_MINE
    if rules.get_profile(ctx.session, ctx.user) is None:
        return NOT_MINE
    ctx.user.phone = phone
    return did("volunteer.register", f"电话记下了：{phone}。组织志愿活动的工作人员会用这个号联系您。")


# One router, in the order the handlers had in one module (commands and readers are tried in it).
router = Router("volunteers")
router.handlers = [*_own.handlers[:1], *volunteer_form.router.handlers, *volunteer_tasks.router.handlers,
                   *volunteer_join.router.handlers, *volunteer_offers.router.handlers, *volunteer_give_up.router.handlers, *_own.handlers[1:]]
