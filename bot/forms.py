"""Forms (errand, mediation booking, need): the steps they share: confirm words, leaving, offering back."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .messages import Reply, did
from .nlu.phone import parse_mobile
from .new_request import is_new_request

if TYPE_CHECKING:
    from .dispatch import Context

# 对 / 是 / 行 / 1 / 确认 / 就这样 提交吧 ...: the summary is right, submit it.
_CONFIRM = re.compile(r"^(?:1|一|对|对的|是|是的|行|可以|好|好的|好嘞|嗯|确认|确定|没错|没问题|没毛病|妥|妥了|无误|ok|"
                      r"提交|就这些|就是这些|就这个|就这|就?是?(?:这个|这|这么个|那个|那)(?:事儿?|事情|情况|问题)|都对|全对|都没错|都没问题|就这样(?:办|弄|整|搞)?|这样(?:办|弄|整|搞)?|就这么(?:办|弄|整|搞)|就这么着|就?这么地|就这么的|就这么定了?|定了|就按这个办?|就按这个来|照这个办|就?(?:定|要|选|约)(?:这个|这|它)|就?(?:报|办|上报|提交|交)(?:这个|这件|这|它)(?:事儿?|事情)?|这个(?:就)?(?:行|中|可以)|中|成|对头|是嘞|办吧|交吧|"
                      r"就?(?:这个|那个)(?:时间|点|钟点|时候)(?:就行|就中|也行)?|"  # 就这个时间: the time said or offered
                      r"没了|没有了|没啥了|没别的了?|没别的事了?|没其他的?了?|就这么多|"  # nothing more to add: submit
                      r"对着|对着了|是着|可不是|那可不|可不|就是|就是这样|管|得|得嘞|要得|没差|不差|一点不差|都中|都行|行行|中中|嗯呐|嗯哪|好着|错不了|没啥错|是这么回事|就这么回事|这么回事)+"
                      r"(?:吧|啊|呀|了|的|呢|嘞|咧|哩|呐|哈|嘛|么)*$", re.IGNORECASE)
_PUNCT = re.compile(r"[\s，,。.！!？?~～、]+")
# 接着 / 继续 / 接着约: take a paused form up again.
RESUME = re.compile(r"^\s*(?:好的?|行|嗯|那|那就)?[，,。\s]*(?:接着|继续|接上|刚才那个|还约|还办|接着办|接着约|接着说)")
# "火扑灭了 刚才那个危房的事接着办吧": going on asked in the last words, after something told first.
_RESUME_LAST = re.compile(r"(?:接着|继续|接上|再接着)(?:办|约|弄|填|报|说|来|往下)?(?:吧|呗|啊|呀|哈|嘞)*\s*$")
_NOT_GOING_ON = re.compile(r"不|别|甭|没|算了")


def asks_resume(text: str) -> bool:
    """接着 / 继续 said first, or 接着办吧 said last (never 不想继续了)."""
    if RESUME.match(text):
        return True
    last = re.split(r"[，,。！!？?\s]+", text.strip())[-1]
    return bool(_RESUME_LAST.search(last)) and not _NOT_GOING_ON.search(last)


# 报吧 / 就这样报上去 / 交上去 / 给报了: sending it on, said last (after a yes, or alone).
# 中 约上 / 就这样定了吧: a booking's own verbs (约, 定, 订) send it on as well.
_SEND_ON = re.compile(r"(?:就这么|就这样|这么|这样|按这个|就|给|帮我|帮俺|您|你|恁)*(?:上报|报|提交|交|递|送|发|预约|约|订)"
                      r"(?:上去|过去|出去|上|了|掉)?(?:吧|啊|呀|了|的|呢|嘞|咧|哩|呐|哈)*$")


# 俺看没错 / 我觉得行: one's own view said before the yes.
_OPINION = re.compile(r"^(?:我|俺)(?:看|瞅着|觉得|寻思|估摸)(?:着)?(?=.)")
_VOICE_FILLERS = re.compile(r"(?<=.)那个(?!事|情况|问题|时间|点|时候|钟点)|哎|唉")


def is_confirm(text: str) -> bool:
    """A yes to "is this right? submit?" in the words villagers use."""
    words = re.sub(r"^那就?(?!个)", "", _PUNCT.sub("", text))  # 那就行 (那个时间就行 keeps its 那个)
    words = _OPINION.sub("", words)
    words = _VOICE_FILLERS.sub("", words) or words  # 行那个就这么着吧: a voice message's fillers between the yeses
    if (sent := _SEND_ON.search(words)) is not None:
        words = words[:sent.start()]
        if not words:
            return True
    return bool(_CONFIRM.match(words))


@dataclass(frozen=True)
class FormSpec:
    """What the shared steps need to know about one form."""

    flow: str
    intent: str  # the routed intent that starts this form ("接着约调解" resumes it instead)
    label: str  # 约调解 / 请党员代办 / 反映问题
    missing: dict[str, str]  # step → what is still missing, in words
    ask: Callable[[Context], "Reply | str"]  # ask the current (first missing) question again
    ask_action: str  # mediation.ask / errand.ask / need.ask
    gist_slots: tuple[str, ...] = ()  # slots whose first value says which matter (the story, the matter)
    takes_time: bool = False  # a day or time is one of its answers (周五上午 answers it even out of turn)


_GIST_CHARS = 12


def form_title(spec: FormSpec, slots: dict[str, object]) -> str:
    """反映问题（俺家那块麦子叶子发黄…）: the form's label with the gist of what was said, so that a
    form offered back hours later says which matter it is."""
    gist = next((str(slots[k]).strip() for k in spec.gist_slots if slots.get(k)), "")
    if not gist:
        return spec.label
    return f"{spec.label}（{gist[:_GIST_CHARS]}{'…' if len(gist) > _GIST_CHARS else ''}）"


_FORMS: dict[str, FormSpec] = {}


def register(spec: FormSpec) -> FormSpec:
    _FORMS[spec.flow] = spec
    return spec


def spec_for(flow: str | None) -> FormSpec | None:
    return _FORMS.get(flow or "")


def form_flows() -> frozenset[str]:
    return frozenset(_FORMS)


def leaves(ctx: Context, own_intents: tuple[str, ...] = ()) -> bool:
    """A clearly different request (another matter, a question): answer it, keep the form."""
    return is_new_request(ctx, own_intents)


def offer_line(ctx: Context) -> str:
    """您刚才约调解还差时间，接着约吗？ for the paused form, or "" when none is paused."""
    form = ctx.dialog.paused_form()
    spec = spec_for(form.flow if form else None)
    if form is None or spec is None:
        return ""
    what = spec.missing.get(form.step, "几句话")
    return f"您刚才{form_title(spec, form.slots)}还差{what}，接着办请回复“接着”，不办了回复“取消”。"


def ask_again(ctx: Context) -> Reply | None:
    """接着办吧 to a form still in progress (its step did not take it): its question again."""
    state = ctx.dialog.state
    spec = spec_for(state.flow if state else None)
    if spec is None:
        return None
    asked = spec.ask(ctx)
    reply = Reply(text=asked) if isinstance(asked, str) else asked
    reply.text = f"好，接着{spec.label}。\n{reply.text}"
    reply.action = "flow.resume"
    return reply


def resume(ctx: Context, intro: str = "好，接着") -> Reply:
    """Take the paused form up again and ask what it still needs."""
    state = ctx.dialog.resume()
    spec = spec_for(state.flow if state else None)
    if state is None or spec is None:
        return did(None, "没有办到一半的事了。需要帮忙时随时说，回复“菜单”看能办什么。")
    asked = spec.ask(ctx)
    reply = Reply(text=asked) if isinstance(asked, str) else asked
    reply.text = f"{intro}{spec.label}。\n{reply.text}"
    reply.action = "flow.resume"
    return reply


# 俺电话是139…, 电话139… 好记: the number alone, with at most a few words about it.
_PHONE_WORDS = re.compile(r"[\s，,。.！!:：]|俺|我|的|电话|手机|号码?|是|就是|打|这个|记一下|记下|好记|吧|啊|呀|"
                          r"^(?:中|好的?|行|嗯|对|那|那就)")


def answers_paused_form(ctx: Context) -> bool:
    """A phone number sent after a question answered mid-form: the paused form's answer (a phone
    is no question to another service, nor a guide's follow-up), so the form takes it up again."""
    form = ctx.dialog.paused_form()
    if form is None or form.flow not in _FORMS:
        return False
    return only_a_phone(ctx.text)


def only_a_phone(text: str) -> bool:
    """The words are a phone number and at most a few words about it (俺电话是139…), nothing more."""
    return parse_mobile(text) is not None and not _PHONE_WORDS.sub("", re.sub(r"[\d\s\-+·.]", "", text))


def came_back(ctx: Context, reply: Reply) -> Reply:
    """A form left for a while answered again: say which form the answer went to."""
    spec = spec_for(ctx.dialog.state.flow if ctx.dialog.state else None)
    if spec is not None and reply.text:
        reply.text = f"接着您刚才{form_title(spec, ctx.dialog.slots)}的事。\n{reply.text}"
    return reply


# 俺没手机 / 没有电话 / 不留电话: a valid answer to "your phone?" (someone comes to the door).
_NO_PHONE = re.compile(r"(?:没|木|冇)(?:有)?(?:装|安|买|配|拿|使)?(?:个|上)?(?:手机|电话|号码?)|"
                       r"不(?:会|用|使|懂)(?:用|使|摆弄|鼓捣|弄)?(?:手机|电话)|不(?:用|必|想|要)?留(?:电话|号)?|"
                       r"不(?:用|想)?给(?:电话|号|手机)|"
                       # 号码记不住 / 不记得电话: a phone whose number nobody at hand knows is no phone to call
                       r"(?:号码?|电话|手机号)(?:俺|我)?(?:也|都)?(?:记不住|记不得|记不清|不记得|忘了|想不起来|不知道)|"
                       r"(?:记不住|记不得|记不清|不记得|想不起来)(?:俺|我)?(?:的|家的)?(?:手机)?(?:号码?|电话)|"
                       # 没有 / 俺家没有 / 木有啊 alone; a question ending in 没 (食堂开门没, 修好没) is no answer
                       r"^(?:俺|我|咱|家|俺家|我家|咱家|也|都|就|真|还|那|是|可)*(?:没|木|冇)(?:有)?(?:啊|呀|嘞|哩|了|的|呢)*$|"
                       r"(?:手机|电话|号码?)(?:俺|我|咱|家|俺家|也|都|就|真|还|是)*(?:没|木|冇)(?:有)?(?:啊|呀|嘞|哩|了|的)*$|^无$")
NO_PHONE = "上门联系"


# 没了 就这些 / 就这样吧: the villager has nothing more to give.
_THAT_IS_ALL = re.compile(r"^(?:没了|没有了|没啥了|没别的了?|没别的事了?|没其他的?了?|就这些了?|就是这些|就这样|就这么多|"
                          r"说完了|就说这些|别的没了)+(?:吧|啊|呀|了|嘞)*$")


def says_that_is_all(text: str) -> bool:
    return bool(_THAT_IS_ALL.match(_PUNCT.sub("", text)))


def says_no_phone(text: str) -> bool:
    """俺没手机 anywhere; 没有 or 手机俺没有 as a clause of its own (手机俺没有 东头第三家就是俺家)."""
    return bool(_NO_PHONE.search(_PUNCT.sub("", text))) or any(
        _NO_PHONE.search(clause) for clause in _PUNCT.split(text.strip()) if clause)


_TIME_WORDS = re.compile(r"上午|下午|中午|晚上|早上|傍晚|白天|夜里|平时|平常|整天|周|星期|礼拜|今天|明天|后天|大后天|随时|都行|都可以|在家|有空|"
                         r"啥时候|什么时候|哪天|尽快|越快越好|月底|月初|月中|过年|年前|年后|[\d一二三四五六七八九十两]\s*[号点日]|"
                         # spoken and lunar ways of naming a time: 明儿后晌, 过两天, 不急, 腊月初八, 赶集那天
                         r"明儿|后儿|后晌|前晌|头午|晌午|早起|黑天|过[两几一]天|这[两几]天|下个?月|不急|不着急|都中|都管|"
                         r"腊月|正月|冬月|农历|阴历|初[一二三四五六七八九十]|廿|赶集")


# 不对，是后天 / 说错了，改成周五 / 时间改成周三上午 / 电话写错了，是…: the words that put a
# correction (and the field corrected) before the answer.
_CORRECTION = re.compile(r"^(?:(?:不对|不是|错了|说错了|弄错了|搞错了|写错了|改一下|改改)[，,。.！!\s]*)?"
                         r"(?:(?:时间|日子|电话|号码|手机号?)(?:写错了|说错了|弄错了|错了)?[，,\s]*)?"
                         r"(?:是|应该是|改成|改到|换成|改为)?[，,\s]*")


def without_correction(text: str) -> str:
    """The answer without the words of correction before it (不对，是后天上午 → 后天上午)."""
    return _CORRECTION.sub("", text) or text


_STORY_FIX = re.compile(r"^\s*(?:(?:不对|不是的|错了|说错了|弄错了|搞错了|俺说错了|我说错了)[，,。.！!\s]*)(?P<rest>.*)$")
_NOT_THIS_BUT = re.compile(r"^\s*不是(?P<old>[^，,。\s]{1,12})[，,。\s]*(?:而)?是(?P<new>.{2,})$")


def story_corrected(story: str, text: str) -> str | None:
    """The story told in a form with a correction said at its summary: 不是路口 是胡同 puts 胡同 where
    路口 was; 不对 俺说的是后院 is added to the story. None when the text corrects nothing."""
    fixed = _STORY_FIX.match(text)
    rest = (fixed.group("rest") if fixed else text).strip(" ，,。")
    if (swap := _NOT_THIS_BUT.match(rest)) and swap.group("old") in story:
        return story.replace(swap.group("old"), swap.group("new").strip(" ，,。"), 1)
    if fixed and len(rest) >= 4:
        return f"{story}（更正：{rest}）"
    return None


def looks_like_time(text: str) -> bool:
    """Words that name a time (明天上午, 周末都在家); a name or a number does not."""
    return bool(_TIME_WORDS.search(text))


_ASKING = re.compile(r"[?？吗么呢]$|啥|什么|咋|怎么|哪")


def said_time(text: str, limit: int) -> dict[str, str]:
    """{"when": text} when `text` tells a time and nothing else (这礼拜五上午都在家), not a question
    (啥时候能办好) nor a long sentence; else {}. For a form that asked something else first."""
    words = text.strip()
    if looks_like_time(words) and len(words) <= limit and not _ASKING.search(words):
        return {"when": words}
    return {}


def leave_form(ctx: Context) -> Reply | None:
    """Leave the form in progress (or paused), saying what was dropped; None when there is none.
    A form that interrupted another ends alone: the first is offered back."""
    from .dialog import PARKED

    form = ctx.dialog.state if ctx.dialog.in_form() else ctx.dialog.paused_form()
    if form is None:
        return None
    spec = spec_for(form.flow)
    what = f"{spec.label}的事" if spec else "刚才的事"
    if ctx.dialog.in_form() and ctx.dialog.slots.get(PARKED):
        ctx.dialog.finish()
        return did("flow.cancel", f"好的，{what}已经取消了，没有提交。\n{offer_line(ctx)}")
    ctx.dialog.drop_all()
    return did("flow.cancel", f"好的，{what}已经取消了，没有提交。需要帮忙时随时说，回复“菜单”看能办什么。")
