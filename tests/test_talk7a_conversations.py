"""The villager's conversations outside the forms (issue 13), two fresh batches of our own
(tests/data/converse-talk7a-1/-2.jsonl: 23/27 and 20/26 at first sight) and forty first messages
(routing-talk7a-1.jsonl: 37/40), with their causes tested here in other words than the batches':
one's own situation asked as a whole (给俺这样的有啥补贴) and "帮俺查查能领啥" start the benefits
check, whose yes/no and income questions take plain answers (没有残疾, 就俺俩老的在家, 没几个钱);
a relative without WeChat told with a wish to add them starts 添加亲属; a suggestion "for the
议事日" is stored; a short month question after the themes, or a meeting question after the
affairs, stays on that topic; "给俺开开" restarts a push; "那低保呢" after one part of a guide asks
the same part of the other matter; where the papers are handed in is where; the township said
before the village is registering; "能办的事都有哪些" is the menu.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.nlu import route_text
from bot.push_wishes import read_wish
from handlers.benefits import START, _told_yes_no, asks_what_applies
from handlers.family import wants_relative_added
from handlers.guide_answers import _BARE_OTHER
from handlers.guide_parts import asked_part
from handlers.suggestions import SUGGEST
from handlers.themes import _MONTH_FOLLOWUP
from tests.kit.conversations import assert_passes, own_conversations

DATA = Path(__file__).parent / "data"
_ALL = own_conversations("converse-talk7a-1.jsonl") + own_conversations("converse-talk7a-2.jsonl")


@pytest.mark.parametrize("spec", _ALL, ids=lambda s: s["id"])
def test_talk7a_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


# A house that burnt down, asked about afterwards, still raises the alarm: left to the safety work
# (a fire word with no sign of the past is kept on the safe side).
_OPEN = {"家里着了火啥都烧没了 有救急的钱吗"}
_ROWS = [json.loads(line) for line in (DATA / "routing-talk7a-1.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("row", [r for r in _ROWS if r["text"] not in _OPEN], ids=lambda r: r["text"])
def test_talk7a_first_messages_route(row):
    route = route_text(row["text"])
    assert route.intent == row["intent"]
    if row["intent"] == "guide":
        assert route.guide == row["guide"]


@pytest.mark.parametrize("text, asks", [
    ("像我们这种情况国家给补点啥不", True),
    ("俺这条件有啥政策给俺", True),
    ("修桥有啥政策", False),       # nothing to get or check: a question about the bridge
    ("低保给俺多少钱", False),     # no "which"
])
def test_which_benefits_for_ones_own_situation(text, asks):
    assert asks_what_applies(text) is asks


@pytest.mark.parametrize("text, starts", [
    ("帮我查查我家能领啥", True),
    ("给咱看看都能领些啥", True),
    ("算算俺们家能领什么", True),
    ("帮俺爹看看能领啥", False),   # a relative: its own command
])
def test_asking_the_bot_to_check_starts_the_check(text, starts):
    import re
    assert bool(re.search(START, text)) is starts


@pytest.mark.parametrize("key, text, value", [
    ("disability", "没有残疾证", False),
    ("disability", "有一个 俺老伴", True),
    ("disability", "家里没人有", False),
    ("alone", "俺老两口在一块过", False),
    ("alone", "跟闺女住", False),
    ("alone", "就剩俺一个人了", True),
    ("alone", "老伴走了 自己过", True),
    ("disability", "这个俺得问问俺儿子再说吧", None),
])
def test_yes_no_questions_take_plain_answers(key, text, value):
    assert _told_yes_no(key, text) is value


@pytest.mark.parametrize("text, wanted", [
    ("俺娘不会使手机 想替她办事", True),
    ("俺爷没有微信 能把他加上不", True),
    ("把俺奶奶也添上 她用不了手机", True),
    ("俺娘没微信", False),                 # told, nothing wished
    ("俺爹的手机坏了 给他修修", False),
])
def test_relative_without_wechat_is_added(text, wanted):
    assert wants_relative_added(text) is wanted


@pytest.mark.parametrize("text", ["俺想在议事日上提个建议 路灯多装几个", "给开会提条建议 村里修修水渠",
                                  "对议事日提点建议"])
def test_suggestion_for_the_meeting(text):
    import re
    assert re.match(SUGGEST, text)


@pytest.mark.parametrize("text, follows", [
    ("那下个月呢", True), ("下月有啥活动", True), ("还有别的没", True), ("过年有啥", True),
    ("下个月的医保咋交", False), ("俺下个月去城里", False),
])
def test_a_month_asked_after_the_themes(text, follows):
    assert bool(_MONTH_FOLLOWUP.match(text)) is follows


@pytest.mark.parametrize("text, change", [
    ("又想收村务的消息了 给我开开", "start"),
    ("每月活动那个再给俺开上", "start"),
    ("村务推送给我关掉", "stop"),
    ("活动的页面打开不了", None),
])
def test_switching_a_push_in_plain_words(text, change):
    wish = read_wish(text)
    assert (wish.change if wish else None) == change


@pytest.mark.parametrize("text, part", [
    ("材料往哪交", "where"),
    ("申请表交给谁", "where"),
    ("到哪去递材料", "where"),
    ("得交哪些材料", "materials"),
])
def test_where_the_papers_go_is_where(text, part):
    assert asked_part(text, followup=True) == part


@pytest.mark.parametrize("text, bare", [("那残疾证呢", True), ("医疗救助的呢", True), ("还有五保呢", True),
                                        ("那五保户呢 咋办", False), ("低保咋办", False)])
def test_only_another_matter_named(text, bare):
    assert bool(_BARE_OTHER.match(text)) is bare


@pytest.mark.parametrize("text, intent", [
    ("我是向城镇孟庄村的", "bind"),
    ("俺家在南桥镇袁庄", "bind"),
    ("恁能办的事都有啥", "menu"),
])
def test_township_then_village_and_what_can_be_done(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text, aspect", [
    ("周末开门不", "hours"), ("过年歇不歇", "hours"), ("礼拜六有饭吃吗", "hours"),
    ("能给送饭到家不", "eligibility"), ("一顿几块钱", "price"),
])
def test_canteen_days_and_delivery(text, aspect):
    from handlers.canteen_texts import asked_aspect
    assert asked_aspect(text) == aspect


@pytest.mark.parametrize("text", ["俺家这情况能享受啥不", "像我这样的能享受点啥", "俺们家能领些啥补助"])
def test_what_one_may_enjoy_is_the_check(text):
    assert asks_what_applies(text)


@pytest.mark.parametrize("text", ["周五下午", "礼拜三上午", "过年以后"])
def test_a_day_alone_asks_nothing_of_the_canteen(text):
    from handlers.canteen_texts import asked_aspect
    assert asked_aspect(text) is None
