"""The staff's answer to a safety alert by its number ("回复 1 消防车已经出发了 恁先离远点").

Alerts and messages for a person are numbered apart, so an alert and a waiting message may both be
"1号" to the same secretary. "回复 N …" answers alert N when no message N waits for them; when both
do, the words decide: words shared with the waiting message go to it, words of coming or of the
emergency services (消防车, 120, 马上到, 离远点) to the alert, anything else to the message (the
relay's own reading, handlers/human.py).
"""
from __future__ import annotations

import re

from bot import relay
from bot.dispatch import Context
from bot.messages import Reply
from bot.models import SafetyCase
from bot.relay.rules import waiting_words
from bot.safety import alerts

_NUMBERED = re.compile(r"^\s*(?:回复|答复|回(?=\s*第?\s*\d))\s*第?\s*(?P<no>\d{1,9})\s*(?:号|条)?[，,。：:！!、\s]*(?P<words>\S.*)$", re.S)
# Words of help on its way or of what to do meanwhile: an answer to a danger, not to a question.
_FOR_A_DANGER = re.compile(r"120|110|119|95598|一二零|幺二零|一一[九零]|幺幺[九零]|救护车|急救|消防|派出所|警察|民警|"
                           r"大夫|医生|卫生院|出发|在路上|往.{0,4}(?:赶|跑)|(?:马上|这就|立马|立刻|赶紧)(?:就)?.{0,3}?(?:去|到|过去|来)|"
                           r"别(?:动|挪|碰|靠近|进去|慌)|离远|躲远|开窗|(?:窗|门)户?(?:都)?(?:打)?开|关阀|拉闸|关电闸|人(?:咋样|怎么样|醒)|"
                           r"(?:赶紧|快)(?:把|先|带|叫|让|往)")
_FILLER = re.compile(r"^(?:俺们|我们|咱们|这个|那个|一下|恁先|你先|您先|今年|明天|知道|问问|想问)$")


def _shares(words: str, other: str) -> bool:
    return any(words[i:i + 2] in other and not _FILLER.match(words[i:i + 2])
               and all("\u4e00" <= ch <= "\u9fff" for ch in words[i:i + 2]) for i in range(len(words) - 1))


def answer_case(ctx: Context, case: SafetyCase, text: str) -> Reply:
    """The staff member's words go to the villager of `case`; the case is theirs if nobody had it."""
    if case.state == "open":
        alerts.acknowledge(ctx.session, ctx.user, case, words=text[:300])
    else:
        alerts.tell_villager(ctx.session, ctx.user, case, text[:300], ctx.now)
    return Reply(f"已转告第{case.id}号的群众：{text[:60]}", action="human.reply")


def numbered_alert_answer(ctx: Context) -> Reply | None:
    """回复 N … for alert N (see the module's docstring); None leaves it to the relay."""
    match = _NUMBERED.match(ctx.text)
    if match is None or ctx.dialog.state is not None:
        return None
    number, words = int(match.group("no")), match.group("words").strip()
    case = next((c for c in alerts.cases_to_answer(ctx.session, ctx.user, ctx.now) if c.id == number), None)
    if case is None:
        return None
    message = next((c for c in relay.open_for(ctx.session, ctx.user) if c.id == number), None)
    if message is not None:
        asked = waiting_words(message)
        if _shares(words, asked) and not _shares(words, case.words or ""):
            return None
        if not _FOR_A_DANGER.search(words) and not _shares(words, case.words or ""):
            return None
    return answer_case(ctx, case, words)
