"""Suggestions in chat: "我有个建议，村口装个路灯" is stored for the villager's village.

With the words said, the suggestion is stored at once; "我有个建议" alone asks what it is (flow
`suggestion`, step `text`). Villagers without a village are asked for it first. The answer
comes later as a push (bot/suggestions/notices.py). The rules live in bot/suggestions/.
"""
from __future__ import annotations

import re

from bot import affairs, suggestions
from bot.dispatch import NOT_MINE, Context, Router
from bot.localtime import when_words
from bot.messages import Reply, did

from .account import ask_village_then, continuation

router = Router("suggestions")
FLOW = "suggestion"

# 我有个建议… / 下回议事日俺想提个意见…: a suggestion for the village's next deliberation day.
# "给议事日提个建议", "俺想在下回开会的时候提条意见": the meeting may be what the suggestion is for.
# The meeting by any of its names (议事日, 议事会, 村民代表会 …).
_MEETING = r"民主议事日|议事日|议事会|村民大会|村民代表会|代表大会|开会"
_FOR_THE_MEETING = r"(?:(?:我|俺|咱)?(?:们)?(?:想|要)?(?:给|对|在|趁|到)?(?:下回|下次|这回|这次|等到?)?(?:" + _MEETING + r")(?:之前|以前|前|的时候|上|那天)?[，,\s]*)?"
SUGGEST = re.compile(
    r"^\s*" + _FOR_THE_MEETING + r"(?:我|俺|咱)?(?:们)?(?:也)?(?:想|要)?(?:给村里|给村委|对村里)?"
    r"(?:(?:有|提|说)?(?:个|一个|条|一条|点|几条|几点)?(?:小)?(?:建议|提议)|提(?:个|一个|条|一条|点|几条|几点)?(?:小)?意见)"
    r"(?:哈|啊|呀)?")
# "俺有个想法 想在议事日上说说…", "我想趁开会的时候提提…": an idea the villager means to raise at the
# meeting is a suggestion too. 想法/主意 alone ("我有个想法 想问问低保") is not: the meeting must be named.
_RAISE_AT_MEETING = (r"(?:我|俺|咱)?(?:们)?(?:也)?(?:想|要|打算)?(?:在|到|趁|给|等)(?:下回|下次|这回|这次)?"
                     r"(?:" + _MEETING + r")(?:之前|的时候|上|那天|时)?"
                     r"(?:说说|说一说|说一下|说道说道|提提|提一提|提一下|提出来|讲讲|讲一讲|讲一下|反映反映|说|提|讲)(?!(?:了|的|些)?(?:啥|什么|哪些))")
IDEA_FOR_THE_MEETING = re.compile(
    r"^\s*(?:(?:我|俺|咱)?(?:们)?(?:也)?有(?:个|一个|点|几个|条)?(?:小)?(?:想法|主意|点子)(?:哈|啊|呀)?[\s，,。]*)?"
    + _RAISE_AT_MEETING + r"(?:(?:个|一个|点)?(?:想法|主意|点子|事|事儿))?(?:哈|啊|呀)?")
# "议事日俺有个想法 村南那段路该修修了": the meeting named first, then the idea.
IDEA_AFTER_THE_MEETING = re.compile(
    r"^\s*(?:下回|下次|这回|这次)?(?:" + _MEETING + r")(?:之前|的时候|上|那天|时)?[，,\s]*"
    r"(?:我|俺|咱)(?:们)?(?:也)?(?:想|要)?(?:有|提|说|讲|反映)(?:个|一个|点|几个|条|一条)?(?:小)?(?:想法|主意|点子|事儿?|意见|建议|看法|要求)(?:哈|啊|呀)?")
# "下回开会俺想说说 …", "议事日能不能给说说 …": the meeting named first, then the raising of something.
MEETING_THEN_RAISE = re.compile(
    r"^(?!.*[吗么？?]\s*$)\s*(?:等|到|在|趁)?(?:下回|下次|这回|这次|过几天|月中|月底)?(?:的)?(?:村里的?)?"
    r"(?:开)?(?:民主议事日|议事日|议事会|议事|开会|村民大会|代表大会|村民代表会)(?:之前|以前|前|的时候|时候|上|那天|时)?[，,\s]*"
    r"(?:我|俺|咱)?(?:们)?(?:也)?(?:想|要|打算|得|能不能|能|可以|可不可以)?(?:(?:给|帮|替)[\u4e00-\u9fff]{0,6}?)?"
    r"(?:提个醒|提醒|提一嘴|说一嘴|念叨念叨|念叨|捎个话|带个话|"
    r"说说|说一说|说一下|说道说道|提提|提一提|提一下|提出来|讲讲|讲一讲|讲一下|反映反映|反映一下|反映|议议|议一议|"
    r"商量商量|说|提|讲)(?!(?:了|的|些)?(?:啥|什么|哪些))(?:一下|一声)?(?:个|一个|点)?(?:事|事儿|想法|意见|建议)?(?:哈|啊|呀)?")
_LEAD = re.compile(r"^[\s，,：:。.！!、]*(?:就是|是|哈|啊|呀)?[\s，,：:]*")
ASK = "您说，您的建议是什么？一两句话说清楚就行，比如“村口装个路灯”。"


def _body(text: str, match: re.Match) -> str:
    return _LEAD.sub("", text[match.end():]).strip()


def _store(ctx: Context, text: str) -> Reply:
    ctx.dialog.finish()
    try:
        suggestion = suggestions.send_suggestion(ctx.session, ctx.user, text, ctx.now)
    except suggestions.SuggestionError as refusal:
        return Reply(f"{refusal}。")
    meeting = affairs.next_event(ctx.session, ctx.user, ctx.now)
    when = ""
    if meeting is not None:
        when = when_words(meeting.event_at, ctx.tz) + (f"在{meeting.place}" if meeting.place else "")
    return did("affairs.suggest", suggestions.texts.receipt(suggestion, when))


@continuation("suggestions")
def after_village(ctx: Context, slots: dict):
    """Continue after the villager named their village (see `ask_village_then`)."""
    text = slots.get("text") or ""
    if text:
        return _store(ctx, text)
    ctx.dialog.start(FLOW, "text")
    return ASK


@router.command(SUGGEST.pattern)
def suggest(ctx: Context):
    """我有个建议…: stored for the village, or asked for when only announced."""
    match = SUGGEST.match(ctx.text)
    if match is None:
        return NOT_MINE
    return _take(ctx, _body(ctx.text, match))


def _take(ctx: Context, body: str):
    """Store the suggestion's words, or ask for them when only announced (the village first)."""
    if ctx.user.village is None:
        return did("bind.ask", ask_village_then(ctx, after_village,
                                                "建议是交给您村里的。", text=body[:500] if len(body) >= 4 else ""))
    if len(body) >= 4:
        return _store(ctx, body)
    ctx.dialog.start(FLOW, "text")
    return Reply(ASK)


# "俺有个想法 村里能不能在大湾边上安个栏杆": an idea put as what the village could do is a suggestion
# even without the meeting named (an idea then a question for oneself, 想问问低保, is not).
IDEA_FOR_THE_VILLAGE = re.compile(
    r"^\s*(?:我|俺|咱)(?:们)?(?:也)?(?:有|提|说)(?:个|一个|条|一条|点)(?:小)?(?:想法|主意|点子)(?:哈|啊|呀)?[，,。\s]*"
    r"(?=(?:咱|俺|我们)?(?:村里|村委|咱村|大队|村上|上面|公家)?(?:(?:能不能|能否|可不可以|是不是|要是能)(?:应该|该|最好|得)?|可以|应该|该|最好|得)"
    r"(?:在|把|给|安|修|建|装|弄|搞|种|划|整|办|多|少|组织|开|挖|垒|铺|栽|换))")


# "议事日那天俺去不了 俺提个建议 垃圾池子别挪到俺家后头": the suggestion announced in a later clause,
# its words after it (what comes before is why it is sent this way).
SUGGEST_IN_A_CLAUSE = re.compile(
    r"^(?!.*[吗么？?]\s*$).{2,30}?[\s，,。.！!；;]+(?:我|俺|咱)(?:们)?(?:也)?(?:想|要)?(?:提|有|说)(?:个|一个|条|一条|点|几条)?(?:小)?"
    r"(?:建议|提议|意见)(?:哈|啊|呀|吧)?[\s，,：:。]+(?=\S{4,})")


@router.command(SUGGEST_IN_A_CLAUSE.pattern)
@router.command(IDEA_FOR_THE_VILLAGE.pattern)
@router.command(IDEA_FOR_THE_MEETING.pattern)
@router.command(IDEA_AFTER_THE_MEETING.pattern)
@router.command(MEETING_THEN_RAISE.pattern)
def idea_for_the_meeting(ctx: Context):
    """俺有个想法 想在议事日上说说… / 议事日俺有个想法 … / 下回开会俺想说说 …: a suggestion for the meeting."""
    match = IDEA_FOR_THE_MEETING.match(ctx.text) or IDEA_AFTER_THE_MEETING.match(ctx.text) \
        or MEETING_THEN_RAISE.match(ctx.text) or IDEA_FOR_THE_VILLAGE.match(ctx.text) or SUGGEST_IN_A_CLAUSE.match(ctx.text)
    if match is None:
        return NOT_MINE
    return _take(ctx, _body(ctx.text, match))


@router.flow(FLOW, step="text")
def suggestion_text(ctx: Context):
    """The words of the suggestion, after "我有个建议"."""
    if len(ctx.text) < 2:
        return NOT_MINE
    return _store(ctx, ctx.text)
