"""Staff and replies to pushes (session 17, helper talk7c): two fresh batches of conversations of
our own, measured at first sight before their causes were fixed (14/26, then 16/25): party members
taking, passing on and finishing errands, mediators confirming, offering another time and telling
the outcome, representatives answering a whistle, volunteers answering task pushes, staff asking how
to use their commands, and the secretary answering a villager's message.
The causes, each tested here in other words than the batches': a number said first (3号我接了); a
bare yes right after a push (收到 / 中); a claim said twice, with who speaks or when one goes after
it; passing an errand on (叫别人去吧); an item pointed at by its place or finished by its name; work
told as planned (说下周批下来) is no finish; 说开了 is an outcome; a wish to go (俺也想去) is a yes;
a role's how-to (认领咋弄) is help.
"""
from __future__ import annotations

import pytest

from handlers.answer_words import says_yes
from handlers.mediator_words import OUTCOME
from handlers.staff_named import _PLACE
from handlers.staff_words import ACCEPT, CLAIM_WORDS, DECLINE, FINISH
from handlers.staff_yes import BARE_YES
from handlers.work import ROLE_COMMANDS, _HOW_ASKED
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("spec", own_conversations("converse-talk7c-1.jsonl"), ids=lambda s: s["id"])
def test_talk7c_batch1_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("spec", own_conversations("converse-talk7c-2.jsonl"), ids=lambda s: s["id"])
def test_talk7c_batch2_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


def _number(found):
    return found and (found.group("pre") or found.group("no"))


@pytest.mark.parametrize("text, number", [
    ("3号我接了", "3"),
    ("第5号 俺接下了", "5"),
    ("12号这单我接", "12"),
    ("接单 7", "7"),
    ("我接了", None),
])
def test_accept_reads_the_number_said_first(text, number):
    found = ACCEPT.match(text)
    assert found is not None and _number(found) == number


@pytest.mark.parametrize("text, number", [
    ("4号不接 俺闺女这几天要生了", "4"),
    ("6号这个我去不了", "6"),
    ("俺腿脚不利索了 叫别人去吧", None),
    ("换个人吧 这礼拜俺在县里学习", None),
    ("找其他党员办吧", None),
])
def test_decline_with_the_number_first_or_passing_it_on(text, number):
    found = DECLINE.match(text)
    assert found is not None and _number(found) == number


@pytest.mark.parametrize("text", [
    "2号俺认了",
    "这个俺来 俺是水利组的",
    "报到 这件事归俺们组管了",
    "好的这个俺接了呀下午就过去看看",
    "中 俺明天过去瞅瞅",
])
def test_taking_said_twice_with_who_or_when(text):
    assert CLAIM_WORDS.match(text) is not None


@pytest.mark.parametrize("text", ["这个我来吗", "俺想去县里", "俺是农业组的"])
def test_not_a_taking(text):
    assert CLAIM_WORDS.match(text) is None


@pytest.mark.parametrize("text, done", [
    ("路灯换好了", True),
    ("5号修好了", True),
    ("管子掏通了 水下去了", True),
    ("钱已经打到他卡上了", True),
    ("补助报下来了", True),
    ("说下周才能批下来", False),
    ("快弄好了", False),
    ("估计后天能修好", False),
    ("修好了吗", False),
])
def test_finish_is_done_not_planned(text, done):
    assert (FINISH.match(text) is not None) is done


@pytest.mark.parametrize("text, kind", [
    ("两口子说开了 回家过日子去了", "ok"),
    ("3号调成了", "ok"),
    ("2号没谈成 回头再约", "failed"),
    ("他俩讲和了", "ok"),
])
def test_mediation_outcome_words(text, kind):
    found = OUTCOME.match(text)
    assert found is not None and found.group(kind)


@pytest.mark.parametrize("text, yes", [
    ("收到", True), ("中", True), ("好的 没问题", True), ("行吧", True),
    ("好的 谢谢", False), ("好 俺问个事", False),
])
def test_bare_yes_after_a_push(text, yes):
    assert (BARE_YES.match(text) is not None) is yes


@pytest.mark.parametrize("text, yes", [
    ("俺也想去", True), ("中啊 这个俺也能去", True), ("俺要参加", True),
    ("俺报名的那个活动", False), ("想去县里办事", False),
])
def test_a_wish_to_go_is_a_yes(text, yes):
    assert says_yes(text) is yes


@pytest.mark.parametrize("text, place", [
    ("头一个俺来办", "头一个"), ("后面那个我接了", "后面"), ("第二个归俺", "第二个"),
])
def test_an_item_pointed_at_by_its_place(text, place):
    found = _PLACE.match(text)
    assert found is not None and found.group("place") == place


@pytest.mark.parametrize("text, asks", [
    ("认领咋弄", True), ("不接单咋弄", True), ("群众的话在哪回", True), ("俺不会回群众留言", True),
    ("俺娘的代办咋样了", False), ("报到的人怎么还没来", False),
])
def test_a_role_how_to(text, asks):
    assert (_HOW_ASKED.search(text) is not None) is asks


def test_secretary_help_names_the_relay_answer():
    assert "回复 编号 内容" in ROLE_COMMANDS["secretary"]


_ERRAND = [{"as": "villager", "say": "请个党员帮俺办残疾证 俺走不动"}, {"as": "villager", "say": "13905397001 全天在家"},
           {"as": "villager", "say": "对"}]
_NEED = [{"as": "villager", "say": "俺村南边的桥栏杆断了 孩子上学走那过 13905397002"}, {"as": "villager", "say": "一般"},
         {"as": "villager", "say": "对"}, {"run": ["needs", "whistle"]}]

_BOOKING = [{"as": "villager", "say": "俺和小叔子为分家的事闹得不可开交 想约个调解"}, {"as": "villager", "say": "周五上午"},
            {"as": "villager", "say": "1"}, {"as": "villager", "say": "确认"}]
_ANSWERED = [{"as": "villager", "say": "俺找书记"}, {"as": "villager", "say": "俺家的残疾证到期了 去哪换"},
             {"as": "secretary", "say": "去县残联换 带上旧证和户口本", "action": "human.reply"}]

_OWN = [
    {"id": "own-party-got-it", "steps": _ERRAND + [
        {"as": "party", "say": "收到了", "action": "errand.accept", "push_to": {"villager": []}}]},
    {"id": "own-party-ok-after-reading-a-guide", "steps": _ERRAND + [
        {"as": "party", "say": "低保咋办", "action": ["guide.show", "guide.steps"]},
        {"as": "party", "say": "中", "action": "smalltalk.ack", "no_push_to": ["villager"]}]},
    {"id": "own-rep-zhong", "steps": _NEED + [
        {"as": "rep", "say": "中", "action": "need.claim", "push_to": {"villager": []}}]},
    {"id": "own-rep-claim-number-first", "steps": _NEED + [
        {"as": "rep", "say": "1号俺们组来管 俺是交通组的", "action": "need.claim"}]},
    {"id": "own-party-pass-on", "steps": _ERRAND + [
        {"as": "party", "say": "俺在城里看孙子 叫别人去吧", "action": "errand.decline"}]},
    {"id": "own-party-planned-not-done", "steps": _ERRAND + [
        {"as": "party", "say": "接了"},
        {"as": "party", "say": "材料都交残联了 说月底批下来", "action": "errand.progress"}]},
    # taken, then given up: passed on, and the villager told so; put off only: progress; unclear: asked
    {"id": "own-party-gives-back-taken", "steps": _ERRAND + [
        {"as": "party", "say": "我接了"},
        {"as": "party", "say": "俺娘住院了 顾不上 叫其他党员办吧", "action": "errand.decline",
         "push_to": {"villager": ["转给"], "secretary": ["待安排"]}}]},
    {"id": "own-party-puts-off-taken", "steps": _ERRAND + [
        {"as": "party", "say": "我接了"},
        {"as": "party", "say": "今天雪太大去不了 过两天再去", "action": "errand.progress", "push_to": {"villager": ["过两天"]}}]},
    {"id": "own-party-cant-taken-asks", "steps": _ERRAND + [
        {"as": "party", "say": "我接了"},
        {"as": "party", "say": "俺这回去不了", "action": "clarify.ask", "no_push_to": ["villager"]}]},
    {"id": "own-secretary-arranges", "steps": _ERRAND + [
        {"wait": "1d"},
        {"as": "secretary", "say": "这个俺派人去办", "action": "errand.accept", "push_to": {"villager": []}}]},
    # a representative who cannot do the need in hand and says who should (叫别人管吧): given back to the
    # group (session 23: bot/needs/giving_back.py; before it there was no giving back, so this was asked),
    # the villager told that others take it over; 报到 takes it back
    {"id": "own-rep-gives-up-need", "steps": _NEED + [
        {"as": "rep", "say": "报到"},
        {"as": "rep", "say": "俺们组这阵子人手不够 叫别人管吧", "reply_has": ["退回"], "push_to": {"villager": ["重新交给"]}}]},
    {"id": "own-rep-what-left", "steps": _NEED + [
        {"as": "rep", "say": "报到"},
        {"as": "rep", "say": "俺还有啥没干完的", "action": "work.show", "reply_has": ["栏杆"]}]},
    # a mediator who cannot come, or wants another time without saying which: asked, nothing moved
    {"id": "own-mediator-cannot-come", "steps": _BOOKING + [
        {"as": "mediator", "say": "那天俺去县里培训 来不了", "action": "clarify.ask", "reply_has": ["改时间"],
         "no_push_to": ["villager"]}]},
    {"id": "own-mediator-another-time-unsaid", "steps": _BOOKING + [
        {"as": "mediator", "say": "这个得换个时间", "action": "clarify.ask", "reply_has": ["最近有空"],
         "no_push_to": ["villager"]}]},
    # the villager writing back after a staff answer: passed on to the same staff; thanks is small talk
    {"id": "own-villager-writes-back", "steps": _ANSWERED + [
        {"as": "villager", "say": "那俺得自己去不 俺走不了远道", "action": "human.forward", "push_to": {"secretary": ["远道"]}}]},
    {"id": "own-villager-thanks-after-answer", "steps": _ANSWERED + [
        {"as": "villager", "say": "知道了 谢谢书记", "action": "smalltalk.ack", "no_push_to": ["secretary"]}]},
    {"id": "own-villager-new-matter-after-answer", "steps": _ANSWERED + [
        {"as": "villager", "say": "高龄补贴咋领", "action": ["guide.show", "guide.steps"], "no_push_to": ["secretary"]}]},
    {"id": "own-villager-next-day-not-passed", "steps": _ANSWERED + [
        {"wait": "2d"},
        {"as": "villager", "say": "那俺得自己去不 俺走不了远道", "no_push_to": ["secretary"]}]},
    # right after an errand push: a can't in words passes it on; an excuse without one is asked about
    {"id": "own-party-busy-that-day", "steps": _ERRAND + [
        {"as": "party", "say": "那天俺有事", "action": "errand.decline"}]},
    {"id": "own-party-excuse-asked", "steps": _ERRAND + [
        {"as": "party", "say": "俺闺女接俺去城里住了 不在村里", "action": "clarify.ask", "no_push_to": ["villager"]},
        {"as": "party", "say": "2", "action": "errand.decline"}]},
    {"id": "own-secretary-how", "steps": [
        {"as": "secretary", "say": "老百姓留言咋回啊", "action": "help.show", "reply_has": ["回复 编号 内容"]}]},
]


@pytest.mark.parametrize("spec", _OWN, ids=lambda s: s["id"])
def test_talk7c_own_words_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
