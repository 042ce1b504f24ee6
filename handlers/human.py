"""Passing a villager to a person (人工) and the staff's answers, in chat; the rules are bot/relay.

Villager: "人工" / "找书记" asks what to pass on (flow `human`, step `message`); "帮俺转告书记 …"
or "人工：…" passes the words on at once; menu "9" after an unclear message passes that on.
Staff (secretary, cadre): "回复 N …", or plain text when exactly one message waits for them; a plain
statement is taken as the answer before the capabilities read it (`early_router`), a question only
when nothing else takes it. A villager writing back after an answer: handlers/human_followup.py.
"""
from __future__ import annotations

import re

from flask import current_app

from bot import limits, relay
from bot.choices import parse_number, pick_named
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply
from bot.models import Area, Conversation
from bot.relay import texts

from .account import ask_village_then, continuation
from .answers import is_command
from .staff_words import CLAIM_WORDS, FINISH, MEMBER, REP

router = Router("human")
FLOW = "human"

_WHO = (r"(?:片区|村里|村|镇上|镇里|街道)?的?"
        r"(?:书记|村支书|支书|村干部|干部|工作人员|领导|主任|网格员|人工|真人|客服|个人(?=[，,。：:！!、\s]|说|讲|聊|问|反映)|个真人|个活人)")
_SEP = r"[，,。：:！!、\s]*"
# "帮俺转告书记 …", "告诉村干部一声…", "我要找书记": the words after the person are the message.
PASS_ON = re.compile(r"^\s*(?:请|麻烦)?(?:你|您)?(?:帮|替|给)?(?:俺|我)?们?(?:要|想)?"
                     r"(?:转告|告诉|告知|捎个?话给|带个?话给|转给|反映给|找|叫|联系)(?:一下)?"
                     + _WHO + r"(?:一声|一下|说说话|说句话|说话|说说|说|讲讲|讲|聊聊|问问|反映反映)?" + _SEP + r"(?P<words>.*)$")
# "麻烦给片区书记捎个话 …", "帮俺跟村干部说一声…": the person first, then the passing on, then the message.
PASS_ON_TO = re.compile(r"^\s*(?:请|麻烦)?(?:你|您)?(?:帮|替)?(?:俺|我)?们?(?:想|要)?(?:给|跟|和|向|对)" + _WHO
                        + r"(?:(?:捎|带|传|递|转)(?:个|句|一句)?话|说一声|说一下|说个事|说句话|反映一下|反映反映|讲一声|讲一下|"
                        r"说说|讲讲|拉拉|唠唠)"
                        + _SEP + r"(?P<words>.*)$")
# Not 人工授粉, 人工智能, 人工费: words that begin with 人工 without asking for a person.
HUMAN_FIRST = re.compile(r"^\s*(?:请|麻烦|帮我|给我|俺要|我要)?(?:转)?人工(?!智能|授粉|降雨|增雨|湖|林|繁殖|养殖|费|成本|呼吸)(?:服务|客服)?"
                         + _SEP + r"(?P<words>.*)$")
# "有人没，俺想问问…" / "有人在吗 …": asking whether anyone is there, then the message.
SOMEONE_THERE = re.compile(r"^\s*(?:有人|有真人|有活人|有人在|有没有人在?)(?:吗|没|没有|不|在吗|在没)" + _SEP + r"(?P<words>.*)$")
# 回复 2 … / 答复2 … / 回2 … (回 only with the number: "回家了" is no answer).
STAFF_REPLY = r"^\s*(?:回复|答复|回(?=\s*第?\s*\d))\s*(?:第\s*(?=\d))?(?P<no>\d{1,9})?\s*(?:号|条)?" + _SEP + r"(?P<words>.*)$"
# Words a staff member says to the bot itself, never passed on as an answer.
_TO_THE_BOT = re.compile(r"^\s*(?:菜单|主菜单|帮助|我的工作|我的信息|取消)\s*[。!！?？]?\s*$")
MIN_WORDS = 2


# Words that only ask for a person again (俺想找个真人问问事 / 我想问个事): no message yet.
# 俺想跟人说 / 想和真人聊聊: to whom one wants to talk, no message either.
_JUST_ASKING = re.compile(r"^(?:俺|我|想|要|就|找|个|一个|真人|活人|人|工作人员|干部|书记|问问|问|说说|说|打听|反映|点|事儿?|"
                          r"跟|和|同|说话|说句话|讲|讲讲|聊|聊聊|唠唠|拉拉|"
                          r"情况|一下|有|的|啊|呀|吧|呢|在吗|在不在)+$")


# 这机器说不明白 / 跟机器人说不清: why a person is asked for, about the bot, no message for the staff.
_ABOUT_THE_BOT = re.compile(r"^(?:俺|我)?(?:跟|和)?(?:这|你|恁|你们)?(?:个)?(?:机器人?|电脑|自动回复|破玩意儿?|玩意儿?)"
                            r"(?:也|老是|总是|根本|就是)?(?:说|讲|弄|整|搞)?(?:(?:听|看)?(?:不明白|不清楚?|不懂)|不好使|不管用|没用|"
                            r"答非所问|说不到点上)(?:啊|呀|了|啦)?$|"
                            r"^(?:你|恁)(?:说|讲)?(?:的|得|这)?(?:话)?(?:俺|我)?(?:也|根本|都)?(?:听|看)?(?:不懂|不明白|不清楚?)(?:啊|呀|了)?$|"
                            # 不跟机器说 / 不要机器人回: no machine, said as the reason
                            r"^(?:俺|我)?(?:不|不想|不要|别|不愿意)(?:跟|和|同|让|叫)?(?:这|你)?(?:个)?(?:机器人?|电脑|自动回复)(?:说|讲|聊|回|答|回复|回话)?(?:话)?(?:了|啊|呀)?$")
_CLAUSE = re.compile(r"[，,。.!！?？\s]+")


def _message_words(text: str) -> str | None:
    """The message inside "帮俺转告书记 …" / "人工：…", or None when only a person is asked for."""
    for pattern in (PASS_ON, PASS_ON_TO, HUMAN_FIRST, SOMEONE_THERE):
        if match := pattern.match(text):
            words = match.group("words")
            clauses = [c for c in _CLAUSE.split(words) if c]
            if any(_ABOUT_THE_BOT.match(c) for c in clauses):  # the complaint about the bot is not passed on
                words = " ".join(c for c in clauses if not _ABOUT_THE_BOT.match(c))
            words = words.strip(" ，,。.!！?？")
            plain = re.sub(r"[\s，,。.!！?？、]+", "", words)
            return words if len(words) >= MIN_WORDS and not _JUST_ASKING.match(plain) else None
    return None


def _area(ctx: Context) -> Area | None:
    village = ctx.user.village
    return village.area if village else None


@router.intent("human")
def ask_for_person(ctx: Context) -> Reply:
    """Pass the words on when there are any; otherwise ask what to pass on (and give the phone)."""
    words = _message_words(ctx.text)
    if words:
        return forward_text(ctx, words)
    area = _area(ctx)
    ctx.dialog.start(FLOW, "message")
    lines = []
    if area is not None and area.phone:
        lines.append(f"{area.name}的电话：{area.phone}")
    lines.append("您要跟工作人员说什么？直接发给我（打字或说话都行），我转给片区工作人员，他们会在这里回复您。")
    lines.append("不用了请回复“取消”。")
    return Reply("\n".join(lines), action="human.ask")


@router.flow(FLOW, step="message")
def forward_message(ctx: Context) -> Reply:
    """The villager's words after "人工": passed on whatever they are about."""
    ctx.dialog.finish()
    return forward_text(ctx, ctx.text)


def forward_text(ctx: Context, words: str) -> Reply:
    """Keep `words` as a message for a person and push it to staff; then ask the unregistered their village."""
    if refusal := limits.forward_cap(ctx.session, ctx.incoming.openid, ctx.now):
        return Reply(refusal)
    kept = relay.keep_message(ctx.session, ctx.user, words, ctx.now, ctx.tz.key)
    area = ctx.session.get(Area, kept.conversation.area_id) if kept.conversation.area_id else None
    text = texts.kept_for_villager(area, kept.level, kept.told)
    if ctx.user.village is None:
        text = ask_village_then(ctx, after_village, intro=text,
                                conversation_id=kept.conversation.id)
    return Reply(text, action="human.forward")


@continuation("human")
def after_village(ctx: Context, slots: dict) -> str:
    """The village is now known: the kept message goes to that area's staff."""
    conversation = ctx.session.get(Conversation, slots.get("conversation_id"))
    area = _area(ctx)
    if conversation is None or area is None:
        return ""
    told = relay.move_to_area(ctx.session, conversation, area, ctx.now, ctx.tz.key)
    return texts.village_found(area, told)


@router.command(STAFF_REPLY, roles=relay.RELAY_ROLES)
def staff_reply_numbered(ctx: Context) -> Reply:
    """回复 N 内容 (or 回复 内容 when one message waits): the answer goes to the villager."""
    number, words = ctx.match.group("no"), ctx.match.group("words").strip()
    if number is None:
        waiting = relay.open_for(ctx.session, ctx.user)
        if len(waiting) != 1:
            return _ask_which(ctx, waiting, words) if waiting else Reply(texts.NONE_OPEN)
        conversation = waiting[0]
    else:
        conversation = relay.conversation_for_staff(ctx.session, ctx.user, int(number))
        if conversation is None:
            return Reply(texts.NOT_YOURS)
    if not words:
        return Reply(texts.NO_WORDS.format(n=conversation.id))
    return _answer(ctx, conversation, words)


@router.command(r"(?s)^.*\S", roles=relay.RELAY_ROLES)
def staff_plain_reply(ctx: Context):
    """Plain text from staff while messages wait for them: the answer to the one, or which one?"""
    text = ctx.text
    if ctx.dialog.state is not None or _TO_THE_BOT.match(text) or is_command(text) or _other_command(ctx):
        return NOT_MINE
    if _message_words(text) is not None or PASS_ON.match(text) or PASS_ON_TO.match(text) or HUMAN_FIRST.match(text):
        return NOT_MINE  # a staff member asking for a person himself
    waiting = relay.open_for(ctx.session, ctx.user)
    if not waiting:
        return NOT_MINE
    if len(waiting) > 1:
        named = _named_conversation(text, waiting)
        if named is not None:
            return _answer(ctx, *named)
        if (alone := _the_one_sharing(text, waiting)) is not None:
            return _answer(ctx, alone, text)  # 幼儿园的补助每学期一千: only one message speaks of 幼儿园
        return _ask_which(ctx, waiting, text.strip())  # numbered: which one
    return _answer(ctx, waiting[0], text)


# The staff member was asked which waiting message a plain answer is for; the answer is kept.
WHICH = "human-which"
_WHICH_NO = re.compile(r"^\s*(?:回复|答复|回|给)?\s*第?\s*(?P<no>\d{1,9}|[一二三四五六七八九])\s*(?:号|个|条|位)?"
                       r"\s*(?:的|那个|那条|那位|吧)?\s*[。.！!]?\s*$")
_WHICH_NAMED = re.compile(r"^\s*(?:回复|答复|回|给)?\s*(?P<name>[^，,。.！!？?\s\d]{2,12}?)\s*(?:的|家)?(?:那个|那条|那位|那件|的事)?"
                          r"\s*(?:吧)?\s*[。.！!]?\s*$")


def _ask_which(ctx: Context, waiting: list[Conversation], words: str) -> Reply:
    """Several messages wait: list them; the answer 2 / 第二个 / 李建国那个 sends `words` to that one."""
    if not words:
        return Reply(texts.several_open(waiting), action="clarify.ask")
    ctx.dialog.start(WHICH, "which", words=words[:1000], numbers=[c.id for c in waiting])
    return Reply(texts.several_open(waiting) + "\n回个编号就行，刚才那句话就转给那一位。", action="clarify.ask")


def _describe(c: Conversation) -> str:
    said = " ".join(m.text for m in c.messages if m.direction == "villager")
    return f"{texts.who(c.villager)} {said}"


@router.flow(WHICH, step="which", roles=relay.RELAY_ROLES)
def answer_which(ctx: Context):
    """2 / 第二个 / 合作医疗那个 after 请写明回复哪一条: the kept answer goes to that villager."""
    words, numbers = ctx.dialog.slots.get("words") or "", ctx.dialog.slots.get("numbers") or []
    ctx.dialog.finish()
    by_id = {c.id: c for c in relay.open_for(ctx.session, ctx.user)}
    waiting = [by_id[n] for n in numbers if n in by_id]
    meant = None
    if found := _WHICH_NO.match(ctx.text):
        number = parse_number(found.group("no"))
        ids = {c.id: c for c in waiting}
        if number is not None:
            by_place = waiting[number - 1] if 1 <= number <= len(waiting) else None
            meant = by_place if re.search(r"第|个", ctx.text) else (ids.get(number) or by_place)
    elif found := _WHICH_NAMED.match(ctx.text):
        meant = pick_named(found.group("name"), waiting, _describe)
    if meant is None or not words:
        return NOT_MINE  # something else: the question is left, the message read anew
    return _answer(ctx, meant, words)


# Before the capabilities read a staff answer as a question of one's own ("去县残联换 带上旧证和户口本"
# is no question about 残疾证's papers): plain statements from staff with messages waiting answer them.
early_router = Router("human_answers")
_ASKS = re.compile(r"[?？吗么呢]\s*$|咋|怎么|怎样|啥|什么|哪|谁|多少|几[个天号点时]|能不能|可不可以|有没有|是不是")


@early_router.command(r"(?s)^.*\S", roles=relay.RELAY_ROLES, free=True)
def staff_statement(ctx: Context):
    """A statement (no question) from staff while a villager's message waits: the answer to it."""
    numbered = re.match(STAFF_REPLY, ctx.text)
    if numbered is not None and numbered.group("no") and numbered.group("words").strip() and ctx.dialog.state is None \
            and relay.conversation_for_staff(ctx.session, ctx.user, int(numbered.group("no"))) is not None:
        ctx.match = numbered  # 回复 1 明天带上户口本…: the answer, before guides read 户口本
        return staff_reply_numbered(ctx)
    if numbered is not None or _ASKS.search(ctx.text) or not relay.open_for(ctx.session, ctx.user):
        return NOT_MINE  # 回复 …: the answer when one waits, below
    return staff_plain_reply(ctx)


# "养老金那个 20号统一发" / "李建国：已经在审了": the message meant, named first, then the answer.
_NAMED_FIRST = re.compile(r"^\s*(?P<name>[^，,。.！!？?\s:：\d]{2,10}?)\s*(?:的)?(?:那个|那条|那件|那事儿?|的事儿?|的留言|家|那边)?"
                          r"\s*[，,：:\s]+(?P<words>\S.*)$", re.S)


# An answer's first words that name no message (收到 明天去看 / 好的，马上办).
_NOT_A_NAME = re.compile(r"^(?:收到|好的?|行|中|嗯|知道|明白|明天|今天|后天|上午|下午|晚上|马上|已经|这个|那个|我|俺|您|你|放心|别急)")


def _named_conversation(text: str, waiting: list[Conversation]) -> tuple[Conversation, str] | None:
    """The one waiting message the answer names by the villager's name or words of the message."""
    found = _NAMED_FIRST.match(text)
    if found is None or _NOT_A_NAME.match(found.group("name")):
        return None

    meant = pick_named(found.group("name"), waiting, _describe)
    return (meant, found.group("words").strip()) if meant is not None else None


_COMMON_PIECES = re.compile(r"^(?:俺们|我们|咱们|这个|那个|一下|明天|今天|今年|问问|想问|什么|时候|啥时|没有|有没|咱村|村里|"
                            r"俺家|恁家|你家|可以|能不|不能|怎么|咋办|多少|一个|的事|事儿|知道|上午|下午|中午|晚上|过去|回来|时候)$"
                            r"|[俺我恁你您他她的了着过去来咋啥么呢吧啊不没是在就都也还要想会能这那个]")


def _the_one_sharing(text: str, waiting: list[Conversation]) -> Conversation | None:
    """The only waiting message sharing a word of two characters (not a common one) with the answer."""
    pieces = {text[i:i + 2] for i in range(len(text) - 1)
              if all("\u4e00" <= ch <= "\u9fff" for ch in text[i:i + 2]) and not _COMMON_PIECES.search(text[i:i + 2])}
    sharing = [c for c in waiting if any(p in relay.rules.waiting_words(c) for p in pieces)]
    return sharing[0] if len(sharing) == 1 else None


def _other_command(ctx: Context) -> bool:
    """Another capability's command ("接单 3", "确认 2"): that module answers it, not the relay.
    Words of taking (中 俺下午过去看看) with nothing waiting to be taken answer the villager."""
    dispatcher = current_app.extensions["dispatcher"]
    if any(h.pattern is not None and not h.free and h.owner != router.owner and h.allows(ctx.user)
           and h.pattern.search(ctx.text) for h in dispatcher.handlers):
        return not (CLAIM_WORDS.match(ctx.text) and _nothing_to_take(ctx)) \
            and not (FINISH.match(ctx.text) and _nothing_in_hand(ctx))  # 地补上个礼拜就发了: no 补上 of theirs
    return False


def _nothing_to_take(ctx: Context) -> bool:
    from bot.needs import claimable_for

    from .staff_words import _offered_to_me

    roles = ctx.user.role_names
    return not (roles & MEMBER and _offered_to_me(ctx)) and not (roles & REP and claimable_for(ctx.session, ctx.user))


def _nothing_in_hand(ctx: Context) -> bool:
    from bot.needs import held_by

    from .staff_words import _accepted_by_me

    roles = ctx.user.role_names
    return not (roles & MEMBER and _accepted_by_me(ctx)) and not (roles & REP and held_by(ctx.session, ctx.user))


def _answer(ctx: Context, conversation: Conversation, words: str) -> Reply:
    relay.answer(ctx.session, conversation, words, ctx.now, staff_user=ctx.user)
    return Reply(texts.answered_for_staff(conversation, words), action="human.reply")


# The villager's own "帮俺转告书记 …": after the staff commands, so staff answers are never read as this.
@router.command(PASS_ON.pattern)
@router.command(PASS_ON_TO.pattern)
@router.command(HUMAN_FIRST.pattern)
def pass_on(ctx: Context):
    """A message for a person said in one go: passed on at once ("人工" alone: the intent asks)."""
    words = _message_words(ctx.text)
    return forward_text(ctx, words) if words else NOT_MINE
