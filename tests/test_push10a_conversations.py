"""Replies to pushes acting on that push's item, written fresh by session 19's helper push10a
(tests/data/converse-push10a-*.jsonl) in the voices of rural Shandong people: volunteers answering task
pushes (one or two waiting; a task chosen by a word of its title, its day, weekday or date, its order,
a same-sound typo; yes, can't, a question, withdrawing later, a change of mind; the number said first;
someone else's can't beside one's own yes; "my work"), party members answering errand pushes (taking
in voice run-ons that name the errand's matter, by order, name or number; a decline whose reason holds
other command words; progress and done with details; "my work"), and the mediator answering booking
pushes (another day or hour, a confirmation by day, order or number, the outcome in words).
First sight (each batch measured before its own fixes, on the code after the batch before):
batch 1 20 of 24 (1 俺去 … with the number first, a taking run-on naming 高龄津贴 read as a guide
question, 2 接了 俺下午去, 礼拜四那个俺确认); batch 2 16 of 24 (后边那个, 礼拜四那个去不了了 with one
sign-up, 老头子说他腿疼去不了俺自己去扫雪, 去了趟 … as progress, 老李说他去不了 俺替他接了, 头一个确认,
宅基地的事调解完了, 改到… of a confirmed booking); batch 3 21 of 25 (俺报上的都是啥活, 残疾那个俺办不了 …,
没说到一块去, 给转到司法所去了); batch 4 19 of 24 (1 接不了 …, 高龄那个 表交上去了 with two in hand,
接了 她家住哪, 后天俺去不了 … 要不明天下午三点吧, 两家都同意按协议办). All pass after the fixes.
The tests below try each cause in other words."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from bot.nlu.dates import SHANGHAI
from bot.nlu import route_text
from handlers.mediator_words import OUTCOME
from handlers.others_cant import cut_after_cant, taken_after_all
from handlers.push_pointers import leading_number, on_the_day
from handlers.staff_words import _told_work
from handlers.task_pick import pointed_task
from handlers.volunteer_questions import _asks_about_task
from tests.kit.conversations import assert_passes, own_conversations

PUSH10A = [spec for n in (1, 2, 3, 4) for spec in own_conversations(f"converse-push10a-{n}.jsonl")]


@pytest.mark.parametrize("spec", PUSH10A, ids=lambda s: s["id"])
def test_push10a_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@dataclass
class Item:
    number: int
    starts_at: datetime


NOW = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # Monday 09:00 in Beijing
TUE = Item(3, datetime(2026, 12, 8, 0, 0, tzinfo=timezone.utc))  # Tuesday 08:00
THU = Item(4, datetime(2026, 12, 10, 6, 0, tzinfo=timezone.utc))  # Thursday 14:00


@pytest.mark.parametrize("text,number,rest", [
    ("3 中 俺有空", 3, "中 俺有空"), ("4号 接了", 4, "接了"), ("4，俺能去", 4, "俺能去"), ("3这个不接 俺在外地", 3, "不接 俺在外地")])
def test_a_number_said_first_points_at_that_item(text, number, rest):
    item, words = leading_number(text, [TUE, THU], lambda i: i.number)
    assert item is not None and item.number == number and words == rest


@pytest.mark.parametrize("text", ["8号那天的俺去", "10号上午那个中", "13805390001 接了", "2个都去", "5 中", "3"])
def test_a_day_a_phone_or_another_number_points_at_none(text):
    assert leading_number(text, [TUE, THU], lambda i: i.number)[0] is None


@pytest.mark.parametrize("text,meant", [("周二那个确认", TUE), ("大后天的中", THU), ("星期四那场俺去", THU),
                                        ("明儿个的那个接了", TUE)])
def test_the_day_said_first_points_at_the_item_of_that_day(text, meant):
    assert on_the_day(text, [TUE, THU], lambda i: i.starts_at, NOW, SHANGHAI)[0] is meant


def test_a_day_of_no_item_points_at_none():
    assert on_the_day("礼拜五那个中", [TUE, THU], lambda i: i.starts_at, NOW, SHANGHAI)[0] is None


@dataclass
class Task:
    number: int
    starts_at: datetime
    title: str = ""


@pytest.mark.parametrize("text,number", [("前边那个俺去", 3), ("下边那个中", 4), ("末了那个俺报", 4)])
def test_the_order_words_of_the_county_point_at_a_task(text, number):
    tasks = [Task(3, TUE.starts_at), Task(4, THU.starts_at)]
    assert pointed_task(text, tasks, NOW, SHANGHAI)[0].number == number


@pytest.mark.parametrize("before,why", [("小王说他", "俺顶他去"), ("人家说", "那俺接"), ("他", "俺去吧"),
                                        ("", "哎等等 还是俺来接")])
def test_a_can_t_of_someone_else_then_ones_own_yes_takes_it(before, why):
    assert taken_after_all(before, why)


@pytest.mark.parametrize("before,why", [("", "俺得帮俺娘办住院手续"), ("这个", "俺这周在外地"),
                                        ("俺这两天", "俺去县里开会"), ("小王说他", "俺也不行")])
def test_ones_own_can_t_stays_a_can_t(before, why):
    assert not taken_after_all(before, why)


@pytest.mark.parametrize("text", ["她说她来不了俺就自己来", "俺儿子去不成了俺还去"])
def test_a_run_on_is_cut_after_someone_elses_can_t(text):
    assert " " in cut_after_cant(text)


def test_a_run_on_of_ones_own_can_t_is_left_whole():
    assert cut_after_cant("俺那天去不了了") == "俺那天去不了了"


@pytest.mark.parametrize("text,group", [("老刘家的事说和了", "ok"), ("他俩都同意了 钱分三次还", "ok"),
                                        ("说不到一块儿 女方非要离", "failed"), ("谈了半天 男方还是不松口", "failed"),
                                        ("这个调不了 转给派出所了", "moved"), ("已经交到镇上司法所了", "moved")])
def test_a_mediations_end_in_other_words(text, group):
    found = OUTCOME.match(text)
    assert found is not None and found.group(group)


@pytest.mark.parametrize("text", ["同意", "俺同意", "转给俺吧"])
def test_a_yes_is_no_outcome(text):
    assert OUTCOME.match(text) is None


@pytest.mark.parametrize("text", ["今儿上午跑了一趟民政所 人家说还缺个证明", "俺去了趟残联 表领回来了"])
def test_a_trip_made_is_work_told(text):
    assert _told_work(text)


@pytest.mark.parametrize("text", ["俺报的都是哪些活", "俺都报了啥 几点去"])
def test_ones_own_sign_ups_asked_are_no_task_question(text):
    assert not _asks_about_task(text)


def test_a_task_question_still_is_one():
    assert _asks_about_task("扫雪几点集合")


@pytest.mark.parametrize("text", ["俺约上的都是啥", "俺报好的是什么活动"])
def test_ones_own_sign_ups_route_to_status(text):
    assert route_text(text).intent == "status"


def _task(title, at, skills="其他"):
    return {"run": ["task", "create", "--title", title, "--area", "bz-daicun", "--at", at, "--needed", "2",
                    "--skills", skills]}


SNOW, HAIR = _task("村口扫雪", "2026-12-08 08:00"), _task("给五保老人理发", "2026-12-10 09:00", "理发")
ERR1 = [{"as": "villager", "say": "想请人帮俺办高龄津贴"}, {"as": "villager", "say": "13805390001"},
        {"as": "villager", "say": "明天上午"}, {"as": "villager", "say": "1", "action": "errand.submit"}]
ERR2 = [{"as": "villager2", "say": "请党员帮俺办残疾补贴"}, {"as": "villager2", "say": "13805390004 周末都在家"},
        {"as": "villager2", "say": "1", "action": "errand.submit"}]
MED1 = [{"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"}]
MED2 = [{"as": "villager2", "say": "俺要约调解 跟婆家为赡养的事 周四下午"}, {"as": "villager2", "say": "1"},
        {"as": "villager2", "say": "13905391235", "action": "mediation.book"}]
OTHER_WORDS = [
    ("v-number-first", [SNOW, HAIR, {"as": "volunteer", "say": "2 俺能去 俺会剪头", "action": "volunteer.signup",
                                     "reply_has": ["理发"], "reply_lacks": ["报名成功！村口扫雪"]}]),
    ("v-son-cant-me-yes", [SNOW, {"as": "volunteer", "voice": "俺儿子来不了俺自个儿去", "action": "volunteer.signup"}]),
    ("v-withdraw-by-weekday", [HAIR, {"as": "volunteer", "say": "中", "action": "volunteer.signup"}, {"wait": "1d"},
                               {"as": "volunteer", "say": "周四的那个去不成了 家里来人了", "action": "volunteer.withdraw"}]),
    ("p-someone-else-cant", ERR1 + [{"as": "party", "say": "小刘说他去不成 俺去办吧", "action": "errand.accept",
                                     "push_to": {"villager": []}}]),
    ("p-matter-named-voice", ERR2 + [{"as": "party", "voice": "收到这个残疾补贴的事交给俺办吧", "action": "errand.accept",
                                      "push_to": {"villager2": []}}]),
    ("p-decline-number-first", ERR1 + ERR2 + [{"as": "party", "say": "2 不接 俺这几天住院", "action": "errand.decline",
                                               "reply_has": ["2号"]}]),
    ("p-progress-named", ERR1 + ERR2 + [{"as": "party", "say": "接单 1"}, {"as": "party", "say": "接单 2"},
                                        {"as": "party", "say": "残疾补贴那个 材料递到残联了 等信儿", "action": "errand.progress",
                                         "push_to": {"villager2": []}, "no_push_to": ["villager"]}]),
    ("m-weekday-then-yes", MED1 + MED2 + [{"as": "mediator", "say": "周四那个 中", "action": "mediation.confirm",
                                           "push_to": {"villager2": []}, "no_push_to": ["villager"]}]),
    ("m-last-by-place", MED1 + MED2 + [{"as": "mediator", "say": "末了那个确认", "action": "mediation.confirm",
                                        "push_to": {"villager2": []}, "no_push_to": ["villager"]}]),
    ("m-confirmed-moved", MED1 + [{"as": "mediator", "say": "确认"}, {"as": "mediator", "say": "那天俺走不开 改成下礼拜二上午吧",
                                                                     "action": "mediation.propose", "push_to": {"villager": ["12月15日"]}}]),
    ("m-cant-then-time", MED1 + [{"as": "mediator", "say": "礼拜三俺来不了 礼拜四上午十点半吧", "action": "mediation.propose",
                                  "push_to": {"villager": ["12月10日"]}}]),
]


@pytest.mark.parametrize("name,steps", OTHER_WORDS, ids=[n for n, _ in OTHER_WORDS])
def test_each_cause_in_other_words(worlds, name, steps):
    assert_passes(worlds, {"id": f"p10a-other-{name}", "steps": steps})
