"""Registering as a volunteer: the form `volunteer_register` (bot/forms.py: kept when idle or
interrupted), step `skills` (numbered multi-choice or words) → step `times` → registered, then
the area's tasks as numbered choices (handlers/volunteer_tasks.py); or, when the registration
began with a task picked (slot `then_task`, handlers/volunteer_join.py), the sign-up to that task.
"""
from __future__ import annotations

from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.forms import FormSpec, register, says_no_phone
from bot.messages import Reply, as_reply, did

from .answers import parse_phone
from .volunteer_tasks import confirm, show_area_tasks
from .volunteer_words import skill_choices, time_choices

router = Router("volunteers")
REGISTER = "volunteer_register"


def _numbered(options: tuple[str, ...]) -> str:
    return "\n".join(f"{i} {label}" for i, label in enumerate(options, 1))


SKILLS_QUESTION = ("欢迎您当志愿者！您会做哪些事？可以选几个，比如回复“1 3”：\n"
                   + _numbered(rules.SKILLS))
TIMES_QUESTION = "您平时什么时候有空？可以选几个：\n" + _numbered(rules.FREE_TIMES)


def _ask_registration(ctx: Context) -> Reply:
    return did("volunteer.ask", TIMES_QUESTION if ctx.dialog.state.step == "times" else SKILLS_QUESTION)


# Registering is a form like a booking: half-filled, it is kept through an idle hour or another
# question (and offered back), not dropped after the short idle so that 俺会做饭 became a canteen question.
register(FormSpec(flow=REGISTER, intent="volunteer", label="登记志愿者", ask=_ask_registration,
                  ask_action="volunteer.ask", missing={"skills": "会做的事", "times": "有空的时间"}))


def _keep_phone(ctx: Context, text: str) -> str:
    """A mobile number said along the way is the volunteer's contact; '' when none."""
    phone = parse_phone(text)
    if phone:
        ctx.user.phone = phone
    return phone or ""


def fill_from(ctx: Context, text: str, first: bool = False):
    """Skills and times, whichever the words give; ask for what is missing, else register."""
    phone = _keep_phone(ctx, text)
    slots = ctx.dialog.slots
    # Digits answer the question asked (skills), never the one after it: "1、2" is no time.
    skills = slots.get("skills") or [rules.SKILLS[i - 1] for i in skill_choices(text, len(rules.SKILLS))]
    times = [rules.FREE_TIMES[i - 1] for i in time_choices(text, len(rules.FREE_TIMES), numbers=False)]
    noted = f"电话记下了：{phone}。\n" if phone and not first else ""
    if skills and times:
        return _register(ctx, skills, times)
    if skills:
        ctx.dialog.advance("times", skills=skills)
        return did("volunteer.ask", noted + TIMES_QUESTION)
    if times:
        ctx.dialog.advance("skills", times=times)
    return did("volunteer.ask", noted + SKILLS_QUESTION)


def _unclear(ctx: Context, question: str):
    if is_new_request(ctx, ("volunteer",)):
        return NOT_MINE  # answered elsewhere; the dispatcher keeps the form paused and offers it back
    return did("volunteer.ask", "没看明白，请回复数字，可以选几个，比如“1 3”。\n" + question)


@router.flow(REGISTER, step="skills")
def register_skills(ctx: Context):
    """Skills as numbered multi-choice or in words (times and a phone said along are kept)."""
    picked = skill_choices(ctx.text, len(rules.SKILLS))
    if not picked:
        if parse_phone(ctx.text) or time_choices(ctx.text, len(rules.FREE_TIMES), numbers=False):
            return fill_from(ctx, ctx.text)
        return _unclear(ctx, SKILLS_QUESTION)
    skills = [rules.SKILLS[i - 1] for i in picked]
    if times := ctx.dialog.slots.get("times"):  # said before the skills were asked
        _keep_phone(ctx, ctx.text)
        return _register(ctx, skills, times)
    ctx.dialog.advance("skills", skills=skills)
    return fill_from(ctx, ctx.text)


@router.flow(REGISTER, step="times")
def register_times(ctx: Context):
    """Usual free times; then register and show the area's tasks."""
    picked = time_choices(ctx.text, len(rules.FREE_TIMES))
    if not picked:
        if phone := _keep_phone(ctx, ctx.text):
            return did("volunteer.ask", f"电话记下了：{phone}。\n" + TIMES_QUESTION)
        if says_no_phone(ctx.text):  # 没手机: fine, the activities come here; the times are still asked
            return did("volunteer.ask", "没手机也中，有活动就在这里告诉您。\n" + TIMES_QUESTION)
        return _unclear(ctx, TIMES_QUESTION)
    _keep_phone(ctx, ctx.text)
    return _register(ctx, ctx.dialog.slots.get("skills") or [], [rules.FREE_TIMES[i - 1] for i in picked])


def _register(ctx: Context, skills: list[str], times: list[str]):
    try:
        profile = rules.register_volunteer(ctx.session, ctx.user, skills, times, ctx.now)
    except rules.VolunteerError as refusal:
        ctx.dialog.finish()
        return rules.texts.refusal(refusal)
    intro = (f"登记好了！您已经是{profile.team.name}的一员（会做：{'、'.join(skills) or '其他'}；"
             f"有空：{'、'.join(times)}）。您的信息只给组织活动的工作人员看，不会公开。\n\n")
    if then_task := ctx.dialog.slots.get("then_task"):  # picked from the list before registering
        ctx.dialog.finish()
        follow = as_reply(confirm(ctx, int(then_task)))
        return did(follow.action or "volunteer.register", intro + follow.text)
    return show_area_tasks(ctx, profile, intro, action="volunteer.register")
