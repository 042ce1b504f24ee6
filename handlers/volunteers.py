"""Volunteers in chat: register, see the area's tasks, answer a task push, give a place up, "我的志愿".

Form `volunteer_register` (bot/forms.py: kept when idle or interrupted): step `skills` (numbered
multi-choice) → step `times` → registered,
then the area's tasks as numbered choices (flow `volunteer_pick`, slots `tasks`, `action`).
Replies to a push: "1" / "行，俺去" / "报名" take the task of the newest push (bot/context.py;
else the one open offer, several: ask which); "报名 12"; "俺那天去不了了" / "取消 12" give the
place up (the first waiting volunteer is promoted and told).
The rules live in bot/volunteers/; this module only talks.
"""
from __future__ import annotations

import re

from bot import context
from bot import volunteers as rules
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.forms import FormSpec, register, says_no_phone
from bot.messages import Reply, did
from bot.volunteers.texts import format_hours, format_when, task_line

from .account import ask_village_then, continuation
from .answers import parse_phone
from .answer_words import cant_and_why, mentions_cant, may_say_cant, names_every, says_all, says_cant, says_yes, yes_and_why
from .guides import parse_number
from .task_pick import pointed_task, without_title as _without_title
from .volunteer_words import skill_choices, time_choices

router = Router("volunteers")
REGISTER, PICK = "volunteer_register", "volunteer_pick"

MAX_LISTED = 8  # keeps a reply well under WeChat's 2048 bytes
# Items a short answer may be about; the newest decides which handler answers.
_ANSWERABLE = ("task", "errand", "booking", "need")
VILLAGE_FIRST = "想当志愿者，先要知道您是哪个村的。"


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


def _task_list(ctx: Context, tasks, heading: str, action: str) -> str:
    """Numbered tasks; the number replied next acts on that task (`action`: confirm | cancel)."""
    ctx.dialog.start(PICK, "pick", tasks=[t.number for t in tasks], action=action)
    lines = [heading] + [f"{i} {task_line(t, ctx.tz)}" for i, t in enumerate(tasks, 1)]
    return "\n".join(lines) + "\n回复数字就行。"


def show_area_tasks(ctx: Context, profile, intro: str = "", action: str = "volunteer.list") -> Reply:
    tasks = rules.upcoming_tasks(ctx.session, profile.area_id, ctx.now)
    if not tasks:
        ctx.dialog.finish()
        return did(action, intro + "最近还没有志愿活动，有新活动会第一时间发消息告诉您。回复“我的志愿”看您的服务记录。")
    return did(action, intro + _task_list(ctx, tasks, f"{profile.area.name}最近的志愿活动，想参加哪个？", "confirm"))


def open_tasks_for(ctx: Context) -> Reply:
    """A registered volunteer's "有啥活能干": the area's upcoming tasks to sign up for."""
    profile = rules.get_profile(ctx.session, ctx.user)
    return show_area_tasks(ctx, profile) if profile is not None else volunteer_intent(ctx)


@router.intent("volunteer")
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
        ctx.dialog.start(REGISTER, "skills")
        if said := slots.get("said"):  # 俺想当志愿者，会理发，周末有空: all of it counts
            return _fill_from(ctx, said, first=True)
        return did("volunteer.ask", SKILLS_QUESTION)
    return show_area_tasks(ctx, profile)


def _keep_phone(ctx: Context, text: str) -> str:
    """A mobile number said along the way is the volunteer's contact; '' when none."""
    phone = parse_phone(text)
    if phone:
        ctx.user.phone = phone
    return phone or ""


def _fill_from(ctx: Context, text: str, first: bool = False):
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
            return _fill_from(ctx, ctx.text)
        return _unclear(ctx, SKILLS_QUESTION)
    skills = [rules.SKILLS[i - 1] for i in picked]
    if times := ctx.dialog.slots.get("times"):  # said before the skills were asked
        _keep_phone(ctx, ctx.text)
        return _register(ctx, skills, times)
    ctx.dialog.advance("skills", skills=skills)
    return _fill_from(ctx, ctx.text)


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
    return show_area_tasks(ctx, profile, intro, action="volunteer.register")


@router.flow(PICK, step="pick")
def pick_task(ctx: Context):
    """A number from the last list of tasks."""
    numbers = ctx.dialog.slots.get("tasks") or []
    choice = parse_number(ctx.text)
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
        return did("volunteer.signup", f"报名成功！{name}\n时间：{format_when(task, tz)}{place}\n"
                   f"活动前会再提醒您。去不了请回复“取消 {task.number}”。")
    if result.outcome == "waiting":
        return did("volunteer.waitlist", f"{name}人已经满了，给您排在候补第{result.waiting_rank}位。有人让出名额会马上告诉您。"
                   f"不想排了请回复“取消 {task.number}”。")
    if result.outcome == "already_waiting":
        return did("status.show", f"您已经在{name}的候补名单上了，现在是候补第{result.waiting_rank}位。")
    return did("status.show", f"您已经报过名了：{name}，{format_when(task, tz)}。到时候见！")


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
    """'报名 12' / '报2号' / '去3号': take a place on task 12."""
    return confirm(ctx, int(ctx.match.group(1)))


def _pushed_task(ctx: Context, tasks) -> object | None:
    """The task of the newest push or look (bot/context.py) among `tasks`, if it is the newest item."""
    item = context.latest(ctx.session, ctx.user.openid, _ANSWERABLE, ctx.now)
    if item is None or item.kind != "task":
        return None
    return next((t for t in tasks if t.number == item.number), None)


def _named_task(text: str, tasks) -> tuple[object | None, str]:
    """The one task whose title the text names (理发那个俺能去), and the text without the name,
    when the rest says yes; a bare yes, or a name two tasks share, names none."""
    named = [(task, rest) for task in tasks if (rest := _without_title(text, task.title)) != text]
    if len(named) == 1 and says_yes(named[0][1]):
        return named[0]
    return None, text


@router.reader()
def answer_offer(ctx: Context):
    """'1' / '行，俺去' / '报名' after a task push: take that push's task, else the one open offer.
    Naming the task ("理发那个俺能去") takes that one, however many were pushed."""
    offers = rules.offered_tasks(ctx.session, ctx.user, ctx.now)
    named, words = _named_task(ctx.text, offers)
    if named is None:  # 头一个俺去 / 礼拜四那个俺能去
        named, words = pointed_task(ctx.text, offers, ctx.now, ctx.tz)
        named, words = (named, words) if named is not None and says_yes(words) else (None, ctx.text)
    if offers and says_all(words):
        return _take_all(ctx, offers)
    if not offers or not (says_yes(words) or (yes_and_why(words) and not is_new_request(ctx, ("volunteer",)))):
        return NOT_MINE
    if named is not None:
        return confirm(ctx, named.number)
    newest = context.latest(ctx.session, ctx.user.openid, _ANSWERABLE, ctx.now)
    if newest is not None and newest.kind != "task":
        return NOT_MINE  # the newest item is an errand or booking: its own handler answers
    states = rules.signup_states(ctx.session, ctx.user, [t.id for t in offers])
    pushed = _pushed_task(ctx, offers)
    if pushed is not None and pushed.id not in states:
        return confirm(ctx, pushed.number)  # the reply to a push acts on that push's task
    # A task the volunteer already answered (even with "不去了") is not re-taken by a bare "1".
    unanswered = [t for t in offers if t.id not in states]
    if len(unanswered) > 1:
        return did("clarify.ask", _task_list(ctx, unanswered, "您有几个活动可以报名，想参加哪个？", "confirm"))
    if unanswered:
        return confirm(ctx, unanswered[0].number)
    answered = [t for t in offers if states[t.id] in rules.ACTIVE]
    if not answered and _AGAIN.search(ctx.text):  # 俺又能去了: the place given up is taken again
        given_up = [t for t in offers if states[t.id] not in rules.ACTIVE]
        meant = pushed if pushed is not None else given_up[0] if len(given_up) == 1 else None
        return confirm(ctx, meant.number) if meant is not None else NOT_MINE
    return confirm(ctx, answered[0].number) if answered else NOT_MINE


_AGAIN = re.compile(r"又|还是|重新|再报|再去")


def _take_all(ctx: Context, offers) -> Reply:
    """两个都去: a place on every task offered and not answered yet (one reply for all)."""
    states = rules.signup_states(ctx.session, ctx.user, [t.id for t in offers])
    replies = [confirm(ctx, t.number) for t in offers if t.id not in states] or [confirm(ctx, offers[0].number)]
    return _joined(replies, "volunteer.signup")


def _joined(replies: list, wanted: str) -> Reply:
    """One reply for several tasks: the wanted action when any got it, else the first one's."""
    actions = [r.action for r in replies if isinstance(r, Reply)]
    action = wanted if wanted in actions else (actions[0] if actions else None)
    return did(action, "\n\n".join(r.text if isinstance(r, Reply) else r for r in replies))


@router.command(r"^\s*(?:取消|不去)\s*(\d{1,6})\s*号?\s*(?:了|的报名)?\s*[。.！!]?\s*$")
def cancel_by_number(ctx: Context):
    """'取消 12': give up the place on task 12 (only when signed up to it; else not ours)."""
    task_no = int(ctx.match.group(1))
    if not any(s.task.number == task_no for s in rules.active_signups(ctx.session, ctx.user, ctx.now)):
        return NOT_MINE
    return cancel(ctx, task_no)


@router.reader()
def give_up(ctx: Context):
    """'俺那天去不了了' (or with a reason after it, or naming the task: 帮厨那个去不了了): give up the
    sign-up the user means (the task named, else the newest task item), or ask which. 去不了 to a
    task only offered lets that offer go; it never gives up another task's place."""
    if not may_say_cant(ctx.text):
        return NOT_MINE  # no can't in the words: the sign-ups need not be read
    signups = rules.active_signups(ctx.session, ctx.user, ctx.now)
    named, words = _named_signup(ctx.text, signups)
    if named is None and (pointed := pointed_task(ctx.text, [s.task for s in signups], ctx.now, ctx.tz))[0]:
        named, words = next(s for s in signups if s.task is pointed[0]), pointed[1]  # 头一个去不了了
    if not says_cant(words) and not _cant_about_a_signup(ctx.text, named) \
            and (cant_and_why(words) is None or is_new_request(ctx, ("cancel", "volunteer"))):
        return NOT_MINE
    if named is not None:
        return cancel(ctx, named.task.number)
    if len(signups) > 1 and names_every(words):  # 两个都去不了
        return _joined([cancel(ctx, s.task.number) for s in signups], "volunteer.withdraw")
    newest = context.latest(ctx.session, ctx.user.openid, _ANSWERABLE, ctx.now)
    if newest is not None and newest.kind != "task":
        return NOT_MINE  # about the errand or booking the user was last told of
    if newest is not None and newest.number not in {s.task.number for s in signups}:
        return _no_thanks(ctx)  # the newest task was offered, not taken
    if not signups:
        return _no_thanks(ctx)
    meant = _pushed_task(ctx, [s.task for s in signups])
    if meant is not None:
        return cancel(ctx, meant.number)
    if len(signups) == 1:
        return cancel(ctx, signups[0].task.number)
    return did("clarify.ask", _task_list(ctx, [s.task for s in signups], "您报了几个活动，哪个去不了？", "cancel"))


_CANT_SENTENCE_CHARS = 30
# 俺报的那个… / 报名的活动: the sentence is about one's own sign-up.
_SIGNUP_WORDS = re.compile(r"报的|报名的|报了的|报上的|那个活|志愿|活动")


def _cant_about_a_signup(text: str, named) -> bool:
    """A short sentence saying can't about a sign-up it names or points at (俺报的那个打扫的活去不成了)."""
    return len(text) <= _CANT_SENTENCE_CHARS and mentions_cant(text) \
        and (named is not None or _SIGNUP_WORDS.search(text) is not None)


def _named_signup(text: str, signups) -> tuple[object | None, str]:
    """The one sign-up whose task title the text names (帮厨那个, 送年货的), and the text without it."""
    for signup in signups:
        rest = _without_title(text, signup.task.title)
        if rest != text:
            others = [s for s in signups if s is not signup and _without_title(text, s.task.title) != text]
            return (None, text) if others else (signup, rest)
    return None, text


def _no_thanks(ctx: Context):
    """去不了 to a task pushed but not taken: nothing to give up, the offer is simply let go."""
    offers = rules.offered_tasks(ctx.session, ctx.user, ctx.now)
    pushed = _pushed_task(ctx, offers)
    if pushed is None:
        return NOT_MINE
    names = f"{pushed.title}（{pushed.number}号）"
    if len(offers) > 1 and names_every(ctx.text):  # 两个都去不了: every offer not answered is let go
        states = rules.signup_states(ctx.session, ctx.user, [t.id for t in offers])
        names = "、".join(f"{t.title}（{t.number}号）" for t in offers if t.id not in states) or names
    return did("smalltalk.ack", f"好的，{names}这次就不算您了。下回有活动再告诉您，谢谢！")


@router.command(r"^\s*(?:我的志愿|我的志愿服务|志愿时长|我的服务时长)\s*[?？。]?\s*$")
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


# Only a number, maybe with 俺的电话是: a contact given, nothing asked.
_PHONE_ALONE = re.compile(r"^\s*(?:俺|我)?(?:的)?(?:电话|手机|手机号|号码)?(?:是|号)?[:：\s]*[\d\s\-+]{11,16}\s*[。.]?\s*$")


@router.reader()
def contact_of_a_volunteer(ctx: Context):
    """'13805390051' from a volunteer with no form open (often right after signing up, when the
    registration asked no phone): keep it as the contact the organisers call."""
    if ctx.dialog.in_form() or not _PHONE_ALONE.match(ctx.text) or (phone := parse_phone(ctx.text)) is None:
        return NOT_MINE
    if rules.get_profile(ctx.session, ctx.user) is None:
        return NOT_MINE
    ctx.user.phone = phone
    return did("volunteer.register", f"电话记下了：{phone}。组织志愿活动的工作人员会用这个号联系您。")
