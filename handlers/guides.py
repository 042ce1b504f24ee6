"""Service guides (明白纸) in chat: the first screen, the part asked, follow-ups, the list of matters.

Flow `guide`:
  step `followup` (slot `guide`): 1 材料, 2 步骤, 3 去哪办/电话, 4 请党员代办 (→ errands);
  step `pick` (slot `guides`): a number from the list of matters opens that guide.
A question for one part (要带啥, 电话多少, 要钱不, 够不够条件: handlers/guide_parts.py) is
answered for the guide it names, else for the guide that is the user's topic (bot/context.py:
the newest item they looked at is that guide), so a follow-up never jumps to another matter.
Text that is not a follow-up returns NOT_MINE, so the dispatcher routes it as usual.
"""
from __future__ import annotations

import re

from bot import context
from bot.choices import parse_number, strip_punctuation
from bot.dispatch import NOT_MINE, Context, Router
from bot.guides import GuideView, get_guide, list_guides
from bot.messages import Reply, did
from bot.nlu import named_guides, route_text
from bot.nlu.router import AMBIGUITY_RATIO

from .guide_answers import FLOW, answer_part, carried_part, open_guide, villager_township
from .guide_parts import asked_part, asks_amount, cost_tells_amount, own_case_asked, what_if, what_if_done, without_part_words, condition_held
from .guide_questions import (PROXY_WORDS, answering_part, asks_anew, asks_how_of_a_step, asks_proxy, is_question, paper_listed,
                              paper_of_materials)
from .guide_replies import materials_reply, matters_list, steps_reply, where_reply
from .matter_families import family_of
from .smalltalk import smalltalk_kinds

router = Router("guides")

# Words that ask for a follow-up of the open guide, most specific first.
_FOLLOWUP_WORDS = (
    ("4", ("代办", "帮我办", "帮办", "帮忙办", "替我办", "帮我跑", "找党员", "请党员")),
    ("1", ("材料", "带什么", "带啥", "要带", "拿什么", "拿啥", "准备什么", "准备啥", "证件")),
    ("2", ("步骤", "流程", "程序", "怎么办理", "咋办理", "怎么弄", "咋弄", "过程")),
    ("3", ("电话", "去哪", "在哪", "哪里办", "哪儿办", "地址", "地点", "窗口", "多少钱", "费用", "收费", "花钱")),
)
# Choice 3 answers place, phone and fees together; the action names the part asked.
_WHERE_PARTS = (("guide.phone", ("电话", "号码")), ("guide.cost", ("多少钱", "费用", "收费", "花钱")))
_MAX_FOLLOWUP_WORDS_LEN = 12  # longer text is a new question, not a follow-up
# Services that, routed with confidence, are another matter than the guide being discussed.
_OTHER_MATTERS = ("errand", "mediation", "volunteer", "need", "canteen", "theme", "affairs", "bind", "cancel")
_OTHER_MATTER_SCORE = 0.8


def followup_choice(text: str) -> tuple[str | None, bool]:
    """('1'..'4' or None, whether it was a bare number)."""
    number = parse_number(text)
    if number is not None:
        return (str(number), True) if 1 <= number <= 4 else (None, True)
    words = strip_punctuation(text)
    if not words or len(words) > _MAX_FOLLOWUP_WORDS_LEN:
        return None, False
    for choice, keywords in _FOLLOWUP_WORDS:
        if any(k in words for k in keywords):
            return choice, False
    return None, False


def where_action(text: str) -> str:
    """The part of choice 3 (place, phone, fees: one reply) that the words asked for."""
    for action, keywords in _WHERE_PARTS:
        if any(k in text for k in keywords):
            return action
    return "guide.where"



def _names_matter(text: str, guide_id: str) -> bool:
    """The text names this matter: outright, or its words without the part asked still point there."""
    if guide_id in named_guides(text):
        return True
    rest = without_part_words(text)
    if len(rest) < 2:
        return False
    routed = route_text(rest)  # "医保一年交多少钱" → "医保": one of the matters it may mean
    return routed.guide == guide_id or any(c.guide == guide_id for c in routed.candidates)


def topic_guide(ctx: Context) -> str | None:
    """The guide the user is talking about: their newest item, if it is a guide."""
    return context.topic_ref(ctx.session, ctx.user.openid, "guide", ctx.now)


def _another_matter(ctx: Context) -> bool:
    route = ctx.route
    return (route is not None and route.intent in _OTHER_MATTERS and not route.ambiguous
            and route.score >= _OTHER_MATTER_SCORE)


def _family_narrowed(ctx: Context, routed: str) -> bool:
    """The words name a family the routed matter belongs to, and the rest of them lead the router
    clearly away from the topic (医保报销 the topic, "明年的医保钱咋交": 医保 + 交 is enrolment;
    宅基地 the topic, "老房子破了想修修": 危房改造). A tie ("房子的事") is no lead."""
    route = ctx.route
    if route is None or route.ambiguous or route.guide != routed or routed not in (family_of(ctx.text) or ()):
        return False
    topic = topic_guide(ctx)
    topic_score = max((c.score for c in route.candidates if c.intent == "guide" and c.guide == topic), default=0.0)
    return topic_score < AMBIGUITY_RATIO * route.score


def _shared_with_topic(ctx: Context, named: frozenset) -> bool:
    """The words name another matter only through a word the topic shares: the router is torn
    between exactly that matter and the topic."""
    topic, route = topic_guide(ctx), ctx.route
    if not named or topic is None or topic in named or route is None or not route.ambiguous:
        return False
    torn = {c.guide for c in route.candidates if c.intent == "guide"}
    return topic in torn and torn <= set(named) | {topic}


def _another_reading(ctx: Context) -> bool:
    """The router is sure the words mean something else than this guide or an errand for it."""
    route = ctx.route
    return (route is not None and route.intent not in ("guide", "errand", "unknown", "menu") and not route.ambiguous
            and route.score >= _OTHER_MATTER_SCORE)


# A guide whose matter is a document: the document's name ("残疾证办理" → 残疾证, "社保卡办理" → 社保卡).
_DOCUMENT = re.compile(r"^(?P<name>.+[证卡])(?:办理|申请|办)?$")


def with_topic_named(text: str, guide: GuideView) -> str:
    """`text` with a bare 证/卡 read as the document of the guide being discussed ("办下证来以后有补贴吗"
    about 残疾证 → "办下残疾证来…"), so the router can tell a related matter (the subsidy the
    certificate brings) from the guide itself; unchanged when nothing points back."""
    found = _DOCUMENT.match(guide.title)
    if found is None:
        return text
    name = found.group("name")
    # Not the end of another document's name (残疾证, 身份证, 社保卡, 老年证): a bare one points back.
    return re.sub(rf"(?<![疾份保年驾]){name[-1]}(?![明件据书])", name, text, count=1)


def related_matter(ctx: Context, topic: str | None) -> GuideView | None:
    """Another matter the words ask about once what they point back to is named, or None."""
    guide = get_guide(ctx.session, topic) if topic else None
    if guide is None or (resolved := with_topic_named(ctx.text, guide)) == ctx.text:
        return None
    route = route_text(resolved)
    # Torn only between the topic put back in and one other matter: the other is the one asked.
    torn_with_topic = {c.guide for c in route.candidates if c.intent == "guide"} <= {route.guide, topic}
    if route.intent != "guide" or (route.ambiguous and not torn_with_topic) or route.score < _OTHER_MATTER_SCORE \
            or route.guide in (None, topic):
        return None
    return get_guide(ctx.session, route.guide)


# "明白纸都有哪些", "有啥明白纸 发俺看看", "办事指南": the list of the matters (a matter named is that guide).
_LIST_WORDS = ("明白纸", "办事指南", "指南")
_LIST_MAX_CHARS = 16


@router.reader()
def list_asked(ctx: Context):
    """明白纸都有哪些: the numbered list of the 18 matters."""
    if len(ctx.text) > _LIST_MAX_CHARS or not any(w in ctx.text for w in _LIST_WORDS) or named_guides(ctx.text):
        return NOT_MINE
    return show_matters(ctx)


@router.reader()
def part_asked(ctx: Context):
    """要带啥 / 电话多少 / 要钱不 / 够不够条件: that part, of the guide named or being discussed."""
    named = named_guides(ctx.text)
    if _shared_with_topic(ctx, named):
        named = frozenset()  # "还能补交不" after 养老保险: a word both matters use; the topic stays
    if not named and (other := related_matter(ctx, topic_guide(ctx))) is not None:
        part = asked_part(ctx.text)
        return answer_part(ctx, other, part) if part else open_guide(ctx, other)
    part = asked_part(ctx.text, followup=not named) or _asked_in_corrected(ctx, followup=not named)
    if part is None and not named and own_case_asked(ctx.text) and topic_guide(ctx) and not _another_matter(ctx):
        part = "who"  # "那俺爹要是没户口呢": the rules of the guide discussed, for that person
    if part is None:
        if named:
            return _paper_of_topic(ctx, named) or NOT_MINE
        if asks_amount(ctx.text) and (topic := topic_guide(ctx)) and not _another_matter(ctx):
            guide = get_guide(ctx.session, topic)  # "给多少钱" of the guide being talked about
            if guide is None:
                return NOT_MINE
            return answer_part(ctx, guide, "cost") if cost_tells_amount(guide.cost) else open_guide(ctx, guide)
        return question_about_topic(ctx)
    if len(named) > 1:
        return NOT_MINE  # two matters: the router asks which
    if named:
        route = ctx.route
        if _another_matter(ctx) and route.intent != "errand":
            return NOT_MINE  # "宅基地纠纷找谁": the dispute, not the guide
        if route is not None and route.intent == "errand" and route.score >= _OTHER_MATTER_SCORE:
            return NOT_MINE  # "帮我办低保要带啥": the errand flow asks for what it needs
        if route is not None and route.intent == "human" and part not in ("phone", "where") \
                and route.score >= _OTHER_MATTER_SCORE:
            return NOT_MINE  # "找个人，低保啥时候发": passed to a person ("低保电话多少" is the guide's phone)
        guide_id = next(iter(named))
        if route is not None and route.intent == "guide" and route.guide not in (None, guide_id) \
                and not route.ambiguous:
            guide_id = route.guide  # the whole message decides: "老伴走了 他交着养老保险 有钱领不" is 丧葬补助
    else:
        guide_id = topic_guide(ctx)
        if guide_id is None or (_another_matter(ctx) and not _trouble_that_may_count(ctx, part)):
            return NOT_MINE
        routed = getattr(ctx.route, "guide", None)
        if routed and routed != guide_id and _family_narrowed(ctx, routed):
            guide_id = routed  # 医保报销 the topic, "明年的医保在哪交": the part of enrolment
    guide = get_guide(ctx.session, guide_id)
    if guide is not None and part == "where" and paper_of_materials(guide, ctx.text):
        part = "materials"  # "死亡证明上哪开": where to get a paper the guide lists
    return answer_part(ctx, guide, part) if guide is not None else NOT_MINE


def _trouble_that_may_count(ctx: Context, part: str) -> bool:
    """俺家房子叫大水冲了 这算不算 (after 临时救助): a trouble told, then whether it counts for the
    matter discussed, is who qualifies; a trouble alone is a need to report."""
    return part == "who" and ctx.route is not None and ctx.route.intent == "need"


def _asked_in_corrected(ctx: Context, followup: bool) -> str | None:
    """The part asked once the router's corrections are made ("电化多少" → 电话多少), or None."""
    corrected = getattr(ctx.route, "normalized", None)
    if not corrected or corrected == ctx.text:
        return None
    return asked_part(corrected, followup=followup)


# A paper one brings (出生证, 户口本, 照片, 银行卡): asked of the guide being discussed, not a matter of its own.
_PAPER = re.compile(r"证|本|照片|相片|卡|证明|户口")
_PAPER_WORD = re.compile(r"[\u4e00-\u9fff]{0,3}?(?:证明|证|本|照片|相片|卡|户口)")


def _paper_of_topic(ctx: Context, named: set) -> Reply | None:
    """要出生证不 while 医保参保 is the topic: a paper that guide's materials list, not the matter
    (新生儿落户) the paper's name points to."""
    topic = topic_guide(ctx)
    if topic is None or not is_question(ctx.text) or not _PAPER.search(ctx.text):
        return None
    if topic in named:  # "出生证明是医院给的那个吧" while 新生儿落户 is read: a paper on its own list
        guide = get_guide(ctx.session, topic)
        if guide is None or asks_anew(ctx.text) or not paper_listed(guide, ctx.text):
            return None
        return answer_part(ctx, guide, "materials")
    if named_guides(_PAPER_WORD.sub("", ctx.text)):
        return None  # "证下来了能领护理费不": a matter named besides the paper is asked about
    route = ctx.route
    if route is not None and route.guide not in (None, topic) and route.score >= _SURE_OTHER and not route.ambiguous:
        return None  # "那孩子刚生的上户口呢": a situation that is another matter's own, not a paper
    guide = get_guide(ctx.session, topic)
    if guide is None or answering_part(guide, ctx.text) != "materials":
        return None
    return answer_part(ctx, guide, "materials")


# What a question about the guide may still be routed as, below the other-matter score.
_UNSURE_READINGS = ("unknown", "need", "guide", None)
_SURE_OTHER = 0.9  # another matter read this surely (a situation that is that matter's own) is no guess
NOT_IN_GUIDE = "明白纸上没写这一条，最好打电话问问，问清楚了再去，省得白跑。\n"


def question_about_topic(ctx: Context):
    """要体检吗 / 本人得去吗 while a guide is the topic: answered from that guide, not as a need."""
    guide_id = topic_guide(ctx)
    if guide_id is None or not is_question(ctx.text) or smalltalk_kinds(ctx.text):
        return NOT_MINE
    route = ctx.route
    intent = getattr(route, "intent", None)
    proxy = asks_proxy(ctx.text)  # "俺替他领中不": the villager acting for him, no errand asked
    if (intent not in _UNSURE_READINGS and not (proxy and intent == "errand")) \
            or (route is not None and route.score >= _OTHER_MATTER_SCORE
                and not (intent == "guide" and route.guide in (None, guide_id))):
        return NOT_MINE
    if intent == "guide" and route.guide not in (None, guide_id) and _family_narrowed(ctx, route.guide):
        return NOT_MINE  # the family word's other matter: the guide intent opens it
    if intent == "guide" and route.ambiguous and guide_id not in {c.guide for c in route.candidates} \
            and not (what_if(ctx.text) and not named_guides(ctx.text)):
        return NOT_MINE  # "那残疾人呢" after 低保: a word of other matters than the topic; the router asks which
    guide = get_guide(ctx.session, guide_id)
    if guide is None:
        return NOT_MINE
    part = answering_part(guide, ctx.text + (PROXY_WORDS if proxy else "")) \
        or ("who" if what_if(ctx.text) else None)  # 那要是眼睛看不见呢
    if part is not None:
        return answer_part(ctx, guide, part)
    reply = answer_part(ctx, guide, "phone")
    reply.text = NOT_IN_GUIDE + reply.text
    return reply


def show_matters(ctx: Context) -> Reply:
    guides = list_guides(ctx.session)
    if not guides:
        return did("menu.show", "办事指南还没准备好。请回复“人工”找工作人员。")
    ctx.dialog.start(FLOW, "pick", guides=[g.id for g in guides])
    return did("guide.list", matters_list(guides))


def _held_other(text: str, topic: str) -> bool:
    """Another matter told as held (交的养老保险) before "may I get it": a condition of `topic`'s rules."""
    held = condition_held(text)
    return held is not None and bool(named_guides(held) - {topic})


@router.intent("guide")
def guide_intent(ctx: Context):
    """How to get a matter done: the guide's first screen, or the list of matters."""
    routed = getattr(ctx.route, "guide", None)
    topic = topic_guide(ctx)
    sure = ctx.route is not None and ctx.route.score >= _SURE_OTHER and not ctx.route.ambiguous  # 那孩子刚生的上户口呢
    if topic and routed and routed != topic and not sure and routed not in named_guides(ctx.text) \
            and not _family_narrowed(ctx, routed):
        routed = topic  # a guess from words that name no matter: the guide being talked about stays
    if topic and routed != topic and (what_if_done(ctx.text) or _held_other(ctx.text, topic)) \
            and (guide := get_guide(ctx.session, topic)):
        return answer_part(ctx, guide, "who")  # "那要是已经报过医保了呢": a condition of the topic's rules
    guide = get_guide(ctx.session, routed)
    part = asked_part(ctx.text)
    if part and guide is not None and not _names_matter(ctx.text, guide.id):
        guide = None  # "要带啥材料" with no matter named: the router's guess is no answer; ask which
    if guide is None:
        return show_matters(ctx)
    if not part and topic == routed and asks_how_of_a_step(guide, ctx.text):
        part = "steps"  # 咋备案啊 while 医保报销 is read: a step of the guide on screen
    return answer_part(ctx, guide, part) if part else open_guide(ctx, guide)


@router.flow(FLOW, step="pick")
def pick_matter(ctx: Context):
    """A number from the list of matters opens that guide."""
    ids = ctx.dialog.slots.get("guides") or []
    number = parse_number(ctx.text)
    if number is None or not 1 <= number <= len(ids):
        return NOT_MINE
    guide = get_guide(ctx.session, ids[number - 1])
    return open_guide(ctx, guide) if guide is not None else NOT_MINE


@router.flow(FLOW, step="followup")
def guide_followup(ctx: Context):
    """1 materials, 2 steps, 3 where/phone, 4 ask a party member to handle it."""
    guide = get_guide(ctx.session, ctx.dialog.slots.get("guide"))
    if guide is None:
        ctx.dialog.finish()
        return NOT_MINE
    if _held_other(ctx.text, guide.id) and guide.id not in named_guides(ctx.text):
        return answer_part(ctx, guide, "who")  # 交的养老保险 他没了能领不: a condition of this guide's rules
    if (other := _same_part_of_another(ctx, guide.id)) is not None:
        return other
    choice, bare_number = followup_choice(ctx.text)
    if bare_number and context.pushed_since(ctx.session, ctx.user.openid, ctx.dialog.touched_at, ctx.now):
        return NOT_MINE  # "1" answers the push that came after this guide
    if choice is None or (not bare_number and choice != "4"):
        return NOT_MINE  # words for a part: `part_asked` answers them, for the guide they mean
    if not bare_number:
        routed = getattr(ctx.route, "guide", None)
        if routed and routed != guide.id:  # words about another matter: a new question
            return NOT_MINE
        if _another_reading(ctx):  # "我的代办办好了吗": one's own records, not "4 请党员代办"
            return NOT_MINE
    if choice == "4":
        return hand_over_to_errand(ctx, guide.id)
    context.remember(ctx.session, ctx.user.openid, "guide", guide.id)
    if choice == "1":
        return did("guide.materials", materials_reply(guide), guide.id)
    if choice == "2":
        return did("guide.steps", steps_reply(guide), guide.id)
    return did(where_action(ctx.text), where_reply(guide, villager_township(ctx)), guide.id)


def _same_part_of_another(ctx: Context, current: str) -> Reply | None:
    """"那低保呢" after 五保's conditions: the same part of the matter now named."""
    part = carried_part(ctx)
    route = ctx.route
    if part is None or route is None or route.intent != "guide" or route.ambiguous or route.guide in (None, current) \
            or route.guide not in named_guides(ctx.text):
        return None
    guide = get_guide(ctx.session, route.guide)
    return answer_part(ctx, guide, part) if guide is not None else None


def hand_over_to_errand(ctx: Context, guide_id: str):
    """Ask a party member of the villager's area to handle this matter (the errand flow)."""
    from handlers.errands import start_errand  # at call time: the errands module owns that flow

    return start_errand(ctx, guide_id)
