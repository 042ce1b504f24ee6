"""Paraphrase robustness (helper talk13): the villager's side of the colleague sets that pass (blind sets
30, 31, 34, 26 and 25), each conversation said again in another villager's words
(tests/data/converse-para13a-N.jsonl, ids p13a-N-<set id>), measured at first sight before their causes
were fixed. The causes, each tested here in other words again.

Batch 1 (set 30 re-worded; 21/21 at first sight).

Batch 2 (set 31 re-worded; 19/21 at first sight):
- the helper named, then 给 / 替 whom (麻烦党员给俺办下丧葬补助, 网格员替俺家交下医保) asks for an errand;
  what they did (党员给俺爹办的低保批了没) stays one's own records;
- 行 就后天 / 中 那就周三吧 with the free times of that day listed settles on them (books the time
  nearest the one asked), as 就这么定 does; another day re-lists;
- a rating as how it was done (办得好, 弄得挺快, 修的真中) or as trouble caused (给恁添麻烦了).

Batch 3 (set 34 re-worded; 21/25 at first sight):
- 托党员把…补了 / 换了: entrusting with the verbs of a card (补, 换) asks for an errand, and what one
  entrusted (托人补的身份证咋样了, 网格员给俺换的身份证下来没) is one's records;
- whether one still has bookings, said without 啥 (俺还有约着的调解没, 我有报上的活动不);
- a question about a matter whose name holds a dispute kind's word (先打听个事 耕地补贴啥时候发) while
  the kind is asked leaves the booking aside, as 插一句 身份证咋补 does; a kind named alone stays one;
- 俺娘的找不着了: a person with 的 and nothing after it owns the thing that is lost (no missing-person
  alarm); 俺娘找不着了 still is one.

Batch 4 (set 26 re-worded; 24/24 at first sight, after batches 1-3's fixes).

Batch 5 (set 25 re-worded; 21/25 at first sight):
- a trouble told, then whether it counts (俺家房子叫大水冲了 这算不算, after 临时救助) is who qualifies
  for the matter discussed, no need to report;
- a village name with a place word grown on (石门坎, 东关口, 孟庄洼) is another, unknown place: asked,
  never bound to 石门 / 东关; 北山头 (a known longer name) and 石门村 still bind;
- helping at a place (想给食堂帮帮忙, 愿意去敬老院打下手) or offering to go when it lacks hands (食堂缺人
  帮忙不 俺能去) is volunteering; 想给食堂打个电话 is not;
- the repairer on the way (供电所的人在路上了, 师傅往这赶呢) is a representative's progress.

Batch 6 (the issue's themes on sets 30/31/34/26/25 re-worded; 17/21 at first sight; one miss was the
script's: 帮俺爷办… names a relative, and acting for a relative first adds them, as designed):
- 甭 / 莫 before the booking's verb (调解甭约了) stops the form like 别约了;
- 多久 / 几天 / 问下 mark a question (先问下 宅基地审批要多久) while the kind is asked;
- a matter as 那事 / 的事 and whether it is done (医保那事办了没, 残疾证那个事弄好了吗) is one's records,
  not the guide (村里修路那事 is the village's);
- 有 is grammar to the router, no typo of a word: 俺现在有约着的没 was read as 违约 (有 also reads wei);
  the danger words keep reading through it (活着有啥劲).

Batch 7 (corrections, status, ratings in words, pushes and small talk on sets 30/31/34/26/25
re-worded; 20/20 at first sight, after batches 1-6's fixes).

Batch 8 (voice, a daughter for her father, small talk; 14/15 at first sight):
- one's own records as what one did here (俺在恁这办的事都给俺列列, 我在你们这儿申请过的事).
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from bot.safety.detect import detect
from handlers.ratings import rating_in
from handlers.staff_done import work_underway
from tests.kit.conversations import assert_passes, own_conversations

KNOWN_OPEN: set[str] = set()
_BATCHES = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason="left open, see the docstring")]
                         if spec["id"] in KNOWN_OPEN else [])
            for n in range(1, 9) for spec in own_conversations(f"converse-para13a-{n}.jsonl")]


@pytest.mark.parametrize("spec", _BATCHES)
def test_paraphrased_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, intent", [
    ("网格员替俺家交下医保", "errand"),
    ("党员同志给俺娘办个高龄补贴", "errand"),
    ("麻烦党员给俺把残疾证换了", "errand"),
    ("党员给俺爹办的低保批了没", "status"),
    ("网格员给俺交的医保办好了没", "status"),
])
def test_the_helper_then_for_whom(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text, rated", [("弄得挺快", True), ("修的真中", True), ("麻烦恁们了", True),
                                         ("办得咋样", None), ("麻烦恁个事", None), ("办的不好", False)])
def test_how_it_was_done_is_a_rating(text, rated):
    assert rating_in(text) is rated


@pytest.mark.parametrize("text, intent", [
    ("托网格员给俺娘把身份证换了", "errand"),
    ("拜托党员把残疾证补一下", "errand"),
    ("托党员补的社保卡到了没", "status"),
    ("网格员给俺换的身份证下来没", "status"),
    ("我有报上的活动不", "status"),
    ("俺还有约下的调解吗", "status"),
    ("俺想约调解", "mediation"),
])
def test_entrusting_a_card_and_ones_own_bookings(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text, kind", [("社保卡丢了 俺爹的找不到了", None), ("俺娘的身份证找不着了", None),
                                        ("俺娘找不着了", "missing"), ("俺家孩子找不着了", "missing"),
                                        ("俺娘的手机打不通 人也找不着了", "missing")])
def test_a_persons_thing_left_unsaid(text, kind):
    found = detect(text)
    assert (found.kind.id if found else None) == kind


@pytest.mark.parametrize("text, intent", [
    ("俺愿意去敬老院打下手", "volunteer"),
    ("食堂要人不 俺可以来", "volunteer"),
    ("想给食堂打个电话", "canteen"),
    ("残疾证那个事弄好了吗", "status"),
    ("低保的事办了没", "status"),
    ("低保那事咋办", "guide"),
    ("我现在有约着的没", "status"),
    ("他违约了 不给钱", "mediation"),
    ("我在你们这儿申请过的事", "status"),
    ("我在这报的事有哪些", "status"),
    ("俺办的低保 要带啥", "guide"),
])
def test_round_two_first_messages(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text, underway", [("师傅往这赶呢", True), ("电工已经在路上了", True),
                                            ("电线掉在路上了", False)])
def test_the_repairer_on_the_way(text, underway):
    assert work_underway(text) is underway


_OWN = [
    {"id": "t13-settle-on-the-day", "steps": [
        {"as": "villager", "say": "跟后邻为了院墙吵起来了 想约调解 周三下午", "action": ["mediation.ask", "clarify.ask"]},
        {"as": "villager", "say": "中 那就周三吧", "action": "mediation.book"}]},
    {"id": "t13-settle-on-the-day-2", "steps": [
        {"as": "villager", "say": "俺跟俺兄弟为了分家的事闹翻了 想找调解员 明天上午", "action": ["mediation.ask", "clarify.ask"]},
        {"as": "villager", "say": "就明天上午吧", "action": "mediation.book"}]},
    {"id": "t13-another-day-relists", "steps": [
        {"as": "villager", "say": "跟后邻为了院墙吵起来了 想约调解 周三下午", "action": ["mediation.ask", "clarify.ask"]},
        {"as": "villager", "say": "行 还是周四吧", "action": "mediation.ask"}]},
    {"id": "t13-question-with-a-kind-word", "steps": [
        {"as": "villager", "say": "俺想约个调解", "action": "mediation.ask"},
        {"as": "villager", "say": "先问问 宅基地咋申请", "action": ["guide.show", "guide.steps"], "guide": "homestead"},
        {"as": "villager", "say": "接着约调解", "action": ["flow.resume", "mediation.ask"]}]},
    {"id": "t13-question-with-a-kind-word-2", "steps": [
        {"as": "villager", "say": "约调解", "action": "mediation.ask"},
        {"as": "villager", "say": "耕地补贴一亩给多少", "action": ["guide.show", "guide.cost"], "guide": "farmland-subsidy"}]},
    {"id": "t13-kind-named-alone", "steps": [
        {"as": "villager", "say": "约调解", "action": "mediation.ask"},
        {"as": "villager", "say": "宅基地的事", "action": "mediation.ask"}]},
    {"id": "t13-trouble-that-may-count", "steps": [
        {"as": "villager", "say": "临时救助咋申请", "action": ["guide.show", "guide.steps"], "guide": "temporary-assistance"},
        {"as": "villager", "say": "俺男人出车祸了 这种能申请不", "action": "guide.who", "guide": "temporary-assistance"}]},
    {"id": "t13-trouble-that-may-count-2", "steps": [
        {"as": "villager", "say": "临时救助是干啥的", "action": ["guide.show", "guide.who"], "guide": "temporary-assistance"},
        {"as": "villager", "say": "俺家着过火 房子烧了半边 这算不算", "action": "guide.who", "guide": "temporary-assistance"}]},
    {"id": "t13-longer-place-asked", "steps": [{"as": "newcomer", "say": "俺是东关口的", "action": ["bind.ask", "clarify.ask"]}]},
    {"id": "t13-longer-place-asked-2", "steps": [{"as": "newcomer", "say": "俺家是孟庄洼的", "action": ["bind.ask", "clarify.ask"]}]},
    {"id": "t13-longer-known-name-binds", "steps": [
        {"as": "newcomer", "say": "俺是北山头的", "action": "bind.village", "reply_has": ["北山头"]}]},
    {"id": "t13-plain-name-binds", "steps": [{"as": "newcomer", "say": "我是石门村的", "action": "bind.village", "reply_has": ["石门"]}]},
    {"id": "t13-stop-with-beng", "steps": [
        {"as": "villager", "say": "俺跟邻居为了垃圾堆吵起来了 想约调解", "action": "mediation.ask"},
        {"as": "villager", "say": "周四上午", "action": ["mediation.ask", "clarify.ask"]},
        {"as": "villager", "say": "俺俩说开了 调解莫约了", "action": ["mediation.cancel", "flow.cancel"]}]},
    {"id": "t13-stop-with-beng-2", "steps": [
        {"as": "villager", "say": "俺跟俺嫂子闹矛盾了 想找调解员", "action": "mediation.ask"},
        {"as": "villager", "say": "调解甭弄了 俺们和好了", "action": ["mediation.cancel", "flow.cancel"]}]},
    {"id": "t13-how-long-while-kind-asked", "steps": [
        {"as": "villager", "say": "约调解", "action": "mediation.ask"},
        {"as": "villager", "say": "问下 宅基地批下来得几天", "action": ["guide.show", "guide.time"], "guide": "homestead"}]},
]


@pytest.mark.parametrize("spec", _OWN, ids=[s["id"] for s in _OWN])
def test_own_phrasings_of_the_causes(worlds, spec):
    assert_passes(worlds, spec)

