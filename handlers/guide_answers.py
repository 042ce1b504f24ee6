"""Opening a guide or answering one part of it, with the guide kept as the topic (its numbered
follow-ups open): shared by the guide handlers and by the forms that answer a part mid-form."""
from __future__ import annotations

import re

from bot import context
from bot.dispatch import Context
from bot.guides import GuideView
from bot.messages import Reply, did

from .guide_replies import first_reply, part_reply

FLOW = "guide"


def villager_township(ctx: Context) -> str | None:
    village = getattr(ctx.user, "village", None)
    area = getattr(village, "area", None)
    return area.township if area is not None and area.township else None


def open_guide(ctx: Context, guide: GuideView) -> Reply:
    ctx.dialog.start(FLOW, "followup", guide=guide.id)
    context.remember(ctx.session, ctx.user.openid, "guide", guide.id)
    return did("guide.show", first_reply(guide, villager_township(ctx)), guide.id)


def answer_part(ctx: Context, guide: GuideView, part: str) -> Reply:
    """One part of a guide; the guide stays the topic (and its numbered follow-ups open). The part
    is kept too: "那低保呢" after 五保's conditions asks the same part of another matter."""
    ctx.dialog.start(FLOW, "followup", guide=guide.id, part=part)
    context.remember(ctx.session, ctx.user.openid, "guide", guide.id)
    return did(f"guide.{part}", part_reply(guide, part, villager_township(ctx)), guide.id)


# "那低保呢", "低保的呢", "还有残疾证呢": only another matter, asked the way the last one was.
# "五保的也说说", "残疾证也给俺讲讲": the same asked of another matter, said as "tell that one too".
# A matter told with a 的 inside ("那孩子刚生的上户口呢") is a new situation told, not only a name.
_BARE_OTHER = re.compile(r"^(?:那|那么|还有|再问问?)?(?:(?!的)[\u4e00-\u9fff]){2,10}?(?:的)?"
                         r"(?:呢|嘞|哩|(?:的)?也(?:给(?:俺|我|咱)?)?(?:说说|讲讲|说一下|讲一下|说下|讲下|说一说|讲一讲|念念|问问)"
                         r"(?:呗|吧|呀|啊)?|"
                         # "医疗救助也是那吗", "五保也在那办不": the same place (or rule) asked of another
                         r"(?:的)?也(?:是|在)(?:那|那儿|那里|这|这儿|这里|那个地方)(?:办|交|申请|领)?(?:吗|不|么|啊|呀)?)[？?。]?$")


def carried_part(ctx: Context) -> str | None:
    """The part last answered in this guide conversation, when the words only name another matter."""
    if not ctx.dialog.in_flow(FLOW) or not _BARE_OTHER.match(ctx.text.strip()):
        return None
    part = ctx.dialog.slots.get("part")
    # 咋办 is answered with the steps; "那X呢" after it asks how X goes: X's first screen, as after 低保咋办
    return None if part == "steps" else part
