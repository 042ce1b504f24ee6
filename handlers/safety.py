"""Danger first: in any state, a message signalling danger gets the number to call and staff alerted.

`guard` runs before global commands and before the step of any form in progress (bot/dispatch.py):
- a staff member's "收到" / "我去" / "1" to an alert pushed to them acknowledges it;
- a message that signals danger (bot/safety/detect.py) gets, first line, the number to call and
  one instruction, then word that staff were told; the case is stored and staff pushed at once.
  A form in progress stays as it was, to be taken up later; an unregistered villager is asked
  where they are (flow "safety"/"where"), and the form is put back after the answer; when that
  form was registration asking the village, a village named in the answer registers it too.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from flask import current_app

from bot import forms, relay
from bot.accounts import find_village
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.messages import Reply, as_reply, did
from bot.models import Area, SafetyCase
from bot.safety import alerts
from bot.safety.detect import Danger, detect

from . import account
from .alert_numbered import answer_case, numbered_alert_answer
from .answers import is_command

router = Router("safety")
FLOW = "safety"
ACTION = "safety.alert"

# Replies to an alert push that mean "I am on it"; bare digits and 好 only outside a form.
_ACK_WORDS = (r"收到了?|我去|我马上去|马上去|马上到|马上过去|我马上过去|这就去|我这就去|这就过去|我这就过去|正往那赶|"
              r"正在赶过去|我过去|我去看看|我来处理|我来|我处理|在路上了?|已经出发了?|知道了|已联系|联系上了")
# One or more of them, maybe after 好的 ("收到 马上到", "好的，我这就过去"), then the case's number
# when several are open.
_ACK = re.compile(rf"^\s*(?:好的?|行|嗯)?[\s，,。.！!]*({_ACK_WORDS})(?:了|啦)?(?:[\s，,。.！!]*(?:{_ACK_WORDS})(?:了|啦)?)*"
                  r"[\s，,。.！!]*(\d+)?\s*号?\s*[。！!.，,]?\s*$")
# After an alert, words the router reads as none of the services (or as "stop", "hello") are
# news for the staff: "快点啊", "人醒了", "不用了 没事了".
_WORDS_FOR_STAFF = ("unknown", "menu", "cancel", "smalltalk", "human")  # 谢谢书记 / 找书记: the staff of the case
# The kind of knowledge/safety.yaml for a bare shout (救命, 快来人啊): it names no danger of its own.
SHOUT = "help"
# "俺是代村的", "王庄的": the villager says where they live, as registration asks it.
_SAYS_HOME = re.compile(r"^\s*(?:我|俺|咱)?(?:是|家是)[^，,。？?\s]{1,8}?(?:的|人)\s*[。!！]?\s*$"
                        r"|^\s*[^，,。？?\s]{1,6}(?:村|庄)?的\s*[。!！]?\s*$")
# A villager's ok to the alert's answer (not an answer to the form put aside).
_OK = re.compile(r"^\s*(?:好|好的|嗯+|行|知道了|晓得了|明白了|中|嗯呐|好嘞)\s*[。！!.，,]?\s*$")
_ACK_PLAIN = re.compile(r"^\s*(1|好|好的|收到了|行)\s*(\d+)?\s*[。！!.]?\s*$")


def guard(ctx: Context):
    """Before anything else: a staff answer to an alert, or danger in the villager's words."""
    if ctx.user.role_names & set(alerts.STAFF_ROLES):
        answered = _acknowledge(ctx)
        if answered is not None:
            return answered
    danger = detect(ctx.text)
    if danger is not None and danger.kind.id == SHOUT:
        case = alerts.recent_open_case(ctx.session, ctx.user, ctx.now)
        if case is not None:  # "快来人啊" after the alert: more words for that case, with its number
            return _forward(ctx, case)
    if danger is not None:
        return alert(ctx, danger)
    if ctx.dialog.state is None:
        return _more_words(ctx)
    if ctx.dialog.in_form() and not ctx.dialog.is_paused():
        return _form_after_alert(ctx)
    return NOT_MINE


def _form_after_alert(ctx: Context):
    """Right after an alert, the form put aside is not fed "好的" or "接着" as its answer: 接着 asks
    its question again; an ok is answered, and the form offered back."""
    if _OK.match(ctx.text) is None and not forms.asks_resume(ctx.text):
        return NOT_MINE
    case = alerts.recent_open_case(ctx.session, ctx.user, ctx.now)
    spec = forms.spec_for(ctx.dialog.state.flow)
    if case is None or spec is None:
        return NOT_MINE
    if forms.asks_resume(ctx.text):
        asked = as_reply(spec.ask(ctx))
        return did("flow.resume", f"好，接着{spec.label}。\n{asked.text}", asked.guide)
    what = spec.missing.get(ctx.dialog.state.step, "几句话")
    call = "心里难受就打12356，有危险打110" if case.number == "12356" else f"有危险先打{case.number}"
    return did("smalltalk.ack", f"好。工作人员会尽快联系您，{call}。\n"
               f"您刚才{spec.label}还差{what}，接着办请回复“接着”，不办了回复“取消”。")


def _more_words(ctx: Context):
    """Right after an alert, what the villager adds ("快点啊", "人醒了") goes to the staff, unless
    it is clearly a request of another kind."""
    case = alerts.recent_open_case(ctx.session, ctx.user, ctx.now)
    if case is None:
        return NOT_MINE
    if _HELP_AWAITED.search(ctx.text) is None and (_a_command(ctx) or is_new_request(ctx)
                                                    or ctx.route.intent not in _WORDS_FOR_STAFF):
        return NOT_MINE  # 消防车咋还没到 / 救护车到哪了 ask after the help on its way, not after one's own bookings
    return _forward(ctx, case)


# The help sent not there yet (咋还没到 / 人呢 / 到哪了 / 快点): about the alert, whatever the router reads.
_HELP_AWAITED = re.compile(r"(?:咋|怎么|为啥|为什么|还)(?:还)?(?:没|不)(?:到|来|见)|到哪(?:了|儿了)|(?:啥|什么)时候(?:能)?(?:到|来)|"
                           r"(?:车|人|大夫|医生|警察)(?:呢|咋还)|快(?:点|些|来)")


def _forward(ctx: Context, case: SafetyCase) -> Reply:
    alerts.add_words(ctx.session, case, ctx.text)
    return Reply(f"已经转告工作人员了，他们会马上联系您。\n有危险请先打{case.number}。", action="human.forward")


def _a_command(ctx: Context) -> bool:
    """Command words ("报名 3", "取消") keep their meaning after an alert."""
    dispatcher = current_app.extensions["dispatcher"]
    return any(h.pattern is not None and not h.free and h.pattern.search(ctx.text) and h.allows(ctx.user)
               for h in (*dispatcher.global_commands, *dispatcher.handlers))


# A run-on answer right after an alert (知道了知道了 俺这就叫上大夫往那赶 / 喂俺看见了俺已经打了一一九了
# 俺也往那跑): a word of going or of having called somewhere in a short statement.
_ON_MY_WAY = re.compile(r"收到|知道了|看见了|看到了|(?:马上|这就|立马|立刻|赶紧)(?:就)?.{0,3}?(?:去|到|过去|赶|跑|来|叫|联系|打)|"
                        r"叫上.{0,8}(?:大夫|医生|电工|人)|"
                        r"往(?:那|那边|那儿|他家|她家|恁家)(?:赶|跑|去|走)|(?:赶|跑|去)过去|已经(?:出发|在路上|打了|叫了|联系)|"
                        r"打了(?:120|110|119|一二零|一一零|一一九|幺幺九|幺二零|幺幺零)")
_RUN_ON_WINDOW = timedelta(hours=1)


def _run_on_ack(ctx: Context) -> list[SafetyCase]:
    """The cases a run-on answer acknowledges: alerts of the last hour, when the words go or call and
    ask nothing, and no villager's message for a person came in since (the words may answer that)."""
    if len(ctx.text) > 60 or _ASKS.search(ctx.text) or not _ON_MY_WAY.search(ctx.text):
        return []
    cases = [c for c in alerts.cases_to_acknowledge(ctx.session, ctx.user, ctx.now)
             if c.alerted_at is not None and _aware(c.alerted_at) >= ctx.now - _RUN_ON_WINDOW]
    if not cases:
        return []
    waiting = [m for m in relay.open_for(ctx.session, ctx.user)
               if m.waiting_since is not None and _aware(m.waiting_since) >= _aware(cases[0].alerted_at)]
    return [] if waiting else cases


_ASKS = re.compile(r"[?？吗么]\s*$|啥|什么|咋|怎么|哪|谁")


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


def _acknowledge(ctx: Context) -> Reply | None:
    if (numbered := numbered_alert_answer(ctx)) is not None:
        return numbered  # 回复 1 消防车已经出发了: alert 1's villager
    match = _ACK.match(ctx.text) or (ctx.dialog.state is None and _ACK_PLAIN.match(ctx.text))
    if not match:
        cases = _run_on_ack(ctx)  # 知道了 俺这就往那赶: taken, the villager hears the words
        return _acknowledged(ctx, cases[0], words=ctx.text.strip()[:300]) if cases else _answer_in_words(ctx)
    cases = alerts.cases_to_acknowledge(ctx.session, ctx.user, ctx.now)
    if match.group(2):
        cases = [c for c in cases if c.id == int(match.group(2))]
    if not cases:
        return None
    return _acknowledged(ctx, cases[0])


def _acknowledged(ctx: Context, case: SafetyCase, words: str = "") -> Reply:
    alerts.acknowledge(ctx.session, ctx.user, case, words=words)
    villager = case.user
    phone = f"，电话{villager.phone}" if villager.phone else ""
    return Reply(f"好，第{case.id}号由您处理，已告诉群众。{villager.name or '群众'}{phone}。"
                 f"他说：“{case.words[:60]}”", action="human.reply")  # the villager is told who comes


# Staff words that are no answer to the villager: a question, or too few words to pass on.
_NOT_AN_ANSWER = re.compile(r"[?？吗么]\s*$|咋|怎么|怎样|啥|什么|哪|谁|多少|能不能|可不可以|有没有|是不是")


# Words for the villager (恁家是哪个胡同的 / 你们在哪): a question of them is still an answer.
_TO_THE_VILLAGER = re.compile(r"恁|你家|您家|你们|您们|你在|您在|你那|您那")


def _answer_in_words(ctx: Context) -> Reply | None:
    """"我已经打了120了 马上到你家 你别挪他" from staff soon after an alert pushed to them (no form,
    no question, no command, no villager's message waiting for them): their answer, pushed to the
    villager; the case is theirs if nobody had taken it."""
    text = ctx.text.strip()
    if ctx.dialog.state is not None or len(text) < 4 or is_command(text):
        return None
    if _NOT_AN_ANSWER.search(text) and not (_ON_MY_WAY.search(text) or _TO_THE_VILLAGER.search(text)):
        return None  # 恁家是哪个胡同的？我这就过去: a question for the villager, with the staff on the way
    cases = alerts.cases_to_answer(ctx.session, ctx.user, ctx.now)
    if not cases or relay.open_for(ctx.session, ctx.user):
        return None
    return answer_case(ctx, cases[0], text)


@router.intent("safety")
def routed(ctx: Context):
    """A message routed to safety another way (e.g. a numbered choice)."""
    danger = detect(ctx.text)
    return alert(ctx, danger) if danger is not None else NOT_MINE


def alert(ctx: Context, danger: Danger) -> Reply:
    state = ctx.dialog.state
    form = state.flow if state is not None and state.flow != FLOW else ""
    case = alerts.recent_open_case(ctx.session, ctx.user, ctx.now)
    if case is not None:  # the same emergency told again ("救命 救命"): its staff hear it, no new alert
        alerts.add_words(ctx.session, case, ctx.text)
    else:
        case = alerts.raise_alert(ctx.session, ctx.user, danger, ctx.text, ctx.now, form=form)
    lines = [danger.kind.first_line]
    also = "、".join(k.number for k in danger.also)
    if danger.kind.advice:
        lines.append(danger.kind.advice)
    if also:
        lines.append(f"需要的话也打{also}。")
    if danger.danger_now and danger.kind.number == "12356":
        lines.append("您要是现在就有危险，马上打110或120。")
    told = "已经告诉片区书记和值班的工作人员了，他们会马上联系您。" if case.recipients else \
        "正在找乡镇和县里值班的工作人员，找到马上联系您。"
    lines.append(told)
    if ctx.user.village is None:
        if state is None or state.flow != FLOW:  # already asked: keep the form put aside then
            paused = {"flow": state.flow, "step": state.step, "slots": state.slots} if form else None
            ctx.dialog.start(FLOW, "where", case=case.id, paused=paused)
        lines.append("您现在在哪个村、什么地方？请回复村名和地方，或者发个位置给我。")
    elif form:
        lines.append("刚才办的事先放着，过后接着说就行。")
    return Reply("\n".join(lines), action=ACTION)


@router.flow(FLOW, step="where")
def where_they_are(ctx: Context):
    """An unregistered villager says where they are: their area's staff are told too."""
    return _where(ctx, ctx.text[:200])


@router.message("location")
def location(ctx: Context):
    if not ctx.dialog.in_flow(FLOW):
        return NOT_MINE
    inc = ctx.incoming
    return _where(ctx, f"{inc.label or '发来的位置'}（{inc.latitude},{inc.longitude}）")


def _where(ctx: Context, where: str):
    slots = dict(ctx.dialog.slots)
    case = ctx.session.get(SafetyCase, slots.get("case"))
    _restore(ctx, slots.get("paused"))
    if case is None:
        return NOT_MINE
    choice = find_village(ctx.session, where) if ctx.incoming.kind != "location" else None
    village = choice.village if choice is not None else None
    alerts.add_where(ctx.session, case, where, village.name if village else "没认出村名")
    if village is not None and case.area_id is None:  # now the area's own staff can go
        alerts.alert_area(ctx.session, case, ctx.session.get(Area, village.area_id))
    told = f"记下了，已经告诉工作人员您在：{where[:60]}。\n请先打{case.number}，工作人员会马上联系您。"
    if (village is not None and _SAYS_HOME.match(where) and ctx.dialog.in_flow(account.FLOW)
            and ctx.dialog.state.step == "village"):
        # The danger came while registration asked the village: "俺是代村的" answers both
        # (a place such as "东关 小卖部后面" is where they are, not necessarily where they live).
        registered = account.village_step(ctx)
        if registered is not NOT_MINE:
            follow = as_reply(registered)
            return did(follow.action, f"{told}\n\n{follow.text}", follow.guide)
    return Reply(told, action=ACTION)


def _restore(ctx: Context, paused: dict | None) -> None:
    if paused:
        ctx.dialog.start(paused["flow"], paused["step"], **(paused.get("slots") or {}))
    else:
        ctx.dialog.finish()

