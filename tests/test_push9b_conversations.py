"""Loops that start with a push, on the staff side, written fresh by session 18's helper push9b before
reading the handlers (tests/data/converse-push9b-*.jsonl), in the voices of people in their 50s to 70s
in rural Shandong: representatives answering a whistle (报到 in many words, 报道 / 报个到, voice run-ons
with chatter, progress and done in words, two needs waiting: bare 报到 then 第二个 / 卫生室那个, or a
need named by the villager's name), the villager's status question and rating in words; party members
answering errand pushes (accept in words, a can't with a reason, progress, done, two errands waiting);
the secretary answering messages for a person (a plain answer, 回复 N, two waiting: asked which, then
2 / a name sends the kept answer) and answering a safety alert in a run-on (知道了知道了 俺这就叫上大夫往那赶).
The whistle's template field keeps the problem and the place within WeChat's 20 characters (坑, 窟窿).
First sight: batch 1 10 of 22 (45.5%; two expectations were mended after it: 第二个 after the list of
waiting needs wanted 2号 although 1号 is listed second, and a plain answer that shares words with one of
two waiting messages rightly went to it); batch 2, written after batch 1's fixes, 18 of 22 (81.8%; one miss was its own expectation: a sagging
power line is a danger, 95598 was right, the message became another need); batch 3, after batch 2's
fixes, 16 of 21 (76.2%). All pass after the fixes."""
from __future__ import annotations

import pytest

from bot.needs.gist import gist
from bot.safety.detect import detect
from handlers.staff_words import CLAIM_WORDS, DECLINE, FINISH
from tests.kit.conversations import assert_passes, own_conversations

PUSH9B = [spec for n in (1, 2, 3) for spec in own_conversations(f"converse-push9b-{n}.jsonl")]


@pytest.mark.parametrize("spec", PUSH9B, ids=lambda s: s["id"])
def test_push9b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text,word", [
    ("俺跟恁说个事 俺们庄东头往镇上去的那条水泥路 上回下大雨冲出来一个大坑", "坑"),
    ("书记好啊 麻烦恁们个事 西河小桥桥面上的石板掉下去一块 露着个窟窿 小孩走道怕掉下去", "窟窿"),
    ("喂 那个 俺们村南头去年新修的那条路中间塌下去一个坑 骑车的晚上看不见", "塌"),
    ("西陈庄的老人想量量血压 卫生室太远了走不过去 能不能来个医生", "血压"),
    ("俺在工地干了半年 老板欠俺工钱一直不给", "工钱"),
    ("俺庄上卫生室好几天没开门了 拿不着药", "卫生室"),
])
def test_the_gist_keeps_the_problem_within_the_field(text, word):
    short = gist(text, 17)
    assert len(short) <= 17 and word in short


def test_a_short_need_is_its_own_gist():
    assert gist("村口路灯坏了", 17) == "村口路灯坏了"


@pytest.mark.parametrize("text", ["俺报个到 这事俺来办", "行 这个俺去给她办", "报道 这个俺去瞅瞅"])
def test_taking_in_words(text):
    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["这回俺去不成了 俺闺女生孩子", "俺这两天腰疼 办不成"])
def test_cant_in_words(text):
    assert DECLINE.match(text)


@pytest.mark.parametrize("text", ["联系了疏通的 后晌来", "找了修路的 明天来"])
def test_the_one_who_does_it_is_not_done(text):
    assert not FINISH.match(text)


@pytest.mark.parametrize("text", ["俺家屋后那堵院墙裂了个大口子 怕塌了砸着人",
                                  "西河小桥露着个窟窿 小孩走道怕掉下去",
                                  "后街排水沟叫人倒了一堆建筑垃圾 水过不去"])
def test_a_hazard_not_yet_happened_is_no_alert(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", ["房子塌了 砸着人了", "孩子在河边玩 掉下去了", "老人倒了"])
def test_what_happened_still_alerts(text):
    assert detect(text) is not None
