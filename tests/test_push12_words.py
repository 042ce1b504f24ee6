"""The word rules behind tests/test_push12_conversations.py's fixes, each tried in phrasings that are
not in the batches (tests/data/converse-para12b-*.jsonl)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.choices import parse_number
from bot.nlu import route_text
from bot.nlu.disputes import dispute_kind
from handlers.answer_words import cant_and_why, says_cant, says_yes, says_yes_at_length
from handlers.mediator_words import CONFIRM
from handlers.staff_done import work_underway
from handlers.staff_patterns import ACCEPT, CLAIM, CLAIM_WORDS, FINISH
from handlers.staff_words import _PLANNED, _reports_work
from handlers.task_pick import tasks_named


@pytest.mark.parametrize("text,number", [("回复2", 2), ("回1", 1), ("回个1", 1), ("回复 3", 3)])
def test_a_number_typed_with_the_reply_verb(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["这趟俺就不凑了", "等下次吧", "俺等以后吧 这回算了", "那个活俺得退了", "俺想退"])
def test_not_this_time_and_leaving_the_list(text):
    assert says_cant(text)


@pytest.mark.parametrize("text", ["俺也想报", "俺要报名", "算上俺 俺想报"])
def test_a_wish_to_sign_up_is_a_yes(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["俺能去要是满了俺就排队等着", "俺也能干 没地方了就候着"])
def test_going_with_the_waiting_list_in_mind(text):
    assert says_yes_at_length(text)


@pytest.mark.parametrize("text,why", [("俺去不成了家里来客", "家里来客"), ("那天俺走不开俺得看孩子", "俺得看孩子")])
def test_a_run_on_cut_after_its_cant(text, why):
    assert cant_and_why(text) == why


@pytest.mark.parametrize("text", ["交给俺们组吧", "给我吧", "这事俺管 没问题", "这个俺去 中"])
def test_taken_in_words(text):
    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["报倒", "抱倒", "俺报倒"])
def test_baodao_typed_by_sound(text):
    assert CLAIM.match(text) or CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["解单", "节单"])
def test_jiedan_typed_by_sound(text):
    assert ACCEPT.match(text)


@pytest.mark.parametrize("text", ["电表都上好了", "门牌上完了", "户口给上上了"])
def test_put_on_is_done(text):
    assert FINISH.match(text)


@pytest.mark.parametrize("text", ["师傅在焊着呢", "材料在镇上审着呢"])
def test_zhe_ne_tells(text):
    assert _reports_work(text)


@pytest.mark.parametrize("text", ["跟供电所打过电话了", "和水厂通了个电话"])
def test_a_call_made_is_work_under_way(text):
    assert work_underway(text)


@pytest.mark.parametrize("text", ["礼拜五电工来换", "下周三师傅上门", "12号技术员过去"])
def test_work_planned_for_a_weekday_or_date(text):
    assert _PLANNED.search(text)


@dataclass
class Task:
    title: str


@pytest.mark.parametrize("text,title,rest", [("五保户家送饭的俺也去", "送饭到五保户家", "的俺也去"),
                                             ("村口扫雪的俺报上", "扫雪到村口", "的俺报上")])
def test_two_pieces_of_one_title(text, title, rest):
    [(_, left)] = tasks_named(text, [Task(title)])
    assert left == rest


@pytest.mark.parametrize("text", ["中 让他们来吧", "定了 叫她过来", "前天约的那个 中", "能到 确认"])
def test_a_mediator_confirms_in_pieces(text):
    assert CONFIRM.match(text)


@pytest.mark.parametrize("text", ["借给他两千 一直没还", "他借了俺五百块 到现在也没还"])
def test_a_loan_not_paid_back(text):
    assert dispute_kind(text) == "债务"


@pytest.mark.parametrize("text,intent", [
    ("俺报上的都有些啥", "status"), ("俺排上号了没", "status"), ("俺眼下约着几个", "status"), ("俺都报上哪几样", "status"),
    ("工头欠钱不给 想找个懂法律的问问", "need"), ("公交车不跑了 老人进城难", "need"),
    ("俺要找个能做主的", "human"), ("叫个村干部来说道说道", "human")])
def test_routed_in_other_words(text, intent):
    assert route_text(text).intent == intent
