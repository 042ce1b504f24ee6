"""Our own words for the causes the colleague's set 19 showed (session 19: villagers at the service
window, like the dev set): routing rows and conversations, none of them the set's phrasings.

Routing: a typo never read across 上回 (上回约的… is no 毁约), 二级残 and a limb cut off (截, or 结
by its sound) as disability, ages said with 周岁/虚岁 in words, "自个还掏" after reimbursement
(medical assistance), a wall or a furrow pushed over onto one's side (mediation), 有没有…体检活动
(the month's theme), 特困户那个事 (the matter, not only who one is). Conversations: a guide asked for a
relative not added, acting for one not added, another matter told as a situation after a guide's
part, an idea after naming the meeting, a card delivered to the villager as the errand done.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from tests.kit.conversations import assert_passes, own_conversations

ROWS = [
    ("俺家老头子二级残 瘫床上 有没有给护理的钱", "guide", "disability-subsidy"),
    ("俺奶奶周岁九十一了 有啥钱能领", "guide", "elderly-allowance"),
    ("俺腿给截了 得去哪鉴定", "guide", "disability-certificate"),
    ("住院报完了自个还掏了三万多 还能再报点不", "guide", "medical-assistance"),
    ("西院的往俺这边垒了半截墙", "mediation", None),
    ("下个月有没有免费体检活动", "theme", None),
    ("俺上回报的那个路灯 修了没", "status", None),
    ("特困户那个事找谁问", "guide", "extreme-poverty-support"),
]


@pytest.mark.parametrize("text, intent, guide", ROWS, ids=[r[0] for r in ROWS])
def test_set19_causes_route_in_our_words(text, intent, guide):
    route = route_text(text)
    assert route.intent == intent
    if guide is not None:
        assert route.guide == guide


def test_a_time_word_jieba_lacks_is_kept_whole():
    from bot.nlu.router import get_router

    tokens = get_router().segmenter.tokens("我上回约的调解人家同意了没")
    assert "上回" in tokens
    assert get_router().segmenter.tokens("路上回来的时候")[:2] == ["路上", "回来"]


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s19b.jsonl"), ids=lambda s: s["id"])
def test_lead_s19b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
