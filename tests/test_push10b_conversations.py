"""Staff answering whistles, messages for a person and safety alerts, written fresh by session 19's
helper push10b before reading the handlers (tests/data/converse-push10b-*.jsonl): representatives
taking a need in many words (认领, 揽下了, 到了到了 in a voice run-on, 两个俺都接了), progress and done
in words (不漏了, 这回好了, 路灯全都亮了, 已经通了 恁放心吧, 换了个新的), the villager's rating
(还行, 给恁个好评, 没给弄好 旗还是升不上去 reopens, then done again and rated again); the secretary
answering (回复 1, 回2, 答复2, 给王秀英回个话, a word of one of two waiting messages, 回复1 with
户口本 in it), answering a safety alert (a question for the villager with going, 回复 1 when alert 1
and message 1 both wait for them), and the villagers writing back (麻烦书记了, 消防车咋还没到,
吐出来了 没事了 谢谢书记).
First sight: batch 1 16 of 22 (72.7%; one expectation mended after it: a power line hanging down
to the roof is a danger, 95598 was right, as push9b found); batch 2, after batch 1's fixes, 17 of 23
(73.9%); batch 3, after batch 2's fixes, 14 of 22 (63.6%); batch 4, after batch 3's fixes, 19 of 22
(86.4%: 拾掇好了, 回复第2条, and a voice answer that a done-word pattern (补上) kept from the relay).
All pass after the fixes.
The tests below it check each cause in other words than the batches."""
from __future__ import annotations

import re

import pytest

from bot.safety.detect import detect
from handlers.alert_numbered import _FOR_A_DANGER, _shares
from handlers.human import STAFF_REPLY
from handlers.need_status import ASKS_PROGRESS
from handlers.ratings import rating_in
from handlers.safety import _HELP_AWAITED
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_all import _ALL
from handlers.staff_done import says_fixed
from handlers.staff_spotted import _STRONG_TAKE, _takes
from handlers.staff_words import CLAIM_WORDS, FINISH
from tests.kit.conversations import assert_passes, own_conversations

PUSH10B = [spec for n in (1, 2, 3, 4) for spec in own_conversations(f"converse-push10b-{n}.jsonl")]


@pytest.mark.parametrize("spec", PUSH10B, ids=lambda s: s["id"])
def test_push10b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["这单俺包了", "这个俺揽了 明天过去瞅瞅", "中 俺包下了"])
def test_taking_a_need_in_more_words(text):
    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["电线绑上了", "墙缝抹上了", "窗户纸糊好了", "院里都归置好了"])
def test_more_deeds_done(text):
    assert FINISH.match(text)


@pytest.mark.parametrize("text", ["房顶不漏了", "炉子不倒烟了", "现在好使了", "喇叭又能用了", "已经来水了 您放心",
                                  "叫电工看了 闸换上新的了", "井盖子全都盖严实了 这下没事了", "变压器不嗡嗡了"])
def test_done_told_by_the_trouble_gone(text):
    assert says_fixed(text)


@pytest.mark.parametrize("text", ["明天就好了", "还是不亮", "灯亮了没", "下礼拜换新的", "得换个新的", "水还没来",
                                  "等电工来了就能用了", "路不通了"])
def test_a_plan_or_a_trouble_is_not_done(text):
    assert not says_fixed(text)


@pytest.mark.parametrize("text", ["劳烦主任了", "难为大哥了", "好 记下了 麻烦领导费心了"])
def test_the_trouble_given_as_thanks(text):
    assert "thanks" in smalltalk_kinds(text)


@pytest.mark.parametrize("text,satisfied", [
    ("打个满分", True), ("必须给个好评", True),
    ("没帮俺弄好", False), ("水还是流不下去", False), ("树还在路上横着呢", False), ("给个差评", False),
    ("还好着呢 谢谢", True),
])
def test_ratings_in_more_words(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text", ["路灯那事派人了没", "俺说的那个水沟清了没有"])
def test_asking_after_an_open_need(text):
    assert ASKS_PROGRESS.search(text)


@pytest.mark.parametrize("text", ["村口的广告牌让车撞倒了", "俺家院墙被车撞倒了 车跑了", "玻璃叫人敲碎了"])
def test_a_thing_knocked_down_or_broken_is_no_alert(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", ["俺娘叫车撞倒了", "护栏让车撞倒了 砸着人了"])
def test_a_person_knocked_down_still_alerts(text):
    assert detect(text) is not None


@pytest.mark.parametrize("text", ["救护车到哪了", "人咋还不来", "快点来啊"])
def test_help_awaited_after_an_alert(text):
    assert _HELP_AWAITED.search(text)


@pytest.mark.parametrize("text", ["一二零已经叫了 恁别挪他", "派出所的人往那赶了", "赶紧把窗户开开"])
def test_words_for_a_danger(text):
    assert _FOR_A_DANGER.search(text)


@pytest.mark.parametrize("text,number,words", [("回复第3条：下礼拜来拿", "3", "下礼拜来拿"), ("回 第1号 中", "1", "中"),
                                               ("回复 1 个月后就发", "1", "个月后就发")])
def test_the_answer_numbered_in_more_ways(text, number, words):
    found = re.match(STAFF_REPLY, text)
    assert found and found.group("no") == number and found.group("words") == words


def test_words_shared_with_a_message():
    assert _shares("宅基地的事明年说", "俺想问问宅基地咋批")
    assert not _shares("恁先离远点", "俺想问问宅基地咋批")


@pytest.mark.parametrize("text", ["中中 这事俺们组负责了 过两天叫上水利站的一块去看", "行嘞行嘞这个俺管了"])
def test_taking_inside_chatter(text):
    assert _takes(text) and _STRONG_TAKE.search(text)


@pytest.mark.parametrize("text,all_of_them", [("这俩都归俺", True), ("俺全报到", True), ("俺都报到了", False)])
def test_a_word_of_all(text, all_of_them):
    assert bool(_ALL.search(text)) is all_of_them


def _need(who, text, phone):
    return [{"as": who, "say": f"{text} 电话{phone} 不急", "action": ["need.ask", "need.report"]},
            {"as": who, "say": "对", "action": ["need.report", "need.ask", "smalltalk.ack"]}]


def _message(who, text):
    return [{"as": who, "say": "人工", "action": ["human.ask", "human.forward", "clarify.ask"]},
            {"as": who, "say": text, "action": "human.forward"}]


OTHER_WORDS = [
    {"id": "both-needs-taken", "steps": _need("villager", "村西的路灯杆子锈断了", "13805394401")
        + _need("villager2", "俺们组的公厕门锁坏了", "13805394402")
        + [{"run": ["needs", "whistle"], "push_count": {"rep": 2}},
           {"as": "rep", "say": "这俩都归俺", "action": "need.claim", "push_to": {"villager": [], "villager2": []}}]},
    {"id": "reopened-then-done", "steps": _need("villager", "俺家门口的下水篦子丢了", "13805394403")
        + [{"run": ["needs", "whistle"]}, {"as": "rep", "say": "报到", "action": "need.claim"},
           {"as": "rep", "say": "篦子安上了", "action": "need.done"},
           {"as": "villager", "say": "没帮俺弄好 还是个窟窿", "action": "need.rate", "push_to": {"rep": []}},
           {"as": "rep", "say": "又去配了个新篦子 这下没事了", "action": "need.done", "push_to": {"villager": []}}]},
    {"id": "sharing-one-message", "steps": _message("villager", "俺想问问村里的合作社分红啥时候发")
        + _message("villager2", "俺家的老房子漏雨能不能申请修")
        + [{"as": "secretary", "say": "合作社年底算完账就发", "action": "human.reply",
            "push_to": {"villager": ["年底"]}, "no_push_to": ["villager2"]}]},
    {"id": "numbered-with-a-guide-word", "steps": _message("villager2", "俺想问问孙子的户口咋上")
        + [{"as": "secretary", "say": "回复1 拿着出生证明和户口本去派出所", "action": "human.reply",
            "push_to": {"villager2": ["派出所"]}}]},
    {"id": "alert-and-message-both-one-danger-words", "steps": _message("villager2", "俺想问问低保年审的事")
        + [{"as": "villager", "say": "俺爹从房上摔下来了 一动不动", "action": "safety.alert"},
           {"as": "secretary", "say": "回复1 一二零已经在路上了 别挪他", "action": "human.reply",
            "push_to": {"villager": ["别挪"]}, "no_push_to": ["villager2"]}]},
    {"id": "alert-and-message-both-one-message-words", "steps": _message("villager2", "俺想问问低保年审的事")
        + [{"as": "villager", "say": "俺爹从房上摔下来了 一动不动", "action": "safety.alert"},
           {"as": "secretary", "say": "回复1 低保年审下个月办", "action": "human.reply",
            "push_to": {"villager2": ["下个月"]}, "no_push_to": ["villager"]}]},
    {"id": "alert-answered-with-a-question", "steps": [
        {"as": "villager", "say": "俺家厨房着火了 火苗子窜老高", "action": "safety.alert"},
        {"as": "secretary", "say": "你们人都出来了没？俺马上到", "action": "human.reply", "push_to": {"villager": ["马上到"]}}]},
    {"id": "a-done-word-inside-an-answer", "steps": _message("villager", "俺想问问俺家的院墙能不能补上")
        + [{"as": "secretary", "say": "院墙给补上 村里出钱 下礼拜来人", "action": "human.reply",
            "push_to": {"villager": ["下礼拜"]}}]},
    {"id": "after-an-alert-help-awaited", "steps": [
        {"as": "villager", "say": "俺娘晕倒了 叫不醒", "action": "safety.alert"},
        {"as": "secretary", "say": "救护车往恁家去了", "action": "human.reply"},
        {"as": "villager", "say": "救护车到哪了", "action": "human.forward", "push_to": {"secretary": ["救护车"]}}]},
    {"id": "after-an-alert-thanks-to-the-secretary", "steps": [
        {"as": "villager", "say": "俺家老伴噎着了 喘不上气", "action": "safety.alert"},
        {"as": "secretary", "say": "大夫往恁家去了", "action": "human.reply"},
        {"as": "villager", "say": "咳出来了 好了 谢谢书记", "action": ["human.forward", "smalltalk.ack"]}]},
]


@pytest.mark.parametrize("spec", OTHER_WORDS, ids=lambda s: s["id"])
def test_each_cause_in_other_words(worlds, spec):
    assert_passes(worlds, spec)
