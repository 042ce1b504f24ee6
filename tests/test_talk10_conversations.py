"""The villager's side outside and inside the forms (issue 13, helper talk10, session 19): fresh
batches of our own, each measured at first sight before its causes were fixed
(tests/data/converse-talk10-1/-2/-3/-4/-5.jsonl: 24/24, 17/24, 17/24, 23/24, 22/23; two of
batch 2's misses were expectations outside the contract: an errand cancelled has no action id,
and the errand keeps the villager's own time words; batch 4's and 5's single misses were scripts
that assumed another question order, fixed in the script, though batch 4's showed the moving words
echoed as the day) and first messages (routing-heldout-talk10-1/-2.jsonl: 79/80, 37/40).

The causes, each tested here in other words than the batches':
- how many trips it takes (得跑几趟) asks the steps;
- a question clause followed by its reason (非得本人去吗 俺儿瘫床上了) is still a question about
  the guide being discussed;
- "X的也说说" / "X也是那吗" asks the same part of another matter, like "那X呢";
- whether a paper is needed (要照片不), a named fee (工本费), the age one may at (多大能办);
- going to bed (睡了 晚安) is a goodbye; who runs the account (你们是政府的吗) is "who";
- how to take part (咋参加, 在哪搞) right after the themes is about the themes;
- 俺村 / 咱庄 + money + 咋花 is the village's accounts; 上回 + a meeting + 定了啥 is affairs;
- a sign-up taken back as 报不了了; a village typed in pinyin letters longer than 14;
- thanks, a goodbye or "你是谁" while the village is asked is small talk, not a name not found;
- a day said with the words that move it (把调解挪到下周一下午) is kept as the day alone.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from handlers.account import _LIVES_IN, _said_length
from handlers.answer_words import says_cant
from handlers.guide_answers import _BARE_OTHER
from handlers.guide_parts import asked_part
from handlers.guide_questions import is_question
from handlers.mediation_form import _MOVE_LEAD
from handlers.smalltalk import smalltalk_kinds
from handlers.themes import _JOIN_DETAIL
from tests.kit.conversations import assert_passes, own_conversations

_BATCHES = [spec for n in (1, 2, 3, 4, 5) for spec in own_conversations(f"converse-talk10-{n}.jsonl")]


@pytest.mark.parametrize("spec", _BATCHES, ids=lambda s: s["id"])
def test_talk10_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, part", [
    ("办这个要来回跑几次", "steps"),
    ("去几趟能弄完", "steps"),
    ("得带户口本复印件不", "materials"),
    ("用不用交照片", "materials"),
    ("要开证明吗", "materials"),
    ("办证费多少", "cost"),
    ("押金要多少", "cost"),
    ("孩子多大能上", "who"),
    ("多大岁数才给办", "who"),
])
def test_part_asked_in_other_words(text, part):
    assert asked_part(text, True) == part


@pytest.mark.parametrize("text", ["死亡证明上哪开", "俺家老人瘫了", "前几天去了一趟"])
def test_no_part_where_none_is_asked(text):
    assert asked_part(text, True) in (None, "where")


@pytest.mark.parametrize("text, asks", [
    ("用不用本人到场 他住院呢", True),
    ("必须本人来吗 俺娘九十了", True),
    ("俺家老人瘫了", False),
    ("俺儿在外地 回不来", False),
])
def test_a_question_clause_before_its_reason(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize("text, carried", [
    ("特困的也给讲讲", True),
    ("医保报销也说一下", True),
    ("残疾证也在那儿办吗", True),
    ("那宅基地也是这里吗", True),
    ("俺也想说说低保的事 俺家困难", False),
])
def test_the_same_part_of_another_matter(text, carried):
    assert bool(_BARE_OTHER.match(text)) is carried


@pytest.mark.parametrize("text, kind", [
    ("俺要睡了 晚安", "bye"),
    ("歇着去了", "bye"),
    ("你们是县里的吗", "who"),
    ("是正规的不", "who"),
])
def test_small_talk_in_other_words(text, kind):
    assert smalltalk_kinds(text) == {kind}


@pytest.mark.parametrize("text", ["村里的路坏了", "俺睡不着 腿疼", "政府给的钱咋还没到"])
def test_not_small_talk(text):
    assert smalltalk_kinds(text) == set()


@pytest.mark.parametrize("text, asks", [
    ("怎么报名", True), ("在哪儿举行", True), ("外村的能参加不", True), ("几号开始", True),
    ("俺家的麦子黄了", False),
])
def test_taking_part_after_the_themes(text, asks):
    assert bool(_JOIN_DETAIL.search(text)) is asks


@pytest.mark.parametrize("text, intent", [
    ("咱们庄修路那笔钱咋用的", "affairs"),
    ("庄里卖树的钱都花哪去了", "affairs"),
    ("上次村民大会定了啥", "affairs"),
    ("上次发布会说了啥", "affairs"),
    ("俺上次反映的事定了没", "status"),
])
def test_village_money_and_meetings_routed(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text", ["那个活俺报不了了", "俺顶不上了", "这回俺报不成了"])
def test_a_sign_up_taken_back(text):
    assert says_cant(text)


@pytest.mark.parametrize("text, day", [
    ("改到礼拜五头午", "礼拜五头午"),
    ("那就往后挪到大后天", "大后天"),
    ("把时间换成下周二", "下周二"),
    ("下周二上午", "下周二上午"),
])
def test_the_day_without_the_words_that_move_it(text, day):
    assert _MOVE_LEAD.sub("", text) == day


def test_pinyin_letters_count_by_syllables():
    assert _said_length("dongchenzhuang") == 5
    assert _said_length("俺是beiguanzhuang的") <= 14
    assert _LIVES_IN.match("beiguanzhuang") and _LIVES_IN.match("俺是beiguanzhuang的")


# The causes in conversations of other words than the batches'.
_OWN = [
    {"id": "cause-trips-then-other-also", "steps": [
        {"as": "villager", "say": "社保卡咋补办", "action": ["guide.show", "guide.steps"], "guide": "social-security-card"},
        {"as": "villager", "say": "要来回跑几次", "action": "guide.steps", "guide": "social-security-card"},
        {"as": "villager", "say": "要照片吗", "action": "guide.materials", "guide": "social-security-card"},
        {"as": "villager", "say": "身份证的也给讲讲", "action": "guide.materials", "guide": "id-card"}]},
    {"id": "cause-bed-and-pinyin", "steps": [
        {"as": "newcomer", "say": "beiguanzhuang", "action": ["bind.village", "clarify.ask"], "reply_has": ["北官庄"]},
        {"as": "newcomer", "say": "俺要睡了 晚安", "action": "smalltalk.ack"}]},
    {"id": "cause-themes-join", "steps": [
        {"as": "villager", "say": "本月党代表搞啥活动", "action": "theme.show"},
        {"as": "villager", "say": "怎么报名", "action": "theme.show"}]},
    {"id": "cause-thanks-while-village-asked", "steps": [
        {"as": "newcomer", "say": "俺是王家沟的", "action": ["bind.ask", "clarify.ask"]},
        {"as": "newcomer", "say": "多谢了", "action": "smalltalk.ack"},
        {"as": "newcomer", "say": "你们是镇上的吗", "action": "smalltalk.ack"}]},
]


@pytest.mark.parametrize("spec", _OWN, ids=lambda s: s["id"])
def test_causes_in_other_words(worlds, spec):
    assert_passes(worlds, spec)
