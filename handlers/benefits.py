"""The benefits check in chat (政策找人): "俺能领啥" → five questions → the guides that may apply,
each with its reason and next step → keep the answers for the area's staff only if the villager
says so.

Flow `benefits`, steps `ages`, `disability`, `alone`, `income`, `events`, `consent` (slot
`answers`, then `found`). Villagers without a village are asked for it first. The rules are data
(knowledge/benefits.yaml, bot/benefits/).

"帮俺娘看看能领啥" / "俺爹能领啥补贴" runs the same check for a confirmed relative (代亲属办, slot
`for_family`): the questions are about her household, and the kept answers are her village's and
area's, so the area's board names her.
"""
from __future__ import annotations

import re
from dataclasses import asdict

from bot import benefits, family
from bot.choices import parse_number
from bot.config import knowledge_path
from bot.dispatch import NOT_MINE, Context, Router
from bot.guides import GUIDE_IDS, matter_title
from bot.nlu import named_guides
from bot.messages import Reply, did
from bot.nlu.dates import to_int
from bot.models import FamilyMember
from bot.wechat.replies import split_text

from .account import ask_village_then, continuation
from .answers import command_words, parse_yes_no

router = Router("benefits")
FLOW = "benefits"

# "帮俺查查俺家能领啥", "给我看看能领点啥": asking the bot to check is the same question.
START = command_words(r"^\s*(?:(?:帮|给|替)(?:俺|我|咱)(?:们)?)?(?:查查|看看|查一下|看一下|问问|瞅瞅|算算)?"
                      r"(?:俺|我|咱|俺家|我家|咱家)?(?:们)?(?:家)?(?:都)?(?:能|可以|可)领(?:点)?(?:啥|什么|哪些|些啥)(?:补贴|钱|政策)?"
                      r"(?:呀|啊|呢|吗)?\s*[？?]?\s*$|^\s*(?:政策找人|查查?能领啥|有啥补贴(?:俺|我)?能领|能领哪些补贴)\s*[？?]?\s*$")
_WHO = "|".join(re.escape(w) for w in family.RELATION_WORDS)
FOR_RELATIVE = command_words(r"^\s*(?:我|俺)?(?:想|要)?(?:帮|替|给)?(?:俺|我|咱)?(?:家)?(?:的)?(?P<who>" + _WHO
                             + r"|[\u4e00-\u9fff]{2,4}?)(?:的)?(?:看看|查查|查一下|看一下|问问)?(?:能|可以|可)领(?:点)?"
                             r"(?:啥|什么|哪些|些啥)(?:补贴|钱|政策)?(?:呀|啊|呢|吗)?\s*[？?]?\s*$")
_AGE = re.compile(r"\d{1,3}")
# Ages said in words ("俺八十二了", "七十八 五十"): a numeral with 十 or 百 in it, or any numeral
# before 岁 ("三岁"); "一个人过", "两个孩子" hold no age.
_SPOKEN_AGE = re.compile(r"一百[零〇一二三四五六七八九十]{0,2}|[一二三四五六七八九]?十[一二三四五六七八九]?"
                         r"|[一二两三四五六七八九](?=周?岁)")
QUESTIONS = {"ages": benefits.texts.ASK_AGES, "disability": benefits.texts.ASK_DISABILITY,
             "alone": benefits.texts.ASK_ALONE, "income": benefits.texts.ASK_INCOME,
             "events": benefits.texts.ASK_EVENTS}


def _rules() -> list[benefits.Rule]:
    return benefits.read_rules(knowledge_path(benefits.RULES_FILE), set(GUIDE_IDS))


# The answer each question's step stores.
_ANSWER_OF = {"ages": "ages", "disability": "disability", "alone": "alone", "income": "low_income", "events": "events"}


def _ask(ctx: Context, step: str, **slots) -> Reply:
    """Ask `step`'s question, or the first one after it not already answered (told in other words)."""
    answers, order = slots.get("answers") or {}, list(QUESTIONS)
    step = next((s for s in order[order.index(step):] if _ANSWER_OF[s] not in answers), "events")
    if ctx.dialog.in_flow(FLOW):
        ctx.dialog.advance(step, **slots)
    else:
        ctx.dialog.start(FLOW, step, **slots)
    return did("benefits.ask", QUESTIONS[step])


# "俺家都能享受啥补贴 帮俺查查", "国家有啥补助俺能拿不", "查查哪些政策俺够得上": which benefits may
# apply to one's own household, asked in other words than START. Read as a bag of three signs (a
# benefit word, a "which", getting or checking), not one word order; a matter named is its own question.
_BENEFIT = re.compile(r"补贴|补助|政策|待遇|救助|优惠|福利|好处|补(?:点|些)?(?:啥|什么)|享受|能领(?:点|些)?(?:啥|什么|哪些)")
_WHICH = re.compile(r"啥|什么|哪些|哪样|哪几|有没有|几样")
_GETTING = re.compile(r"领|享受|享|拿|申请|沾|够得上|够得着|够格|符合|有份|够上|能得|查|看看|问问|给(?:俺|我|咱|补|发)|"
                      r"(?:国家|政府|上面|公家)(?:给|有)")
# "…日子紧巴 政府有啥能帮俺的", "国家能帮衬俺点啥不": what help there is for one, asked after one's story
# (which tells the situation, so no length limit).
_HELP_FOR_ME = re.compile(r"(?:政府|国家|上面|公家|村里|镇上|县里|你们|恁们?)(?:有|能)?(?:啥|什么|哪些)?(?:能|可以)?"
                          r"(?:帮|帮衬|照顾|扶持|救济|补贴|补助)(?:俺|我|咱)(?:们)?(?:家)?(?:点|些)?(?:啥|什么)?(?:的)?"
                          r"(?:不|吗|么|没|没有|呢|啊)?[？?。！!]?$")
# "国家给俺这样的有啥补贴", "俺这种情况有啥政策": one's own situation as a whole, so a matter the router
# only guessed from it (an age) gives way to the check; a matter named outright still wins.
_SELF_KIND = re.compile(r"(?:俺|我|咱)(?:们)?(?:家)?(?:这样|这种|这号|这类|这情况|这条件|这个情况|这个条件)")
# "帮俺娘看看", "俺爹能领啥": a relative's check (FOR_RELATIVE); "像俺这样的老婆子" speaks of oneself.
_RELATIVE = re.compile(r"(帮|替|给|俺|我|咱)(家|的)?(" + "|".join(re.escape(w) for w in family.RELATION_WORDS) + ")")
_MAX_CHARS = 30


def asks_what_applies(text: str) -> bool:
    if _HELP_FOR_ME.search(text.strip()) and not _RELATIVE.search(text):
        return True
    return (len(text) <= _MAX_CHARS and bool(_BENEFIT.search(text) and _WHICH.search(text) and _GETTING.search(text))
            and not _RELATIVE.search(text))


@router.reader()
def what_applies(ctx: Context):
    """俺家都能享受啥补贴: the benefits check, when the question names no matter and no relative."""
    if not asks_what_applies(ctx.text) or named_guides(ctx.text):
        return NOT_MINE
    # One's own age told with the question (俺一个老头子七十了 地都租出去了 有啥补贴能领) is one's situation
    # as a whole, like 俺这样的: a matter only guessed from the story gives way to the check.
    own = _SELF_KIND.search(ctx.text) or _HELP_FOR_ME.search(ctx.text) or "ages" in told_at_start(ctx.text)
    guessed = getattr(ctx.route, "guide", None) and not own
    if getattr(ctx.route, "intent", None) not in ("guide", "unknown", "menu", None) or guessed:
        return NOT_MINE  # "修路有啥政策": another request; "高龄补贴有啥政策": that matter
    return start(ctx)


@router.command(START)
def start(ctx: Context):
    """俺能领啥: the first question (the village first, when unknown)."""
    if ctx.user.village is None:
        return did("bind.ask", ask_village_then(ctx, after_village, "补贴是按户籍地办的。"))
    told = told_at_start(ctx.text)  # "俺六十三了 老伴没了 一个人过 日子紧巴 …": not asked again
    return _ask(ctx, "ages", answers=told)


# "俺六十三了", "八十五岁": one's own age in the question itself; "日子紧巴", "揭不开锅": a low income.
# "俺一个老头子七十了", "我这个老婆子八十多了": oneself named by what one is, then the age.
_OWN_AGE = re.compile(r"^\s*(?:俺|我|咱)?(?:一个|这个|个)?(?:老头子?|老头儿|老婆子|老太太|老汉|孤老头)?(?:今年|都|已经)?\s*"
                      r"(\d{2,3})\s*(?:多)?\s*(?:岁|周岁)?\s*了|(\d{2,3})\s*(?:岁|周岁)")
_POOR = re.compile(r"紧巴|困难|穷|没(?:啥)?收入|揭不开锅|不够花|难过|吃紧|过不下去")


def told_at_start(text: str) -> dict:
    """What the question that starts the check already tells: one's age, living alone, a low income."""
    told: dict = {}
    if age := _OWN_AGE.search(_ages_in_digits(text)):
        told["ages"] = [int(age.group(1) or age.group(2))]
    if _ALONE_YES.search(text) or _ALONE_NO.search(text):
        told["alone"] = bool(_ALONE_YES.search(text)) and not _ALONE_NO.search(text)
    if _POOR.search(text):
        told["low_income"] = True
    return told


@router.command(FOR_RELATIVE)
def start_for_relative(ctx: Context):
    """帮俺娘看看能领啥: the check for a confirmed relative's household."""
    word = ctx.match.group("who")
    found = family.find_members(ctx.session, ctx.user, word) if ctx.user.village is not None else []
    if not found:
        if word not in family.RELATIONS:
            return NOT_MINE  # "俺们家能领啥": not a relative's name
        return did("family.ask", f"您还没添加{family.RELATIONS[word]}。替家人办事要先添加：回复“添加亲属”，"
                   "片区工作人员确认后就能替家人查。")
    if len(found) > 1:
        return did("family.ask", "您添加的有几位：" + "、".join(m.label for m in found)
                   + f"。请说名字，比如“帮{found[0].name}看看能领啥”。")
    member = found[0]
    if member.state != "confirmed":
        return did("family.ask", f"{member.label}还在等片区工作人员确认，确认后就能替{member.name}查。"
                   "工作人员给了亲属码的话，回复“亲属码 XXXXXX”。")
    ctx.dialog.start(FLOW, "ages", answers={}, for_family=member.id)
    return did("benefits.ask", benefits.texts.for_relative(member.label, member.name))


@continuation("benefits")
def after_village(ctx: Context, slots: dict):
    return _ask(ctx, "ages", answers={})


def _answers(ctx: Context) -> dict:
    return dict(ctx.dialog.slots.get("answers") or {})


def _ages_in_digits(text: str) -> str:
    """"俺八十二了 老伴七十九" → "俺82了 老伴79": spoken ages as digits, the rest unchanged."""
    def digits(match: re.Match) -> str:
        value = to_int(match.group(0))
        return match.group(0) if value is None else f" {value} "
    return _SPOKEN_AGE.sub(digits, text)


@router.flow(FLOW, step="ages")
def ages_step(ctx: Context):
    ages = [int(a) for a in _AGE.findall(_ages_in_digits(ctx.text)) if 0 <= int(a) <= 120]
    if not ages:
        if len(ctx.text) > 12 or named_guides(ctx.text):
            return NOT_MINE  # 那低保俺能办不: a matter's own question, answered there
        return did("benefits.ask", "请说岁数就行，比如“82 78 50”。")
    return _ask(ctx, "disability", answers={**_answers(ctx), "ages": ages[:12]})


_HAVE = re.compile(r"^(?:有|有的|有一个|有个|是|是的|对)[。！!]?$")
_HAVE_NOT = re.compile(r"^(?:没有|没|无|没得|没有的|不是|都没有)[。！!]?$")


# "没有残疾", "没人有证", "有一个 俺老伴": a short answer that starts with its yes or no.
_STARTS_NO = re.compile(r"^(?:都|俺家|我家|家里)?(?:没有|没|无|不是|没人)")
_STARTS_YES = re.compile(r"^(?:俺家|我家|家里)?(?:有(?!没有)|是的|是)")
_SHORT_ANSWER = 10
# Living alone told in words: "就俺一个人", "老伴走了自己过" (yes); "俺俩老的在家", "跟儿子住" (no).
_ALONE_YES = re.compile(r"一个人|自己(?:住|过)|独居|单过|孤老|一人住|光棍")
_ALONE_NO = re.compile(r"俩|两个|老两口|两口子|一块(?:住|过)|一起(?:住|过)|(?:跟|和|同)[^，,。 ]{1,4}(?:住|过)|有人(?:陪|照顾)")


# "家里种着六亩地 没有残疾的", "都好好的 没人残疾": the disability told in a clause of a longer answer.
_DISABLED_NO = re.compile(r"没(?:有)?(?:人|谁)?(?:有)?(?:办过?|拿过?)?残(?:疾|废)|都(?:健全|好好的|挺好|没病没灾)|没(?:有)?(?:残疾)?证")
_DISABLED_YES = re.compile(r"残疾证|(?:是|有个|有一个|落下)(?:个)?残(?:疾|废)|(?:聋|哑|瞎|瘫|截肢|傻)(?:了|子)?")


def _told_yes_no(key: str, text: str) -> bool | None:
    if key == "alone" and (_ALONE_YES.search(text) or _ALONE_NO.search(text)):
        return bool(_ALONE_YES.search(text)) and not _ALONE_NO.search(text)
    if key == "disability" and (_DISABLED_NO.search(text) or _DISABLED_YES.search(text)):
        return not _DISABLED_NO.search(text)
    if len(text) > _SHORT_ANSWER:
        return None
    return False if _STARTS_NO.match(text) else True if _STARTS_YES.match(text) else None


def _yes_no_step(ctx: Context, key: str, following: str):
    answer, number, text = parse_yes_no(ctx.text), parse_number(ctx.text), ctx.text.strip()
    value = True if answer is True or number == 1 or _HAVE.match(text) else \
        False if answer is False or number == 2 or _HAVE_NOT.match(text) else _told_yes_no(key, text)
    if value is None:
        return NOT_MINE if len(ctx.text) > 8 or named_guides(ctx.text) else did("benefits.ask", "请回复 1（有）或 2（没有）。")
    return _ask(ctx, following, answers={**_answers(ctx), key: value})


@router.flow(FLOW, step="disability")
def disability_step(ctx: Context):
    return _yes_no_step(ctx, "disability", "alone")


@router.flow(FLOW, step="alone")
def alone_step(ctx: Context):
    return _yes_no_step(ctx, "alone", "income")


# "不高 一年没几个钱", "紧巴巴的", "过得去": the income told in plain words.
_LOW_INCOME = re.compile(r"不够|低|少|不高|没几个|没多少|穷|困难|紧巴|不宽裕|挣不着|挣不了|没(?:啥)?收入|不多|难")
_NOT_LOW = re.compile(r"不低|不少|过得去|还可以|还中|凑合|不缺|不困难|不难|不穷|挺高|还高")


@router.flow(FLOW, step="income")
def income_step(ctx: Context):
    number = parse_number(ctx.text)
    if number not in (1, 2, 3):
        text = ctx.text
        if re.search(r"不清|不知道|不懂|说不准", text):
            number = 3
        elif _LOW_INCOME.search(text) and not _NOT_LOW.search(text):
            number = 1
        elif _NOT_LOW.search(text) or re.search(r"够|还行", text):
            number = 2
    if number is None:
        return NOT_MINE if len(ctx.text) > 8 or named_guides(ctx.text) else did("benefits.ask", "请回复 1（低）、2（不低）或 3（说不清）。")
    return _ask(ctx, "events", answers={**_answers(ctx), "low_income": number == 1})


@router.flow(FLOW, step="events")
def events_step(ctx: Context):
    picked = {int(d) for d in re.findall(r"[1-4]", ctx.text)}
    picked |= {1} if "地" in ctx.text else set()
    picked |= {2} if re.search(r"去世|走了|过世|没了", ctx.text) else set()
    picked |= {3} if re.search(r"孩子|生了|添了", ctx.text) else set()
    if not picked and not re.search(r"没有|都没|没", ctx.text):
        return NOT_MINE if len(ctx.text) > 10 else did("benefits.ask", "请回复数字，比如“1 3”；都没有回复 4。")
    values = {"farmland": 1 in picked, "death": 2 in picked, "birth": 3 in picked}
    answers = benefits.Answers(**{**_answers(ctx), **values})
    found = benefits.matches(_rules(), answers)
    titles = {r.guide: matter_title(ctx.session, r.guide) or r.guide for r in found}
    text = benefits.texts.result(found, titles)
    if found:
        ctx.dialog.advance("consent", answers=asdict(answers), found=[r.guide for r in found])
        text += "\n\n" + benefits.texts.ASK_CONSENT
    else:
        ctx.dialog.finish()
    parts = split_text(text)
    return did("benefits.show", Reply(parts[0], parts[1:]))


@router.flow(FLOW, step="consent")
def consent_step(ctx: Context):
    answer, number = parse_yes_no(ctx.text), parse_number(ctx.text)
    keep = True if answer is True or number == 1 or "留" in ctx.text and "不留" not in ctx.text else \
        False if answer is False or number == 2 or "不留" in ctx.text else None
    if keep is None:
        return NOT_MINE
    slots = ctx.dialog.slots
    ctx.dialog.finish()
    if not keep:
        return Reply(benefits.texts.NOT_KEPT)
    found = list({r.guide: r for r in _rules() if r.guide in set(slots.get("found") or [])}.values())
    relative = ctx.session.get(FamilyMember, slots["for_family"]) if slots.get("for_family") else None
    if relative is not None and (relative.owner_id != ctx.user.id or relative.state != "confirmed"):
        return Reply(benefits.texts.NOT_KEPT)
    benefits.keep_check(ctx.session, ctx.user, benefits.Answers(**slots["answers"]), found, ctx.now,
                        for_family=relative)
    return Reply(benefits.texts.kept_for(relative.label) if relative is not None else benefits.texts.KEPT)
