"""Staff in chat: "我的任务" (the open work of every role they hold) and what each role can say.

"我的任务", "我手上的代办", "待确认的调解", "我认领的": a possessive or pending word with a word
for work. The reply has one section per role (errands, whistled needs, bookings, sign-ups);
a word for one kind of work (代办, 调解, 认领) shows that section when the user has it.
A how-to about one's own role's commands (报到咋报, 群众留的话俺咋回) is help (`help_router`, placed
before the guides, which would read 报 as 报销).
"""
from __future__ import annotations

import re

from bot.choices import clauses, strip_punctuation
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import errands_for_member
from bot.messages import did
from bot.needs import claimable_for, held_by

from . import errand_texts, need_texts
from .menu_text import MENU_TEXT

router = Router("work")
help_router = Router("staff_help")  # before the guides: 报到咋报 is no 报销

ROLE_COMMANDS = {
    "party_member": "党员代办：接单 编号｜不接 编号｜进展 编号 内容｜办结 编号 结果｜我的代办",
    "grid_worker": "网格员代办：接单 编号｜不接 编号｜进展 编号 内容｜办结 编号 结果｜我的代办",
    "secretary": "片区书记：群众找人的留言会推给您，回复“回复 编号 内容”答复（只有一条等回复时直接回话就行）｜"
                 "代办没人接时会通知您，回复“接单 编号”安排｜我的代办",
    "rep": "党代表：报到 编号（认领群众需求）｜待认领｜进展 编号 内容｜办结 编号 结果｜退回 编号（交还组里）｜分派 编号 组名",
    "mediator": "调解员：待确认｜确认 编号｜改时间 编号 时间｜结果 编号 成功/未成功",
    "volunteer": "志愿者：报名 编号｜取消 编号｜我的志愿",
}
# section → (roles that have it, words that ask for it)
_SECTIONS = {
    "errand": ({"party_member", "grid_worker", "secretary"}, ("代办", "接的单", "单子", "接单")),
    "need": ({"rep"}, ("认领", "报到", "需求", "吹哨", "诉求")),
    "booking": ({"mediator"}, ("调解", "预约", "确认", "约")),
    "task": ({"volunteer"}, ("志愿", "活动", "报名")),
}
# 今天有啥事 / 还有啥要办的 / 俺报了哪些活儿: asking what there is, said to the bot by staff.
_MINE = re.compile(r"(?:有啥|有什么|有没有|有哪些|还有啥|都有啥|有多少|有几个?)(?:要|该|得|等着?)?(?:我|俺|咱)?(?:去)?"
                   r"(?:事|活|任务|工作|代办|单|调解|预约|要认领|认领|报到|需求|确认|办|处理)|"
                   r"(?:我|俺)(?:报|接|认领|领)了(?:哪些|啥|什么|几个|多少)|"
                   # 俺还有啥没干完的 / 还有几件没办的: what is left undone
                   # … or kept waiting (还压着几件没办的 / 挂着几个没弄的)
                   r"(?:还有|有|压着|挂着|欠着|攒着|堆着|剩着?|剩下|剩|落下)(?:啥|什么|哪些|几个|几件|多少)(?:事|活儿?)?(?:没|还没)(?:办|弄|干|做|处理|结|了结|完)完?|"
                   # 有要确认的没 / 有该办的吗: asked as "is there any … (to do)"
                   r"^(?:还)?有(?:要|该|得|待|等着?)(?:我|俺)?(?:去)?(?:确认|认领|办|处理|接|报到|调解)的?(?:没有?|吗|么|不|没得)?$|"
                   r"我的|俺的|咱的|手上|手里|手头|我要办|俺要办|待确认|待办|待处理|我接的|俺接的|我认领|俺认领|我报的|"
                   r"(?:我|俺)这(?:儿|边|里|几天|两天|礼拜|星期|周|阵子|月)?(?:都|还)?(?:有|还有)|(?:派|分|轮)(?:给|到)(?:我|俺)|等着?(?:我|俺)|"
                   # 都有谁约了 / 约了几家 / 排了几个: who is booked, asked by the one they come to
                   r"(?:有|都有|还有)(?:谁|哪些人|哪几家|几家|几个人|多少人)|"
                   # 今天有人约调解没 / 有没有人来约: whether anyone booked, asked by the one booked
                   r"(?:有|有没有|还有)人(?:来)?(?:约|预约|排|挂)|(?:约|排|挂)了?(?:些|点)?(?:啥人|什么人|几家|几个|多少|哪些|谁)")
# A closing ask to be shown (… 给俺列列 / 给俺看看 / 帮俺念念): not part of what is asked about.
_SHOW_ME = re.compile(r"[，,\s]*(?:再|重新)?(?:给|帮|替)?(?:我|俺)?(?:列列|列一下|列个单|看看|瞅瞅|瞧瞧|说说|念念|数数|查查|捋捋|叨叨|念叨念叨)(?:吧|呗|啊)?$")
_WORK = ("任务", "工作", "活", "事", "办完", "没办", "弄完", "干完", "没弄", "没干", "没结", "没完", "办的", "代办", "待办", "待处理", "待确认", "调解", "认领", "报到", "需求", "预约", "单", "志愿",
         "要办", "该办", "得办", "确认", "处理", "约")
_MAX_LEN = 12  # a longer message is a request of its own, not a look at one's list
# 有啥活能干 / 有什么活动能参加: the work there is to take on (a volunteer: the open tasks), not one's own.
_TO_TAKE_ON = re.compile(r"(?:有啥|有什么|有没有|有哪些|还有啥|都有啥)(?:活动?|事|任务)儿?(?:能|可以|要人|缺人|需要人)?"
                         r"(?:干|做|去|参加|帮忙|报名?)|"
                         # 这礼拜有啥活 俺都有空: free for whatever there is
                         r"(?:有啥|有什么|有没有|有哪些)(?:活动?|事|任务)儿?.{0,4}(?:我|俺)(?:都|也)?(?:有空|闲着|得空|能去|能干)|"
                         # 还有别的活动没 / 有新活动吗: whether there are (more) activities
                         r"(?:还有|有没有|^有)(?:别的|其他|其它|新的?|啥)?(?:志愿)?活动儿?(?:没有?|吗|么|不|啊|没得)?$|"
                         # 刚才发的那几个活 (再给俺列列): the tasks pushed, shown again
                         r"(?:发|推|派|通知)(?:来|过来)?的(?:那|这)?(?:几个|些|俩|两个|个)?(?:活动?|任务)儿?$")

# 最近都有啥活 给俺说说: what work there is, asked by one who only volunteers (not 我报的 / 我的活).
_THERE_IS_WORK = re.compile(r"(?:有啥|有什么|有没有|有哪些|还有啥|都有啥)(?:志愿)?(?:活动?|任务)儿?")
_OWN = re.compile(r"(?:我|俺|咱)(?:的|报|接|认领|领)|手上|手里|手头|待|(?:派|分|轮)(?:给|到)|"
                  r"^(?:我|俺|咱)[^给跟和向对]{0,5}?有(?:啥|什么|哪些|几个|几件)")  # 俺这礼拜都有啥活: one's own


# 看看俺手上还有啥 / 手里还剩几个: what is in one's hands, no word for work needed.
_IN_HAND = re.compile(r"(?:手上|手里|手头|手底下)(?:都|还)?(?:有|剩|剩下|压着)(?:啥|什么|哪些|几个|几件|多少|没)")


def role_help(user) -> str:
    """The commands of the user's staff roles, one line each ('' for a villager)."""
    lines = [ROLE_COMMANDS[r] for r in ROLE_COMMANDS if r in user.role_names]
    if not lines:
        return ""
    return "您的身份还能说：\n" + "\n".join(lines) + "\n我的任务：看您手上要办的事"


def _asked_sections(words: str) -> set[str]:
    return {name for name, (_, keys) in _SECTIONS.items() if any(k in words for k in keys)}


def _section(ctx: Context, name: str) -> str:
    if name == "errand":
        return errand_texts.member_list(errands_for_member(ctx.session, ctx.user))
    if name == "need":
        return need_texts.rep_list(claimable_for(ctx.session, ctx.user), held_by(ctx.session, ctx.user))
    if name == "booking":
        from .mediation_staff import bookings_text  # at call time: the mediation modules load later

        return bookings_text(ctx)
    from .volunteers import my_volunteering

    return my_volunteering(ctx).text


@router.reader()
def my_work(ctx: Context):
    """我的任务 / 我手上的代办 / 待确认的调解 / 我认领的: the staff member's open work."""
    words = strip_punctuation(_SHOW_ME.sub("", ctx.text.strip()) or ctx.text)
    held = [name for name, (roles, _) in _SECTIONS.items() if roles & ctx.user.role_names]
    longest = _MAX_LEN + 8 if held == ["task"] and _THERE_IS_WORK.search(words) else _MAX_LEN  # …跟俺念叨念叨
    if len(words) > longest or not (any(w in words for w in _WORK) or _IN_HAND.search(words)):
        return NOT_MINE
    if not held or not (_MINE.search(words) or held == ["task"] and _TO_TAKE_ON.search(words)):
        return NOT_MINE  # a villager's "我的事": their own records (status)
    if held == ["task"] and (_TO_TAKE_ON.search(words) or _THERE_IS_WORK.search(words)) and not _OWN.search(words):
        from .volunteers import open_tasks_for  # at call time: the volunteer modules load later

        return open_tasks_for(ctx)
    shown = [name for name in held if name in _asked_sections(words)] or held
    # A volunteer's own sign-ups alone are what "我的预约" shows a villager: status.show (CONTRACT.md).
    return did("status.show" if shown == ["task"] else "work.show", "\n\n".join(_section(ctx, name) for name in shown))


# How to do one's own role's work (报到咋报 俺不会弄 / 接单咋接 / 群众留的话俺咋回 / 确认在哪点): the words
# of a role's commands with a "how" or "don't know how"; each role knows only its own words.
_ROLE_WORK = {
    "party_member": r"接单|不接|办结|进展|代办|单子",
    "grid_worker": r"接单|不接|办结|进展|代办|单子",
    "secretary": r"留言|留的话|群众的话|转来的|回复|回话|回群众|接单|代办",
    "rep": r"报到|报道|认领|吹哨|办结|进展|退回",
    "mediator": r"确认|改时间|调解结果|结果|预约",
    "volunteer": r"报名|志愿",
}
# 俺能干啥 / 这个号俺能用它弄啥 ask what one can do here; 去了都干啥活 asks what a task involves.
_COMMANDS_ASKED = re.compile(r"口令|指令|(?:我|俺)?(?:能|该|都|可以)(?:回|说|发)(?:啥|什么|些啥|哪些)|"
                             r"(?:我|俺)?(?:能|可以)(?:干|做|用它干|用它做)(?:啥|什么|些啥|哪些)(?!活)")
# A greeting or who is speaking (喂 / 俺是村里的代办员), said before the question: not part of it.
_INTRO = re.compile(r"^(?:喂|哎|你好|您好|恁好)*$|^(?:喂|哎|你好|您好)*(?:我|俺)是[^，,。?？]{1,12}$")
_HOW_ASKED = re.compile(r"(?:咋|怎么|怎样|如何)(?:个)?(?:报|弄|回|接|用|操作|整|办|确认|认领|点|发|写|搞)(?!事)|"
                        r"(?:在哪|哪里)(?:点|按|弄|回|确认|报)|不会(?:弄|用|回|报|接|整|操作)|不知道(?:咋|怎么)(?!样)|教教|教一下")


@help_router.reader(roles=set(_ROLE_WORK))
def how_to_do_my_work(ctx: Context):
    """报到咋报 / 群众留的话俺咋回: the user's role commands, as help."""
    words = strip_punctuation(ctx.text)  # who is speaking may name the role (俺是跑腿代办的 这咋弄)
    asked = strip_punctuation(" ".join(c for c in clauses(ctx.text) if not _INTRO.match(c)) or ctx.text)
    if len(asked) > 24 or ctx.dialog.busy():  # the greeting and who is speaking do not make it long
        return NOT_MINE
    # 都有啥口令 / 我能回啥 (the commands of one's roles), or how to do one's role's own work
    if not _COMMANDS_ASKED.search(words) and not (_HOW_ASKED.search(words) and any(
            re.search(_ROLE_WORK[role], words) for role in ctx.user.role_names if role in _ROLE_WORK)):
        return NOT_MINE
    return did("help.show", role_help(ctx.user) + "\n\n" + MENU_TEXT)
