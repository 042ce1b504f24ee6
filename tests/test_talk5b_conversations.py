"""Session 13/14, helper talk5b: staff replying to pushes (tests/data/converse-talk5b-*.jsonl).

A volunteer pointing at one of two pushed tasks by its place (头一个 / 第二个 / 前面那个) or its day
(礼拜四那个 / 明天那个); a no said as being busy that day (那天俺有事, 这回没空); 得嘞 俺到时候过去.
A representative's 报道 (voice input for 报到), 我去看看, 俺来管这个, 报到！俺马上过去; work planned
with a word of the need's own (明天找人来换管子) is its progress; 沟清完了 / 垃圾拉干净了 are done.
A mediator's yes with where he will be (那天俺在调解室等着), another time with a longer reason first
(周四俺要去县里开会 改到周五上午9点吧), 有要确认的没. A secretary's 回2 … answers message 2.
A school's or village office's wall or roof breaking is a public problem (need), not 危房改造.
Batch 3 (a short probe after batch 2's fixes, 7 of 10 at first sight): 两个都去不了 lets every
offer go (or gives up every sign-up), 这事归我了 claims, a mediator's 好 那天见 confirms.
"""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from handlers.answer_words import names_every, says_cant, says_yes
from handlers.human import STAFF_REPLY
from handlers.mediator_words import CONFIRM
from handlers.staff_words import CLAIM, CLAIM_WORDS, FINISH, _shares_a_word, _PLANNED
from handlers.task_pick import pointed_task
from handlers.work import _MINE
from tests.kit.conversations import assert_passes, own_conversations

# Left open: a question about when the money of a guide comes (…啥时候发) is answered by the
# guide's time part; the batch expected an errand because a phone and 都在家 came with it.
KNOWN_OPEN = {"t5b2-party-my-list"}
SPECS = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason="see KNOWN_OPEN")]
                      if spec["id"] in KNOWN_OPEN else [])
         for batch in (1, 2, 3) for spec in own_conversations(f"converse-talk5b-{batch}.jsonl")]


@pytest.mark.parametrize("spec", SPECS)
def test_talk5b_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


_TZ = ZoneInfo("Asia/Shanghai")
_MONDAY = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
_TUESDAY_TASK = SimpleNamespace(number=4, starts_at=datetime(2026, 12, 8, 1, 0, tzinfo=timezone.utc))
_THURSDAY_TASK = SimpleNamespace(number=5, starts_at=datetime(2026, 12, 10, 1, 0, tzinfo=timezone.utc))
_TASKS = [_THURSDAY_TASK, _TUESDAY_TASK]  # soonest-first or not: the place counts in push order


@pytest.mark.parametrize("text, meant, rest", [
    ("头一个俺去", _TUESDAY_TASK, "俺去"), ("第二个俺报", _THURSDAY_TASK, "俺报"),
    ("前面那个俺能去", _TUESDAY_TASK, "俺能去"), ("最后那个去不了了", _THURSDAY_TASK, "去不了了"),
    ("礼拜四那个俺能去", _THURSDAY_TASK, "俺能去"), ("明天那个俺去", _TUESDAY_TASK, "俺去"),
])
def test_a_task_pointed_at_by_place_or_day(text, meant, rest):
    assert pointed_task(text, _TASKS, _MONDAY, _TZ) == (meant, rest)


@pytest.mark.parametrize("text", ["俺去", "周五那个俺去", "俺前面说的那个事"])
def test_no_task_pointed_at(text):
    assert pointed_task(text, _TASKS, _MONDAY, _TZ)[0] is None


def test_one_task_needs_no_pointing():
    assert pointed_task("头一个俺去", [_TUESDAY_TASK], _MONDAY, _TZ) == (None, "头一个俺去")


@pytest.mark.parametrize("text", ["那天俺有事", "这回没空", "明天有点事 去不成", "俺走不开"])
def test_busy_that_day_is_a_cant(text):
    assert says_cant(text) and not says_yes(text)


@pytest.mark.parametrize("text", ["俺有事", "有事", "俺有个事"])
def test_having_a_matter_is_no_cant(text):
    assert not says_cant(text)  # how a villager starts to tell something


@pytest.mark.parametrize("text", ["得嘞 俺到时候过去", "妥了", "中 俺准到"])
def test_county_yes(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["报道 这个我去看看", "俺来管这个", "报到！俺马上过去", "我去看看"])
def test_a_representative_takes_it_in_words(text):
    assert CLAIM_WORDS.match(text)


def test_voice_writes_bao_dao():
    assert CLAIM.match("报道")


@pytest.mark.parametrize("text", ["沟清完了", "垃圾拉干净了", "路扫完了"])
def test_more_deeds_done(text):
    assert FINISH.match(text)


def test_planned_work_with_the_items_own_word():
    assert _PLANNED.search("明天找人来换管子") and _shares_a_word("明天找人来换管子", "俺们组的自来水管子冻裂了")
    assert not _shares_a_word("明天找人来看看", "俺们组的自来水管子冻裂了")


@pytest.mark.parametrize("text", ["没问题 那天俺在调解室等着", "到时候俺准到", "那天俺在村委会候着"])
def test_mediator_yes_with_where(text):
    assert CONFIRM.match(text)


def test_is_there_anything_to_confirm():
    assert _MINE.search("有要确认的没") and _MINE.search("有该办的吗")
    assert not _MINE.search("有要办低保的吗")


@pytest.mark.parametrize("text, number", [("回2 开学前到学校填表就行", "2"), ("答复 3：好的", "3"), ("回复1：我问问", "1")])
def test_short_reply_word_with_a_number(text, number):
    import re

    assert re.match(STAFF_REPLY, text).group("no") == number


def test_back_home_is_no_reply():
    import re

    assert not re.match(STAFF_REPLY, "回家了")


def test_every_task_named():
    assert names_every("两个都去不了") and names_every("俩都报上") and not names_every("俺去不了")


@pytest.mark.parametrize("text", ["这事归我了", "归俺们组管"])
def test_it_is_mine_now(text):
    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["好 那天见", "行 周四见"])
def test_see_you_on_the_day(text):
    assert CONFIRM.match(text)
