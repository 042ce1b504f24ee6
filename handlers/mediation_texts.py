"""What the mediation booking form says, and the words it reads (handlers/mediation.py talks, with
these; handlers/mediation_own.py and mediation_staff.py share the labels and commands)."""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot import mediation
from bot.dispatch import Context
from bot.new_request import is_new_request
from bot.models import Booking, MediationRoom
from bot.models.mediation import DISPUTE_KINDS
from bot.nlu.dates import PART_LABELS, parse_day
from bot.nlu.disputes import KIND_LABELS, dispute_kind

FREE = "人民调解不收费。"
ASK_KIND = "是哪类纠纷？回复数字：\n" + "\n".join(
    f"{i} {KIND_LABELS[k]}" for i, k in enumerate(DISPUTE_KINDS, 1))
ASK_DESCRIPTION = "请简单说说是怎么回事（打字、发语音都行）。"
ASK_OTHER = "对方是谁？（比如：邻居老王）不想说请回复“跳过”。"
ASK_DAY = "想哪天来调解？比如：明天上午、下周三、12月5号。越快越好请回复“最近”。"
SKIP_WORDS = re.compile(r"^(跳过|没有|不知道|不说|不想说|无|不用|算了吧|略)(了|吧|啊)?[。.!！]?$")
SOON_WORDS = re.compile(r"最近|尽快|越快越好|越早越好|随便|都行|哪天都行|啥时候都行|什么时候都行|早点")
YES_WORDS = re.compile(r"^(1|是|是的|对|对的|用|行|可以|好|嗯)[。.!！]?$")
ASK_PHONE = "请留个手机号，调解员好联系您；不留电话请回复“确认”，直接预约。"
# The number and the words around it ("俺手机号13906391234"), to see what else a message says.
PHONE_AROUND = re.compile(r"(?:俺|我)?(?:的|家)?(?:手机|电话)?(?:号码|号)?(?:是|：|:)?\s*(?:\+?86)?[\d\s\-]{11,}")
FILLER = re.compile(r"[\s，,。.！!？?吧啊呀哈]+")
# A day said instead of a name is at most a few words ("明天上午吧"); a longer text is a story.
DAY_ANSWER_CHARS = 12
STORY_CHARS = 4  # told at the kind question, this much is a story, not a slip
# What happened between people (a name alone, 张家那口子, is not a story).
TELLS_A_STORY = re.compile(r"的事|因为|为了|吵|闹|打|骂|占|欠|不还|不给|不让|不管|矛盾|纠纷|别扭|咬|堵|挡|砍|弄坏|损坏|赔|偷")
# 俺没手机 said along the way (not a bare 没有: that skips the other party's name).
NO_PHONE_SAID = re.compile(r"没(?:有)?(?:手机|电话)|不(?:会|用)(?:用)?手机|不留(?:电话|号)")
STATE_WORDS = mediation.STATE_LABELS
# Villager commands, so that a flow step lets them through.
# 我的调解预约 / 俺的调解 / 俺约的调解 / 查查俺那个调解预约: one's own bookings (俺、咱 are the local 我).
MY_BOOKINGS = (r"^((?:我|俺|咱|额)(?:的|约的|那个|约的那个)调解(预约)?|"
               r"查(看|询|查|一下)?((?:我|俺|咱)(?:的|约的|那个))?调解(预约)?)[。？?]?$")
COMMANDS = re.compile(MY_BOOKINGS + r"|^(取消(调解)?预约\s*\d+|改约\s*\d+|同意\s*\d+)")

# Questions about the booking itself asked mid-form: answered here, the question asked again.
ASKS_FEE = re.compile(r"收费|收钱|要钱|花钱|多少钱|费用|免费")
ASKS_PLACE = re.compile(r"在哪|哪里|哪儿|什么地方|啥地方|地址|咋走|怎么走")
A_QUESTION = re.compile(r"[吗么不嘛？?]\s*$|哪|啥|什么|多少|咋|怎么")


def booked_text(ctx: Context, booking: Booking) -> str:
    room = ctx.session.get(MediationRoom, booking.slot.room_id)
    no = booking.number
    return "\n".join([
        f"预约好了，预约号：{no}",
        f"时间：{mediation.slot_words(booking.slot, ctx.tz)}",
        f"地点：{room.name}" + (f"（{room.address}）" if room.address else ""),
        f"调解员确认后会再通知您。{FREE}调解要双方自愿，可以约对方一起来。",
        f"查看回复“我的调解预约”；改时间回复“改约 {no}”；取消回复“取消预约 {no}”。",
    ])


def already_booked_text(booking: Booking, zone: ZoneInfo) -> str:
    no = booking.number
    return (f"您已经有一个{booking.kind}纠纷的调解预约（{no}号，{mediation.slot_words(booking.slot, zone)}）。\n"
            f"改时间请回复“改约 {no}”，取消请回复“取消预约 {no}”。")


def names_a_day(ctx: Context, text: str) -> bool:
    """The text names a day (明天上午, 周三) or says any day soon (越快越好)."""
    return parse_day(text, ctx.now, ctx.tz) is not None or bool(SOON_WORDS.search(text))


def rest_beside_phone(text: str) -> str:
    """What a message says besides a phone number and the words around it."""
    return FILLER.sub("", PHONE_AROUND.sub("", text))


# 就是隔壁老张家 / 他叫王老五 / 跟西邻赵老四: the name without the words around it.
_AROUND_NAME = re.compile(r"^(?:[，,。\s]*(?:嗯|那个|就是|是|他是|她是|对方是|对方|他叫|她叫|叫|跟|和|同))+|"
                          r"(?:[，,。.！!\s]*(?:吧|呗|啊|呀|嘞|哩|的|那人|那个人))+$")


def other_party_words(text: str) -> str:
    """Who the other party is, as the mediator should read it (the whole answer when nothing is left)."""
    return _AROUND_NAME.sub("", text.strip()) or text.strip()


# 跟隔壁老张家为… / 和儿媳妇因为… / 俺跟俺兄弟李二柱分家: the other party named in the story.
_OTHER_IN_STORY = re.compile(r"(?:跟|和|与|同)((?:俺|我|咱)?[\u4e00-\u9fff]{1,8}?)"
                             r"(?:家里|家)?(?:之间)?(?:因为|为了|为|闹|吵|打|的事|有矛盾|有点|起了|分家|争|在)")
# Not a party, or not one the mediator could find (邻居, 他家, 人家): the question is still asked.
_NOT_A_PARTY = re.compile(r"^(?:俺|我|咱)?(?:们|自己|村里|他们)?$|调解|预约|你们|党员|干部|"
                          r"^(?:俺|我|咱)?(?:的|家的?)?(?:邻居|邻家|邻居家|他|她|他们|人家|别人|村里人|外村人|对方|一个人)$")


# …跟俺弟弟为分地的事，他叫李三: the name said after the relation is the one the mediator can find.
_NAMED_AFTER = re.compile(r"(?:他|她|对方)(?:叫|名叫|名字叫)([\u4e00-\u9fff]{2,4}?)(?=[，,。.！!\s]|$|这|那|下|明|今|后|周|礼拜|星期|电话)")


# Words that are what happened, not who (和邻居的纠纷), in what a pattern took for a name.
_NO_NAME = re.compile(r"的|纠纷|矛盾|事|问题|官司")
# 承包地的事 跟二组老赵家: the party named last in a clause, nothing after it.
_OTHER_AT_END = re.compile(r"(?:跟|和|与|同)((?:俺|我|咱)?[\u4e00-\u9fff]{1,8}?)(?:家里|家)?(?:之间)?(?:的事)?(?=[，,。.！!\s]|$)")
# 包工头欠俺的工钱 / 前院老刘占了俺的地: the one who owes or took something from the teller.
_DOER = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:家)?(?:一直|老是|总是|还|硬)?(?:欠|拖欠|占了?|不还|不给)(?:俺|我|咱)")
_BEFORE_DOER = re.compile(r"^.*(?:为了|因为|的|是|为)")
# 俺儿俩媳妇为了伺候老人的事天天吵: the teller's own people quarrel among themselves; they are the parties.
_QUARREL = re.compile(r"(?:^|(?<=[，,。\s]))((?:俺|我)[\u4e00-\u9fff]{1,6}?)(?:为了|因为|为)[^，,。]{1,20}?(?:吵|闹|打|不和|别扭)")
_TELLER = re.compile(r"^(?:俺|我)(?:家|们|自己|这边)?$")


def other_in_story(text: str) -> str | None:
    """The other party a story names (隔壁老张家), or None."""
    m = _OTHER_IN_STORY.search(text or "")
    if m is None and (end := _OTHER_AT_END.search(text or "")) is not None and not _NO_NAME.search(end.group(1)):
        m = end  # 和邻居的纠纷 names what happened, not who
    if m is None and (doer := _DOER.search(text or "")) is not None:  # 为了包工头欠俺的工钱: 包工头
        name = _BEFORE_DOER.sub("", doer.group(1))
        return None if len(name) < 2 or _NOT_A_PARTY.search(name) else name
    if m is None and (among := _QUARREL.search(text or "")) is not None:
        name = among.group(1)
        return None if _TELLER.match(name) or _NO_NAME.search(name) or _NOT_A_PARTY.search(name) else name
    if m is None:
        return None
    if (named := _NAMED_AFTER.search(text)) is not None:
        return f"{m.group(1)}{named.group(1)}"
    name = m.group(1)
    if _NOT_A_PARTY.search(name):
        return None
    start, end = m.span(1)
    tail = text[end:end + 2]
    return name + ("家" if tail.startswith("家") and not tail.startswith("家里") else "")


def slot_list(choices, ref, today, zone) -> tuple[list, str]:
    """The slots offered, in the order numbered, and the text listing them (the clock time the
    villager named, 上午九点, is choice 1 when it is free)."""
    offered = list(choices.slots)
    if choices.exact:
        head = f"{mediation.day_words(choices.day)}有空的时间："
        if not choices.part_found:
            head = f"{mediation.day_words(choices.day)}{PART_LABELS[ref.part]}没有空位，这天有空的时间："
        if (asked := mediation.slots.slot_at_clock(offered, ref, zone)) is not None:
            offered = [asked] + [s for s in offered if s is not asked]
            head = f"{mediation.slot_words(asked, zone)}有空，回复1就约这个时间；也可以选别的："
        lines = [f"{i} {mediation.slot_words(s, zone, with_day=False)}" for i, s in enumerate(offered, 1)]
    else:
        if ref is None:
            head = "最近有空的时间："
        elif ref.day < today:
            head = "那天已经过去了。最近有空的时间："
        else:
            head = f"{mediation.day_words(ref.day)}没有空位（或不接待）。最近有空的时间："
        lines = [f"{i} {mediation.slot_words(s, zone)}" for i, s in enumerate(offered, 1)]
    return offered, "\n".join([head, *lines, "回复数字选一个；想换一天，直接说日子。"])


def asks_elsewhere(ctx: Context) -> bool:
    """A question that names no dispute and is confidently another request (低保咋办)."""
    return bool(A_QUESTION.search(ctx.text)) and dispute_kind(ctx.text, kin=False) is None \
        and is_new_request(ctx, own_intents=("mediation",))


def answer_about_booking(ctx: Context, room: MediationRoom | None) -> str | None:
    """The answer to 调解要收费吗 / 调解室在哪 asked mid-form (the form's question follows), else None
    (残疾证在哪办 is another matter's question)."""
    text = ctx.text
    if len(text) > 20 or not A_QUESTION.search(text) or is_new_request(ctx, own_intents=("mediation",)):
        return None
    if ASKS_FEE.search(text):
        return f"{FREE}\n"
    if ASKS_PLACE.search(text) and "调" in text and room is not None:
        where = room.name + (f"（{room.address}）" if room.address else "") + (f"，电话 {room.phone}" if room.phone else "")
        return f"调解地点：{where}。\n"
    return None


_ASKS_TO_BOOK = re.compile(r"约|预约|想调解|要调解|找.{0,3}调解|帮.{0,3}调解|给.{0,3}调解")


def only_asks_about_mediation(text: str) -> bool:
    """调解要花钱不 / 调解室在哪: a short question about mediation itself, no dispute told and no
    booking asked for (想约调解 要钱不 asks for one)."""
    from bot.nlu.disputes import dispute_kind

    return (len(text) <= 20 and bool(A_QUESTION.search(text)) and bool(ASKS_FEE.search(text) or ASKS_PLACE.search(text))
            and not _ASKS_TO_BOOK.search(text) and dispute_kind(text) is None)


# 就是后邻孙家 / 对方是王老五 / 他叫刘富贵: the other party named while another question is asked.
_NAMING = re.compile(r"^(?:对方是|对方叫|对方|就是|他叫|她叫|那人叫|那家是)")


def names_the_other(text: str) -> str | None:
    """The other party such a short answer names, else None (a number, a day or a story names none)."""
    plain = text.strip()
    if not _NAMING.match(plain) or len(plain) > 16 or re.search(r"\d|上午|下午|后晌|明天|后天|周|礼拜|星期", plain):
        return None
    return other_party_words(plain) if other_party_words(plain) != plain else None
