"""Greeting, the numbered main menu, cancel, and the fallback when nothing else fits."""
from __future__ import annotations

import re

from flask import current_app

from bot import context
from bot.choices import clauses, parse_number
from bot.dispatch import NOT_MINE, Context, Handler, Router
from bot.forms import form_title, leave_form, looks_like_time, offer_line, resume, spec_for
from bot.messages import Reply, as_reply, did
from bot.new_request import NEW_REQUEST_SCORE
from bot.nlu import RouteResult, route_text
from bot.push_wishes import read_wish

from .matter_families import ask_which_matter
from .menu_text import MENU_BODY, MENU_ITEMS, MENU_TEXT  # noqa: F401  (MENU_TEXT: menu.MENU_TEXT for events)
from .own_items import ask_what_to_cancel, cancel_in_words

router = Router("menu")
FLOW = "menu"

_HELP_WORDS = re.compile(r"帮助|功能|怎么用|咋用|说明|能干啥|能干什么|会干啥|会什么|能做什么|能办什么|help", re.I)
CANCEL_WORDS = r"^\s*(取消|退出|算了|不办了|不弄了|返回)\s*[。！!.]?\s*$"
# "算了 闺女回来了 她带俺去", "不用了 俺自己去": a stop with its reason told after it. No question in
# the rest ("算了 低保咋办" asks something new) and no number (an answer).
CANCEL_WITH_REASON = r"^\s*(算了|不用了|不办了|不弄了|不用办了)(吧|啊)?[\s，,。！!]+(?P<reason>[^咋怎吗啥什哪多？?呢\d]{1,20})$"


def cancel(ctx: Context) -> Reply:
    """Leave the form in progress (or paused); else cancel the own item the words name."""
    if (left := leave_form(ctx)) is not None:
        return left
    if (done := cancel_in_words(ctx)) is not None:
        if done.action != "clarify.ask":  # a choice asked waits for its answer
            ctx.dialog.finish()
        return done
    if ctx.dialog.state is None:  # "不…了" with nothing to cancel cancels nothing
        if (which := ask_what_to_cancel(ctx)) is not None:  # a bare 取消 with own items open: which one?
            return which
        return did("smalltalk.ack", "好的。需要帮忙时随时说，回复“菜单”看能办什么。")
    ctx.dialog.finish()
    return did("flow.cancel", "好的，已经取消了。需要帮忙时随时说，回复“菜单”看能办什么。")


def global_commands() -> list[Handler]:
    """Commands that win over every flow step."""
    return [Handler(callback=cancel, owner="menu", pattern=re.compile(CANCEL_WORDS)),
            Handler(callback=cancel_with_reason, owner="menu", pattern=re.compile(CANCEL_WITH_REASON)),
            Handler(callback=postpone, owner="menu", pattern=re.compile(POSTPONE_WORDS))]


# 这事先放放吧 / 等俺儿回来再说吧 / 过两天再说: not a stop, and no answer to the question either.
POSTPONE_WORDS = (r"^(?!.*(?:不[弄办报说约调要]了|不反映了|不用了|算了|取消|拉倒))"  # 先不弄了 回头再说: a stop said
                  r"(?:^[^，,。？?吗]{0,6}(?:先)?(?:放放|放一放|放一下|搁搁|搁一搁|搁一下|缓缓|缓一缓|压一压)(?:再说)?(?:吧|啊|了|呗)*[。!！]?$|"
                  # 村干部说回头再说 is what someone else said (the story), not the villager putting it off
                  r"^(?!.*(?:说|他|她|人家|村里|干部|书记).{0,8}再说)[^，,。？?吗]{0,14}再说(?:吧|啊|了|呗)*[。!！]?$)")


def postpone(ctx: Context):
    """A form put off in words: kept (a day, as any idle form), not stored as an answer nor dropped;
    the dispatcher offers it back with what it still needs."""
    if not ctx.dialog.in_form():
        return NOT_MINE
    ctx.dialog.pause()
    return did("smalltalk.ack", "好的，先放着，给您留一天。")


def cancel_with_reason(ctx: Context):
    """算了 + a reason, inside a form: a stop, unless what follows is a request of its own ("算了 还是
    给俺发吧"). Outside a form the words are left to the handlers of one's own items (算了 不去了: a
    volunteer's sign-up withdrawn; 算了 还是改回原来那天吧: a booking moved back)."""
    if not (ctx.dialog.in_form() or ctx.dialog.paused_form() is not None):
        return NOT_MINE
    if read_wish(ctx.text) is not None:
        return NOT_MINE
    routed = route_text(ctx.match.group("reason") if ctx.match else "")
    if routed.intent not in ("unknown", "menu", "cancel") and routed.score >= NEW_REQUEST_SCORE and not routed.ambiguous:
        return NOT_MINE
    return cancel(ctx)


@router.intent("menu")
def show_menu(ctx: Context) -> Reply:
    """Greet and list what the bot can do, and what this user's staff roles can say."""
    from .work import role_help  # at call time: handlers/work imports the capability modules

    ctx.dialog.start(FLOW, "pick")
    staff = role_help(ctx.user)
    text = MENU_TEXT + ("\n\n" + staff if staff else "")
    return did("help.show" if _HELP_WORDS.search(ctx.text) else "menu.show", text)


_ROLE_WORDS = r"(?:代办员|党员|调解员|志愿者|党代表|网格员|书记|干部)"
_ACCOUNT = r"(?:这个号|公众号|小程序|片区通)"
_HOW = r"(?:该|到底|要)?(?:咋|怎么|怎样|如何)(?:用|使|使唤|弄|操作|回复|回)(?:这个|这东西|这玩意儿?)?(?:啊|呀|呢|哇)?\s*[?？]?\s*$"
# 俺这个代办员咋用这个 / 当了调解员该咋弄 / 公众号咋用: how to use the account in one's role (这个咋用
# alone may ask about the card just read: not this).
_HOW_TO_USE = (r"^\s*(?:俺|我)?(?:这个|当了|是|成了)?(?:" + _ROLE_WORDS + r"(?:这个|这东西|这玩意儿?|" + _ACCOUNT + r")?|"
               + _ACCOUNT + r")" + _HOW)
# 嗯 俺是志愿者 这个号俺能用它弄啥 / 俺是党代表 在这能干些啥: what the account does for one, in one's role
_ONE_IS = r"(?:我|俺)(?:是|当了|成了|也是)" + _ROLE_WORDS + r"[了嘞啊]?[，,。\s]*"
_WHAT_FOR = (r"^\s*(?:嗯|哎|那个|你好|您好)?[，,\s]*(?:" + _ONE_IS + r"(?:(?:我|俺)?(?:用)?(?:这个)?" + _ACCOUNT + r")?|"
             r"(?:我|俺)?(?:用)?(?:这个)?" + _ACCOUNT + r")"
             r"(?:我|俺)?(?:在这|在这里|在这儿)?(?:都)?(?:能|可以|能够)(?:(?:用|拿)(?:它|这个号?|这号|公众号)|在这|在这里|在这儿)?(?:弄|干|办|做|用)(?:些)?(?:啥|什么)(?:事|用)?"
             r"(?:啊|呀|呢)?\s*[?？]?\s*$")
# "我能说啥", "都能发哪些命令", "咋操作": what this user can say (their roles' commands too).
HELP_QUESTION = (r"^\s*(?:我|俺)?(?:都)?(?:能|可以|该|会)(?:说|回|回复|发|用|问)(?:些)?(?:啥|什么|哪些)(?:话|命令|指令)?\s*[?？]?\s*$|"
                 r"^\s*(?:有)?(?:哪些|啥|什么)(?:命令|指令)\s*[?？]?\s*$|^\s*(?:怎么|咋)(?:操作|使用)\s*[?？]?\s*$|"
                 # 俺这个代办员咋用这个 / 这个东西咋使 / 当了调解员该咋弄: how to use the account, one's role
                 + _HOW_TO_USE + "|" + _WHAT_FOR)


@router.command(HELP_QUESTION)
def help_question(ctx: Context) -> Reply:
    """A question for what one can say: the menu and the user's role commands, as help."""
    reply = show_menu(ctx)
    reply.action = "help.show"
    return reply


@router.intent("cancel")
def cancel_intent(ctx: Context) -> Reply:
    """A cancel phrased in other words; "先不说这个了 村规民约在哪看" sets the form aside for the
    request that follows it (the form is offered back), it does not drop it."""
    own = spec_for(ctx.dialog.state.flow) if ctx.dialog.in_form() and ctx.dialog.state else None
    if own is not None and (other := _request_after(ctx.text)) is not None and other.intent != own.intent:
        ctx.dialog.pause()
        return as_reply(current_app.extensions["dispatcher"].dispatch_route(ctx, other))
    return cancel(ctx)


# What follows asks or wants something (村规民约在哪看 / 俺想约个调解), not a reason told (俺俩说和了).
_ASKS_OR_WANTS = re.compile(r"[吗么呢没不?？]\s*$|哪|啥|什么|咋|怎么|几|多少|想|要|请|帮")


def _request_after(text: str) -> RouteResult | None:
    """The clear request in the clauses after the first, or None."""
    rest = clauses(text)[1:]
    if not rest or not _ASKS_OR_WANTS.search("".join(rest)):
        return None
    route = route_text(" ".join(rest))
    if route.intent in ("cancel", "unknown", "menu", "safety") or route.ambiguous or route.score < NEW_REQUEST_SCORE:
        return None
    return route


@router.flow(FLOW, step="pick")
def pick_from_menu(ctx: Context):
    """A number from the menu acts as that request; '9' after an unclear message forwards it."""
    number = parse_number(ctx.text)
    unclear = ctx.dialog.slots.get("unclear")
    if context.pushed_since(ctx.session, ctx.user.openid, ctx.dialog.touched_at, ctx.now):
        number = None  # "1" answers the push that came after the menu
    if number is None or not 1 <= number <= len(MENU_ITEMS):
        ctx.dialog.finish()
        return NOT_MINE
    ctx.dialog.finish()
    intent = MENU_ITEMS[number - 1][1]
    if intent == "human" and unclear:
        from .human import forward_text

        return forward_text(ctx, unclear)
    return current_app.extensions["dispatcher"].dispatch_route(ctx, RouteResult(intent, None, 1.0))


# Questions whose answers are checked for their type (a day, a number, a phone, 急不急): an answer
# that nothing else understood is tried there. Free-words questions (the story, the other party)
# would take any words, so they are not.
_TYPED_STEPS = frozenset({"day", "slot", "phone", "urgency", "when", "confirm", "matter", "kind"})


def _answer_for_paused_form(ctx: Context) -> Reply | None:
    """A message nothing understood that answers the paused form's question: the form taken up with it."""
    form = ctx.dialog.paused_form()
    if form is None or ctx.incoming.kind not in ("text", "voice"):
        return None
    if form.step not in _TYPED_STEPS and not _a_time_for(form.flow, ctx.text):
        return None
    state = ctx.dialog.resume()
    spec = spec_for(state.flow)
    for handler in current_app.extensions["dispatcher"].handlers:
        if handler.flow == state.flow and handler.step in (None, state.step) and handler.allows(ctx.user):
            result = handler.callback(ctx)
            if result is not NOT_MINE:
                reply = as_reply(result)
                if spec is not None and reply.text:
                    reply.text = f"接着您刚才{form_title(spec, state.slots)}的事。\n{reply.text}"
                return reply
    if ctx.dialog.in_form():
        ctx.dialog.pause()  # not its answer either: it waits as before
    return None


def _a_time_for(flow: str, text: str) -> bool:
    """后天上午 while a form that takes a time waits at a free-words question (对方是谁): a short answer
    that is a time is that form's, kept out of turn by its step."""
    spec = spec_for(flow)
    return spec is not None and spec.takes_time and len(text.strip()) <= _TIME_ANSWER_CHARS and looks_like_time(text)


_TIME_ANSWER_CHARS = 16


def fallback(ctx: Context) -> Reply:
    """Nothing fits: say what the bot can do and offer a person, never stay silent."""
    if (taken := _answer_for_paused_form(ctx)) is not None:  # 周五上午 while a booking waits for its day
        return taken
    if ctx.dialog.is_paused():  # not understood, and not for the waiting form either: offer it back
        return did("menu.show", "这个我还不太明白。回复“菜单”看能办什么。\n" + offer_line(ctx))
    if ctx.dialog.in_form():  # not understood inside a form: ask its question again
        if ctx.dialog.came_back:
            return resume(ctx, intro="您刚才的事还没办完，接着")
        spec = spec_for(ctx.dialog.state.flow)
        asked = as_reply(spec.ask(ctx)) if spec else None
        if asked is not None:
            return did(spec.ask_action, "这个我没看明白。" + asked.text)
    if ctx.dialog.state is not None:  # keep the flow in progress; just say what we can do
        return did("menu.show", "这个我还不太明白。请按上面的提示回复；不办了回复“取消”，看能办什么回复“菜单”。")
    if ctx.incoming.kind in ("text", "voice") and ctx.text:
        if (which := ask_which_matter(ctx)) is not None:  # 补贴咋领: which of the subsidies
            return which
        ctx.dialog.start(FLOW, "pick", unclear=ctx.text[:300])
        return did("menu.show", "这个我还不太明白。您可以回复数字：\n" + MENU_BODY +
                   "\n回复9，我把您刚才的话转给工作人员。")
    ctx.dialog.start(FLOW, "pick")
    return did("menu.show", MENU_TEXT)
