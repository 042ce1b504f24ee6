"""A mediator's words without a booking number: 确认 / 行，就这个时间吧 (confirm), 改到周五下午 /
那天不行 改成下周一上午 (offer another time), 调解成功了 两家握手言和 / 没谈拢 (the outcome). Each acts
on the one booking of the mediator's rooms that fits, or lists the few to choose from.
"""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot import mediation
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import Booking, Slot
from bot.models.mediation import OPEN_STATES
from bot.nlu.dates import parse_clock, parse_day, parse_part

from . import mediation_staff, staff_pick
from .mediation_staff import CONFIRM_FORMS, confirm_requested, requested
from .own_bookings import shifted_day_words, shifted_days

router = Router("mediator_words")
MEDIATOR = {"mediator"}

_END = r"\s*(?:吧|啦|了|哈)?\s*[。.!！]?\s*$"
_AGREED_TIME = (r"就(?:这个时间|这么定|这样|这天|这么办)|就?按(?:这个|这|约的|定的)(?:时间|点)?(?:来|办)?|(?:这个)?时间(?:可以|行|没问题|合适)|没问题|可以的?|定了|"
                r"(?:这个|这件|这)?(?:我|俺)?(?:就|来)?(?:确认|确定|同意)|"
                # 行 约上了 / 中 排上了: the booking is on
                r"(?:就)?(?:约上|排上|安排上|定下|订上|记上)(?:了|啦)?|"
                # being free then: 这个时间我在 / 那天俺有空 / 我能到
                r"(?:这个|那个|这|那)?(?:时间|点|时候|天)?(?:上午|下午|中午|晚上|早上)?(?:(?:我|俺)(?:都|也)?(?:在|有空|得空|能到|能来|能去|方便)|能来|能到|有空|得空)"
                # … and where or how (那天俺在调解室等着, 到时候俺准到)
                r"(?:[\u4e00-\u9fff]{0,6}?(?:等着?|等您|等你们?|候着|守着)(?:恁|您|你们?|他们|你俩|恁俩)?)?|"
                r"(?:到时候|那天|这天)?(?:我|俺)?(?:准时|按时|按点|准点|准|一定|肯定)(?:到|来|去|在)|"
                # 叫他们两家按点来 / 让双方都到: the parties told to come then
                r"(?:叫|让|通知|告诉)(?:他们|他俩|她们|两家|双方|俩人|人家|对方|群众|她|他)[\u4e00-\u9fff]{0,4}?(?:按时|按点|准时|准点|都|一块儿?|一起)?(?:来|到|过来)|"
                # 好 那天见 / 周四见: see you on the day booked
                r"(?:那天|到时候|到时|周[一二三四五六日天]|礼拜[一二三四五六日天天]|星期[一二三四五六日天]|明天|后天)"
                # … with the part of the day and the place between (那天下午调解室见)
                r"(?:上午|下午|中午|晚上|早上|后晌|前晌)?(?:在)?(?:调解室|村委会?|党群服务中心|服务中心|这儿|这里)?见")
# 这个我接了 / 收到 (按时来): the mediator takes the booking on.
# 这起俺来 / 这起我来调: a case (起) taken on to mediate
_TAKEN = r"(?:这个|这件|这场|这单|这事|这起)?(?:我|俺)?(?:接了|接下了|接下|收到了?|知道了|(?<=[我俺])来调?)"
# 嗯那个周三的 可以…: fillers and the booking's day said before the yes
_FILLERS = r"(?:嗯|啊|哦|噢|那个|这个|那(?=[行中好])|[，,\s])*"
# … or the booking pointed at by when it was made (昨儿约的那个 / 刚才约的; 夜来 / 夜儿个: yesterday in the county)
_DAY_POINTED = (r"(?:(?:(?:周|礼拜|星期)[一二三四五六日天]|明天|后天|那天)(?:的|那个|那场)|"
                r"(?:昨天|昨儿个?|夜来|夜儿个?|夜里个|前天|刚才|刚|上午|下午|早上)?(?:约|预约|报)的(?:那个|那场|这个)?|"
                # 昨儿那个地界的: yesterday's, with a word of its matter
                r"(?:昨天|昨儿个?|夜来|夜儿个?|前天|刚才)(?:那个|那场)[\u4e00-\u9fff]{1,6}?的(?:那个|那场)?)")
_LEAD_DAY = _FILLERS + _DAY_POINTED
_LEAD = _FILLERS + r"(?:" + _DAY_POINTED + r")?[，,\s]*"
_YES_WORD = r"(?:" + _TAKEN + r"|" + CONFIRM_FORMS + r"|确定|可以|(?:行|中|好|得)(?:嘞|哩)|妥了|妥妥的|行|好的?|中|没问题|同意)"
# The parties asked to come, said after a yes (行 来吧 / 定了 叫他来).
_COME = r"(?:(?:叫|让)?(?:他|她|他们|她们|人)?(?:来|过来)(?:吧)?)"
# Up to three pieces, a yes or a time agreed or a come (能来 确认了 / 那行 定了 叫他来).
_PIECE = r"(?:" + _YES_WORD + r"|" + _AGREED_TIME + r")"
# A later piece says the booking is on, not only heard (好的 知道了 reports hearing, no confirmation).
_LATER = r"(?:" + CONFIRM_FORMS + r"|确定|可以|没问题|同意|妥了|妥妥的|" + _AGREED_TIME + r")"
CONFIRM = re.compile(r"^\s*" + _LEAD + _PIECE + r"(?:[，,\s]*(?:" + _LATER + r"|" + _COME + r")){0,2}" + _END)


def _which(ctx: Context, bookings: list[Booking], question: str, command: str) -> Reply:
    """Several bookings fit: list them, each with the command that picks it ("确认 3：…")."""
    return did("clarify.ask", question + "请回复：\n" + "\n".join(
        f"{command.replace('{number}', str(b.number))}：{mediation.slot_words(b.slot, ctx.tz)} {b.kind}纠纷" for b in bookings))


@router.command(CONFIRM.pattern, roles=MEDIATOR)
def confirm_words(ctx: Context):
    """A mediator's bare 确认 with one booking waiting for confirmation."""
    waiting = requested(ctx)
    if not waiting:
        return NOT_MINE
    if len(waiting) > 1 and re.match(r"^\s*" + _LEAD_DAY, ctx.text):
        return NOT_MINE  # 周三那个确认 with several waiting: the day picks one (push_pointers)
    if len(waiting) > 1:  # the answer (1 / 第二个 / 借钱那个) is read by staff_pick
        return staff_pick.ask_which(ctx, "mediation.confirm", waiting, _which(
            ctx, waiting, "有几个预约等您确认，确认哪个？", "确认 {number}").text)
    return confirm_requested(ctx, waiting[0])


# A yes said at length, as voice writes it (好的好的这个时间俺在调解室你让他们带上宅基地证): a yes first,
# then chatter that neither moves, refuses nor asks.
_OPENS_YES = re.compile(r"^\s*(?:(?:好的?|好嘞|行嘞?|中嘞?|可以|确认|收到了?|妥了|没问题|知道了)[，,。\s啊呀]*){1,3}")
_NOT_PLAIN_YES = re.compile(r"改|换|挪|推|不行|不中|不成|不方便|来不了|去不了|没空|有事|[?？吗么]\s*$|咋|怎么|啥|什么|哪|\d")


@router.reader(roles=MEDIATOR)
def confirm_at_length(ctx: Context):
    """好的好的 … with one booking waiting for confirmation and nothing else said: confirm it."""
    found = _OPENS_YES.match(ctx.text)
    if ctx.dialog.busy() or found is None or len(ctx.text) > 40 or _NOT_PLAIN_YES.search(ctx.text[found.end():]):
        return NOT_MINE
    waiting = requested(ctx)
    return confirm_requested(ctx, waiting[0]) if len(waiting) == 1 else NOT_MINE


# A reason may come first, in a clause or two (周四俺要去县里开会 改到周五上午9点吧).
@router.command(r"^\s*(?:.{1,24}?[，,。.\s]+)?(?:那|就)?(?:改到|改成|换到|挪到|改在|推到|往后挪到|"
                r"(?:改|换)(?:个|一个|一下)?(?:时间|日子|天)(?!\s*\d)[吧，,：:\s]*(?:到|成|在)?)\s*[，,：:]?\s*(?P<when>\S.{0,30})$",
                roles=MEDIATOR)
def propose_words(ctx: Context):
    """改到周五下午 with one booking waiting for confirmation (none waiting: the one coming, confirmed
    already): offer that time instead."""
    waiting = requested(ctx) or _coming(ctx, mediation.mediator_room_ids(ctx.session, ctx.user.id))
    if not waiting:
        return NOT_MINE
    if len(waiting) > 1:
        return _which(ctx, waiting, "有几个预约等您确认，改哪个？", "改时间 {number} " + ctx.match.group("when"))
    return mediation_staff.offer_time(ctx, waiting[0], _on_booked_day(ctx, waiting[0], ctx.match.group("when")))


# 往后推一天吧 (那天俺去镇上): the same part of the booked day that many days on, offered to the
# villager; a reason may come before or after.
@router.command(r"^(?!.*\d{3,}).{0,12}?(?:往后|向后|朝后|推迟|推后|延后|顺延|往前|向前|提前)?[推挪延改错]?(?:后|迟)?"
                r"\s*[一二两三1-3]\s*天.{0,16}$", roles=MEDIATOR)
def shift_words(ctx: Context):
    """推一天 with one booking waiting for confirmation: the same part of the day that many days on."""
    waiting = requested(ctx)
    if ctx.dialog.busy() or len(waiting) != 1 or shifted_days(ctx.text) is None:
        return NOT_MINE
    return mediation_staff.offer_time(ctx, waiting[0], shifted_day_words(ctx, waiting[0]) or "")


# 那天上午有别的事 下午两点行不行 / 周五上午中不中: another time asked as a question (a reason may come first).
_ASKS_TIME = re.compile(r"^\s*(?:(?P<why>.{0,16}?)[，,\s]+)?(?:那就|就|改成?|换成?)?(?P<when>[^，,\s]{2,14}?)\s*"
                        r"(?:行不行|行吗|行不|可以吗|可不可以|中不中|中不|成不|咋样|怎么样|方便吗|方便不)\s*[?？]?\s*$")


# 礼拜三上午不中 下午中: a time refused, then another said with a yes after it.
_OTHER_TIME_OK = re.compile(r"^\s*.{0,16}?(?:不中|不行|不成|没空|有事)[，,。\s]+(?:改成?|换成?|那就|就)?(?P<when>[^，,\s]{2,10}?)"
                            r"(?:中|行|可以|成|有空|方便)(?:吧|啊|呀|嘞)?\s*[。.!！]?\s*$")


@router.command(_ASKS_TIME.pattern, roles=MEDIATOR)
@router.command(_OTHER_TIME_OK.pattern, roles=MEDIATOR)  # the lower decorator registers first, as before
def propose_as_question(ctx: Context):
    """下午两点行不行 / 上午不中 下午中 with one booking waiting: offer that time (the booked day when
    no day is said)."""
    when = ctx.match.group("when")
    waiting = requested(ctx)
    if len(waiting) != 1 or not _names_a_time(when, ctx):
        return NOT_MINE
    return mediation_staff.offer_time(ctx, waiting[0], _on_booked_day(ctx, waiting[0], when))


def _on_booked_day(ctx: Context, booking: Booking, when: str) -> str:
    """下午两点 / 挪到下午吧: a part of the day or a clock time without a day is on the day booked."""
    if parse_day(when, ctx.now, ctx.tz) is not None or not _names_a_time(when, ctx):
        return when
    return mediation.day_words(mediation.local_day(booking.slot.starts_at, ctx.tz)) + when


def _names_a_time(words: str, ctx: Context) -> bool:
    return parse_day(words, ctx.now, ctx.tz) is not None or parse_clock(words, parse_part(words))[0] is not None \
        or parse_part(words) is not None


# How a mediation ended, in words: 调解成功了 两家握手言和 / 没谈拢 / 转交给司法所 / 对方压根没来 (a no-show
# is a mediation that did not succeed, its words kept as the note).
# Who came to terms may be said first (两家谈妥了, 双方都同意了, 老王家跟老李家说和了), and a clause of
# how it went before that (两家还是犟着 没调成).
OUTCOME = re.compile(r"^\s*(?:第\s*)?(?:(?P<pre>\d{1,9})\s*号(?:的|这个|那个|这场|那场)?[，,。\s]*)?(?:这个|这次|那个|今天的?)?(?:[\u4e00-\u9fff]{1,8}?的(?:事儿?|纠纷))?(?:调解)?(?:(?![^，,。\s]*(?:成功|调成|调好|调完|谈妥|谈成|谈拢|和好|和解|说和|签|解决|失败|转交|移交|握手|说开|讲开|想通|不闹))[\u4e00-\u9fff]{1,14}?[，,。\s]+)?(?:(?:两家|双方|两边|俩人|两人|他们|他俩|两口子|兄弟俩|男方|女方|对方|一方|人家|那边|对面|另一(?:方|家|个|边)|[\u4e00-\u9fff]{1,3}家|[\u4e00-\u9fff]{1,4}(?:跟|和|与)[\u4e00-\u9fff]{1,4}))?(?:都|已经|也|总算|终于|还是|就是|死活|始终|一直|压根儿?|根本|愣是|到点也|到了也|最后|末了|到最后|到头来)*(?:(?P<ok>成功|调成|调解完|调完|签(?:了)?字|谈妥|谈成|谈拢|和好|和解|调好|调解好|说和|说开|讲开|讲和|想通|不闹|握手(?:言和)?|解决|成(?=了)|签了?(?:协议|调解书)|达成(?:协议|一致)|同意(?=了|按|调解|协议|和解))|"
                     r"(?P<failed>(?:人)?(?:没|不)(?:来|到|露面|露头|照面|过来)|放了?鸽子|爽约|没见(?:着|到)?人|没调成|没调开|调不开|没调好|没谈成|没谈妥|谈不拢|没说通|说不通|没成|不成|失败|没谈拢|谈崩|没说和|"
                     r"(?:没|不)(?:说|谈|讲|弄|整|搞|尿|走)(?:到|在)一块儿?去?|(?:说|谈|讲|弄|整|尿)不(?:到|在)一块儿?去?|没说拢|说不拢|不松口|没和好)|"
                     r"(?P<moved>转交|移交|(?:给|已经|都)?(?:转到|转给|交到|交给|推到|推给)"
                     r"(?=[\u4e00-\u9fff]{0,4}(?:司法所|法院|法庭|派出所|综治|信访|镇上|街道|县里|律师))))了?"
                     r"\s*[，,。.：:！!]?\s*(?P<note>.*)$")
# A mediation that began this long ago or sooner, up to two weeks back, is the one the words are about.
_OUTCOME_AFTER_START = timedelta(hours=-2)
_OUTCOME_WITHIN = timedelta(days=14)


def _coming(ctx: Context, rooms) -> list[Booking]:
    """Open bookings of the mediator's rooms in the coming two weeks, soonest first."""
    return list(ctx.session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Slot.room_id.in_(rooms), Booking.state.in_(OPEN_STATES),
               Slot.starts_at > ctx.now - _OUTCOME_AFTER_START, Slot.starts_at <= ctx.now + _OUTCOME_WITHIN)
        .order_by(Slot.starts_at).limit(10)))


def held_lately(ctx: Context, limit: int) -> list[Booking]:
    """Open bookings of the mediator's rooms whose session started lately (an outcome may be told)."""
    rooms = mediation.mediator_room_ids(ctx.session, ctx.user.id)
    return list(ctx.session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Slot.room_id.in_(rooms), Booking.state.in_(OPEN_STATES),
               Slot.starts_at <= ctx.now - _OUTCOME_AFTER_START, Slot.starts_at >= ctx.now - _OUTCOME_WITHIN)
        .order_by(Slot.starts_at).limit(limit)))


@router.command(OUTCOME.pattern, roles=MEDIATOR)
def outcome_words(ctx: Context):
    """调解成功了 … with one mediation of the mediator's rooms held lately and still open: record it."""
    if ctx.dialog.busy():
        return NOT_MINE
    rooms = mediation.mediator_room_ids(ctx.session, ctx.user.id)
    held = held_lately(ctx, 10)
    word = "成功" if ctx.match.group("ok") else "未成功" if ctx.match.group("failed") else "转交"
    if ctx.match.group("pre"):  # 1号没谈拢: that booking, held or coming
        number = str(int(ctx.match.group("pre")))  # a booking's number is a string
        held = [b for b in held + _coming(ctx, rooms) if str(b.number) == number][:1]
    if not held:
        coming = _coming(ctx, rooms)  # none held yet: never closed unasked, the coming ones are offered
        return _which(ctx, coming, "还没到约的时间。是哪一场的结果？", f"结果 {{number}} {word}") if coming else NOT_MINE
    if len(held) > 1:
        return _which(ctx, held, "是哪一场的结果？", f"结果 {{number}} {word}")
    booking, note = held[0], ctx.match.group("note").strip()[:500]
    mediation.record_outcome(ctx.session, booking, word, note, ctx.user.id, ctx.now, ctx.tz)
    return did("mediation.outcome", f"已记下：{booking.number}号 {booking.outcome}。已告诉群众。")


# The mediator cannot take the booking (这个俺不方便 让别的调解员接吧 / 那天俺来不了): nothing is changed
# unasked; the commands that change it are put to the mediator. A number is a command's (改时间 3).
_CANT = re.compile(r"^(?!.*\d)(?!.*(?:[吗么?？]|能不能)\s*$).{0,16}?(?:不方便|来不了|去不了|到不了|顾不上|脱不开身|走不开|"
                   r"(?:让|叫|请|找|换)(?:别的|其他|另外的?|旁的)(?:调解员|人|同志)?|换个?(?:别的)?(?:调解员|人)|"
                   r"(?P<retime>(?:换|改)(?:个|一个|一下)?(?:时间|日子|天))).{0,16}$")


@router.command(_CANT.pattern, roles=MEDIATOR)
def cannot_take(ctx: Context):
    """那天俺来不了 with one booking waiting or coming: how to offer another time (clarify.ask)."""
    if ctx.dialog.busy():
        return NOT_MINE
    rooms = mediation.mediator_room_ids(ctx.session, ctx.user.id)
    waiting = requested(ctx) or _coming(ctx, rooms)
    if len(waiting) != 1:
        return _which(ctx, waiting, "是哪一个预约？", "改时间 {number} 时间") if waiting else NOT_MINE
    booking = waiting[0]
    if (when := mediation_staff.other_time_named(ctx, booking, ctx.text.strip())) is not None:
        return mediation_staff.offer_time(ctx, booking, when)  # 后天俺去不了 … 要不明天下午三点吧
    if ctx.match.group("retime"):  # 这个得换个时间: the soonest free times, to say which
        return mediation_staff.offer_time(ctx, booking, "")
    return did("clarify.ask", f"{booking.number}号（{mediation.slot_words(booking.slot, ctx.tz)} {booking.kind}纠纷）"
               f"您来不了的话：换个时间请回复“改时间 {booking.number} 时间”（比如：改时间 {booking.number} 下周一上午），"
               "我请群众确认；请调解室别的调解员接，请直接跟他们说。")
