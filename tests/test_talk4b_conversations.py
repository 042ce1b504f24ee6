"""Session 13/14, helper talk4b: staff answering pushes in their own words (tests/data/converse-talk4b-*.jsonl).

A volunteer's yes with a reason beside it (俺有车 俺去), 这个活俺能干, both tasks at once (两个俺都能去);
a representative or party member naming one of several items (虫子那个俺来管, 李建国那个我接了,
剩下那个也接), a representative letting a whistle go (这个俺们组管不了); a mediator's 这个我确认 and an
outcome told with who came to terms first (两家谈妥了); staff asking 今天有啥事 / 俺报了哪些活儿; a
villager opening with a request for a person (找个人，… / 有人没 … / 请转人工 …) and 就这个事 after it.
Batch 2: 报2号, 那个俺报, 俺又能去了 (a place given up taken again); progress told as arrangements
(说好了 下周来人); 这个单子我接下了 / 我明天上午过去办; 就按这个时间来; a secretary's answer that
names the message first (养老金那个 …) when several wait.
Batch 3: 这个活俺们农业组的来弄 / 收到 马上去办 (a group, or nobody, as the one taking it); 这单我干不了;
a mediator asking another hour as a question (下午两点行不行: the booked day); 调解好了 两家握手了;
a long report whose last words say it is done (… 都给您弄好了); 界石/地邻 disputes are about land.
"""
from __future__ import annotations

import pytest

from bot.choices import pick_named
from bot.forms import is_confirm
from bot.nlu.disputes import dispute_kind
from handlers.answer_words import says_all, says_yes, yes_and_why
from handlers.human import _message_words
from handlers.mediator_words import _ASKS_TIME, CONFIRM, OUTCOME
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_named import DECLINE_NEED
from handlers.staff_words import ACCEPT, CLAIM_WORDS, DECLINE, _ends_done, _reports_work
from handlers.work import _MINE
from tests.kit.conversations import assert_passes, own_conversations

SPECS = [spec for batch in (1, 2, 3) for spec in own_conversations(f"converse-talk4b-{batch}.jsonl")]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["id"])
def test_talk4b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["这个活俺能干", "好嘞 给俺记上", "那天俺有空", "俺来", "那个俺报"])
def test_able_and_free_say_yes(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["俺有车 俺去", "行 正好那天闲着", "事儿推了 俺又能去了"])
def test_yes_with_a_short_reason(text):
    assert yes_and_why(text)


@pytest.mark.parametrize("text", ["俺有车 俺去不了", "行 俺想问问低保的事到底该找哪个部门去办", "取消 1"])
def test_no_yes_with_reason(text):
    assert not yes_and_why(text)


@pytest.mark.parametrize("text", ["两个俺都能去", "俩都报上", "全都去"])
def test_yes_to_every_task(text):
    assert says_all(text)


@pytest.mark.parametrize("text", ["俺去", "两个人去不了"])
def test_not_every_task(text):
    assert not says_all(text)


def test_an_item_is_picked_by_a_word_it_shares():
    items = ["俺庄的自来水老停 王秀英 代村", "麦地里长了好多虫子 李建国 代村"]
    assert pick_named("虫子", items, str) == items[1]
    assert pick_named("李建国", items, str) == items[1]
    assert pick_named("代村", items, str) is None  # both share it: nobody is picked
    assert pick_named("剩下", items[:1], str) == items[0]
    assert pick_named("剩下", items, str) is None


@pytest.mark.parametrize("text", ["这个俺们组管不了 接不了", "不归俺们管", "这事俺接不了"])
def test_a_representative_lets_a_whistle_go(text):
    assert DECLINE_NEED.match(text)


@pytest.mark.parametrize("text", ["不管咋样 这个俺来", "这个俺管不了吗？"])
def test_not_letting_go(text):
    assert not DECLINE_NEED.match(text)


@pytest.mark.parametrize("text", ["好 这个我确认", "这个俺同意", "可以 那天我在", "行 就按这个时间来"])
def test_mediator_confirms_in_words(text):
    assert CONFIRM.match(text)


@pytest.mark.parametrize("text", ["两家谈妥了 签了协议", "双方都和解了", "老王跟老李说和了", "调解好了 两家握手了"])
def test_outcome_with_who_first(text):
    assert (found := OUTCOME.match(text)) and found.group("ok")


def test_outcome_failed_with_who_first():
    assert (found := OUTCOME.match("两家没谈拢")) and found.group("failed")


@pytest.mark.parametrize("text", ["今天有啥事", "还有啥要办的", "俺报了哪些活儿", "有几个要确认"])
def test_staff_ask_for_their_work(text):
    assert _MINE.search(text)


def test_a_decline_with_today_is_no_look_at_work():
    assert not _MINE.search("今天有事 去不了")


def test_a_slot_is_chosen_in_words():
    assert is_confirm("行 就定这个") and is_confirm("这个就行")


def test_nothing_more_to_add_is_ok():
    assert smalltalk_kinds("就这个事") == {"ok"}


def test_a_person_asked_for_first_then_the_message():
    assert _message_words("找个人 俺想问问种地补贴啥时候发") == "俺想问问种地补贴啥时候发"
    assert _message_words("有人没，俺家的低保咋还没发") == "俺家的低保咋还没发"
    assert _message_words("有人没 俺想找个真人问问事") is None  # no message yet: the intent asks


@pytest.mark.parametrize("text", ["跟水利站说好了 下周来人换管子", "已经安排人去检查了"])
def test_arrangements_report_progress(text):
    assert _reports_work(text)


def test_taking_an_errand_with_a_time_between():
    assert ACCEPT.match("这个单子我接下了")
    assert CLAIM_WORDS.match("好的 我明天上午过去办")
    assert CLAIM_WORDS.match("俺这就去")


def test_asking_for_a_person_politely_then_the_message():
    assert _message_words("请转人工 俺是外村嫁过来的 想问户口的事") == "俺是外村嫁过来的 想问户口的事"


@pytest.mark.parametrize("text", ["这个活俺们农业组的来弄", "收到 马上去办", "交给俺们组", "这事咱来管"])
def test_taking_it_as_a_group_or_right_away(text):
    assert CLAIM_WORDS.match(text)


def test_more_ways_to_turn_an_errand_down():
    assert DECLINE.match("这单我干不了 让别人接吧").group("why") == "让别人接吧"


def test_a_report_that_ends_done():
    assert _ends_done("补贴下个月起每月打到卡上 都给您弄好了")
    assert not _ends_done("材料交上去了 等审批")
    assert not _ends_done("弄好了")  # one clause: the plain finish words read it


@pytest.mark.parametrize("text", ["那天上午有别的事 下午两点行不行", "周五上午中不中"])
def test_another_time_asked_as_a_question(text):
    assert _ASKS_TIME.match(text)


def test_a_moved_boundary_stone_is_a_land_dispute():
    assert dispute_kind("地邻把界石挪了 想调解") == "土地承包"


def test_the_xia_of_yixia_is_no_next_week():
    from datetime import date, datetime, timezone

    from bot.nlu.dates import parse_day

    monday = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
    assert parse_day("想调解一下 周四下午3点", monday, "Asia/Shanghai").day == date(2026, 12, 10)
    assert parse_day("看一下下周四", monday, "Asia/Shanghai").day == date(2026, 12, 17)
