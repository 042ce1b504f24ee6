"""The loops after a push, written fresh by session 20's helper push11 before reading the handlers
(tests/data/converse-push11-*.jsonl): volunteers declining softly (算了 / 起不来 / 明早去不成了), by
order (第二个去不了) or by the time of day alone (上午的), in voice run-ons naming two tasks; mediators
moving a booking by a time of day alone (下午吧), by hours (往后推俩钟头), by order (第二个改到礼拜五上午),
confirming all (俩都确认 / 都中), a no-show as the outcome, their own list in words (都有谁约了);
party members answering two errands clause by clause; representatives telling a delay; villagers
rating with a concession (修是修了 …), the trouble gone (亮了亮了 晚上不黑了), answering a proposed
time with another time of day (下午俺得接孩子 上午中不), a suggestion for the 议事日 (想提个事).
First sight (each batch before its own fixes, on the code after the batch before): batch 1 10 of 22
(45.5%; one expectation mended after it: slots are on the half hour, 往后推俩钟头 from 9点半 is offered
the nearest free slot of that day, not 11点半); batch 2 16 of 23 (69.6%); batch 3 14 of 23 (60.9%: 第三个,
除了扫雪 别的俺都能去, 满了就算了 不排了, 知道了 俺准时到, a question about a confirmed booking or a notice,
a question for the villager as progress, the outcome in a voice run-on, 不归俺们卫健组); batch 4 12 of 22
(54.5%: a volunteer's question about a task, 俩都办完了 for errands and needs, 老人不符合条件 办不了 as the
result, a booking moved by the villager waiting for the mediator's 行, 过两天到 as progress, 头一个活动在哪
after the digest, 不用给俺发这些了 after a notice; 21 of 22 after, one left open, KNOWN_OPEN); batch 5
18 of 22 (81.8%: 俺两口子都去, 等俺从地里回来就去, 知道了 俺提前接点水 after a notice, 那个入户走访的 咋报名
after the digest read as 落户).
The tests below try each cause in other words than the batches.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from handlers.answer_words import says_cant
from handlers.mediator_words import OUTCOME
from handlers.push_pointers import at_the_hour
from handlers.ratings import rating_in
from handlers.suggestions import IDEA_AFTER_THE_MEETING
from handlers.task_pick import split_at_titles
from handlers.human_followup import _QUESTION
from handlers.mediator_outcome import _last_said
from handlers.mediator_times import _shifted_hours
from handlers.smalltalk import smalltalk_kinds
from handlers.answer_words import says_yes
from handlers.staff_done import FINDING
from handlers.staff_spotted import _takes
from handlers.smalltalk import _READYING
from handlers.themes import _JOIN_DETAIL
from handlers.staff_named import DECLINE_NEED
from handlers.task_pick import pointed_task
from handlers.volunteer_clauses import _EXCEPT
from handlers.staff_all import _BOTH_YES
from handlers.staff_words import _reports_work
from tests.kit.conversations import assert_passes, own_conversations

# Left open, with the reason (strict: a fix makes the test fail until it is taken off this list).
KNOWN_OPEN = {
    "p11-4-s-send-grid": "a branch about to break, asked as 砸着人咋办, is read as someone hurt now (safety "
                         "alert with 120); a worry about what may happen needs a cue that does not weaken real alerts",
}
PUSH11 = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[spec["id"]])]
                       if spec["id"] in KNOWN_OPEN else [])
          for n in (1, 2, 3, 4, 5) for spec in own_conversations(f"converse-push11-{n}.jsonl")]


@pytest.mark.parametrize("spec", PUSH11)
def test_push11_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["拉倒吧 那天俺赶不过来", "俺怕是到不了了", "估计够呛 俺明儿个回不来", "那就算了吧",
                                  "礼拜二上午俺走不开", "唉 今晚出不去了"])
def test_soft_declines(text):
    assert says_cant(text)


@pytest.mark.parametrize("text", ["俺去", "明天俺能去", "算上俺"])
def test_a_yes_is_no_decline(text):
    assert not says_cant(text)


@dataclass
class Item:
    number: int
    starts_at: datetime


MORNING = Item(1, datetime(2026, 12, 8, 0, 0, tzinfo=timezone.utc))  # Tuesday 08:00 in Beijing
AFTERNOON = Item(2, datetime(2026, 12, 9, 7, 0, tzinfo=timezone.utc))  # Wednesday 15:00
EVENING = Item(3, datetime(2026, 12, 9, 11, 0, tzinfo=timezone.utc))  # Wednesday 19:00
SHANGHAI = __import__("zoneinfo").ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("words,number", [("后晌", 2), ("一早", 1), ("八点", 1), ("黑天", 3), ("下午三点", 2)])
def test_the_time_of_day_alone_points(words, number):
    item = at_the_hour(words, [MORNING, AFTERNOON, EVENING], lambda i: i.starts_at, SHANGHAI)
    assert item is not None and item.number == number


def test_a_time_of_day_that_fits_two_points_at_none():
    assert at_the_hour("白天", [MORNING, AFTERNOON], lambda i: i.starts_at, SHANGHAI) is None
    assert at_the_hour("上午", [MORNING, Item(4, MORNING.starts_at)], lambda i: i.starts_at, SHANGHAI) is None


@dataclass
class Task:
    title: str


@pytest.mark.parametrize("text,pieces", [
    ("包饺子那个俺能去拉呱的俺就不去了", 2), ("那个送煤的俺不去了俺腰疼这个包饺子的俺去", 2), ("包饺子俺去", 1)])
def test_a_run_on_is_cut_at_each_task(text, pieces):
    tasks = [Task("暖心食堂包饺子"), Task("陪老人拉呱"), Task("给五保户送煤")]
    assert len(split_at_titles(text, tasks).split("，")) == pieces


@pytest.mark.parametrize("text,hours", [("往后推俩钟头", 2), ("晚一个小时吧", 1), ("提前半个钟头", -0.5), ("推后两个小时 俺上午有事", 2)])
def test_a_shift_by_hours(text, hours):
    assert _shifted_hours(text) == hours


@pytest.mark.parametrize("text", ["人家压根没露面", "男方没来 白等了", "老张家放鸽子了", "两家到最后也没尿到一块"])
def test_outcomes_not_reached(text):
    found = OUTCOME.match(text)
    assert found is not None and found.group("failed")


@pytest.mark.parametrize("text", ["俩都中", "都确认", "这俩俺都同意"])
def test_all_bookings_yes(text):
    assert _BOTH_YES.match(text)


@pytest.mark.parametrize("text", ["配件还没到 得等两天", "材料卡在镇上了", "施工队说推迟到下礼拜", "缺个零件 三天后再来"])
def test_a_delay_is_news(text):
    assert _reports_work(text)


@pytest.mark.parametrize("text,satisfied", [
    ("办是办了 就是跑了好几趟", False), ("好是好了 可是还有点响", False), ("路是平了 就是不结实", False),
    ("门修上了 就是关不严实", False), ("灯亮了 不黑了", True), ("行行 东西收到了", True), ("水不臭了", True)])
def test_ratings_with_a_concession_or_the_trouble_gone(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text", ["议事日俺想提个意见 村里垃圾没人拉", "开会的时候俺要说个事儿", "议事日上俺想反映个要求"])
def test_something_to_raise_at_the_meeting(text):
    assert IDEA_AFTER_THE_MEETING.match(text)


OTHER_WORDS = [
    {"id": "pointer-alone-afternoon", "steps": [
        {"run": ["task", "create", "--title", "村口扫雪", "--area", "bz-daicun", "--at", "2026-12-08 08:00", "--needed", "2", "--skills", "其他"]},
        {"run": ["task", "create", "--title", "陪老人拉呱", "--area", "bz-daicun", "--at", "2026-12-08 15:00", "--needed", "2", "--skills", "陪老人聊天"]},
        {"as": "volunteer", "say": "后晌那个", "action": "volunteer.signup", "reply_has": ["拉呱"], "reply_lacks": ["报名成功！村口扫雪"]}]},
    {"id": "withdraw-softly", "steps": [
        {"run": ["task", "create", "--title", "村口扫雪", "--area", "bz-daicun", "--at", "2026-12-08 08:00", "--needed", "2", "--skills", "其他"]},
        {"as": "volunteer", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "唉 俺估计赶不过来 拉倒吧", "action": "volunteer.withdraw"}]},
    {"id": "mediator-clock-alone", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "mediator", "say": "十点半吧 九点半俺还有一场", "action": "mediation.propose", "push_to": {"villager": ["10点半"]}}]},
    {"id": "mediator-earlier-by-an-hour", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "mediator", "say": "提前一个钟头", "action": "mediation.propose", "push_to": {"villager": ["8点半"]}}]},
    {"id": "mediator-named-other-afternoon", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "villager2", "say": "俺要约调解 跟婆家为赡养的事 周四下午"}, {"as": "villager2", "say": "1"},
        {"as": "villager2", "say": "13905391235", "action": "mediation.book"},
        {"as": "mediator", "say": "赡养那个挪到礼拜五下午", "action": "mediation.propose", "push_to": {"villager2": ["12月11日"]},
         "no_push_to": ["villager"]}]},
    {"id": "party-two-errands-run-on", "steps": [
        {"as": "villager", "say": "想请人帮俺办高龄津贴"}, {"as": "villager", "say": "13805390001"}, {"as": "villager", "say": "明天上午"},
        {"as": "villager", "say": "1", "action": "errand.submit"},
        {"as": "villager2", "say": "请党员帮俺办残疾补贴"}, {"as": "villager2", "say": "13805390004 周末都在家"},
        {"as": "villager2", "say": "1", "action": "errand.submit"},
        {"as": "party", "say": "头一个俺接第二个俺办不了", "action": "errand.accept", "push_to": {"villager": []}, "no_push_to": ["villager2"]}]},
    {"id": "villager-counter-offer-afternoon", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "mediator", "say": "改到礼拜四上午", "action": "mediation.propose"},
        {"as": "villager", "say": "上午俺得下地 后晌行不", "action": ["mediation.move", "mediation.ask"], "reply_lacks": ["还不太明白"]}]},
]


@pytest.mark.parametrize("spec", OTHER_WORDS, ids=lambda s: s["id"])
def test_each_cause_in_other_words(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text,number", [("第三个俺去", 3), ("第4个中", 4), ("第五个", None)])
def test_an_ordinal_beyond_two(text, number):
    tasks = [Item(n, MORNING.starts_at) for n in (1, 2, 3, 4)]
    found, _ = pointed_task(text, tasks, datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc), SHANGHAI)
    assert (found.number if found else None) == number


@pytest.mark.parametrize("text,but", [("除了送煤的 其他的都中", "送煤"), ("除开礼拜二那个 剩下的俺都去", "礼拜二"),
                                      ("除了扫雪别的都去不了", "扫雪")])
def test_all_but_one(text, but):
    found = _EXCEPT.match(text)
    assert found and found.group("but") == but


@pytest.mark.parametrize("text", ["这个该找水利站", "不归俺们农业组", "你找派出所吧 俺们管不着"])
def test_a_whistle_for_another_body(text):
    assert DECLINE_NEED.match(text)


@pytest.mark.parametrize("text", ["到时候俺按点到", "中 保准去", "知道了 一定过去"])
def test_a_promise_to_come_is_an_ok(text):
    assert smalltalk_kinds(text) == {"ok"}


@pytest.mark.parametrize("text,word", [("俩人说着说着又吵起来了 没法调", "未成功"), ("老两口当场就和好了 还一块回家了", "成功"),
                                       ("钱的事太大 俺让他们找律师", "转交"), ("人家压根没露面", "未成功")])
def test_outcomes_at_length(text, word):
    assert _last_said(text) == word


@pytest.mark.parametrize("text,asks", [("俺能带俺儿一块去不", True), ("停水停到几点", True), ("用不用带户口本", True),
                                       ("好的知道了", False), ("俺在家等着", False)])
def test_a_question_about_a_push(text, asks):
    assert bool(_QUESTION.search(text)) is asks


def _booked_and_confirmed():
    return [{"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
            {"as": "villager", "say": "13905391234", "action": "mediation.book"},
            {"as": "mediator", "say": "确认", "action": "mediation.confirm"}]


MORE_WORDS = [
    {"id": "question-after-confirm", "steps": _booked_and_confirmed() + [
        {"as": "villager", "say": "对方要是不来咋整啊", "action": "human.forward", "push_to": {"secretary": ["调解预约"]}}]},
    {"id": "question-after-notice", "steps": [
        {"run": ["notice", "publish", "--area", "bz-daicun", "--kind", "通知", "--title", "停电通知", "--body", "明天全天检修线路"]},
        {"as": "villager", "say": "那冰箱里的肉咋办", "action": "human.forward", "push_to": {"secretary": ["停电"]}}]},
    {"id": "outcome-told-as-a-story", "steps": _booked_and_confirmed() + [{"wait": "2d"}, {"wait": "3h"},
        {"as": "mediator", "voice": "今天俩人来了说了一上午最后老张给老李赔了礼俩人握手了", "action": "mediation.outcome",
         "push_to": {"villager": []}}]},
    {"id": "waitlisted-gives-up", "steps": [
        {"run": ["task", "create", "--title", "敬老院擦玻璃", "--area", "bz-daicun", "--at", "2026-12-09 09:00", "--needed", "1", "--skills", "其他"]},
        {"as": "volunteer2", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "俺报", "action": "volunteer.waitlist"},
        {"as": "volunteer", "say": "那俺不等了", "action": "volunteer.withdraw"}]},
]


@pytest.mark.parametrize("spec", MORE_WORDS, ids=lambda s: s["id"])
def test_batch3_causes_in_other_words(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["他家收入超了 够不上低保", "镇上说不给办", "跑了两趟 批不下来"])
def test_a_finding_is_the_result(text):
    assert FINDING.search(text)


@pytest.mark.parametrize("text", ["送戏下乡那个几点", "入户走访在哪啊", "第二个活动啥时候来着"])
def test_where_or_when_of_an_activity(text):
    assert _JOIN_DETAIL.search(text)


@pytest.mark.parametrize("text", ["水泥订上了 过两天拉来", "零件下单了", "过些天师傅来"])
def test_goods_on_the_way_are_news(text):
    assert _reports_work(text)


def _two_errands():
    return [{"as": "villager", "say": "想请人帮俺办高龄津贴"}, {"as": "villager", "say": "13805390001"},
            {"as": "villager", "say": "明天上午"}, {"as": "villager", "say": "1", "action": "errand.submit"},
            {"as": "villager2", "say": "请党员帮俺办残疾补贴"}, {"as": "villager2", "say": "13805390004 周末都在家"},
            {"as": "villager2", "say": "1", "action": "errand.submit"}]


BATCH4_WORDS = [
    {"id": "both-errands-done-other-words", "steps": _two_errands() + [
        {"as": "party", "say": "两个俺都接了", "action": "errand.accept"},
        {"as": "party", "say": "这俩都弄利索了", "action": "errand.done", "push_to": {"villager": [], "villager2": []}}]},
    {"id": "moved-booking-confirmed-by-a-yes", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "villager", "say": "俺那个调解改到礼拜五上午", "action": ["mediation.move", "mediation.ask"]},
        {"as": "mediator", "say": "中 就这么定了", "action": "mediation.confirm", "push_to": {"villager": []}}]},
    {"id": "stop-what-was-just-sent", "steps": [
        {"run": ["notice", "publish", "--area", "bz-daicun", "--kind", "公示", "--title", "低保户名单公示", "--body", "请各户互相转告"]},
        {"as": "villager", "say": "这种的以后甭发了", "action": "affairs.optout"}]},
    {"id": "volunteer-asks-about-the-task", "steps": [
        {"run": ["task", "create", "--title", "村口扫雪", "--area", "bz-daicun", "--at", "2026-12-08 08:00", "--needed", "2", "--skills", "其他"]},
        {"as": "volunteer", "say": "俺腿脚不大利索 干点轻活行不", "action": "human.forward", "reply_lacks": ["还不太明白"]}]},
]


@pytest.mark.parametrize("spec", BATCH4_WORDS, ids=lambda s: s["id"])
def test_batch4_causes_in_other_words(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text", ["俺们一家子都去", "老两口都能去", "咱们都去"])
def test_a_household_saying_yes(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["忙完这阵就过去", "等俺吃完饭就去办", "回来就跑一趟"])
def test_going_once_something_is_done(text):
    assert _takes(text)


@pytest.mark.parametrize("text,ready", [("中 俺早点准备着", True), ("好 俺家提前把车挪了", True), ("知道了 俺家没水了咋办", False)])
def test_getting_ready_for_a_notice(text, ready):
    assert bool(_READYING.match(text)) is ready


BATCH5_WORDS = [
    {"id": "notice-readying-other-words", "steps": [
        {"run": ["notice", "publish", "--area", "bz-daicun", "--kind", "通知", "--title", "停电通知", "--body", "明天上午检修线路"]},
        {"as": "villager", "say": "晓得了 俺先把手机充上电", "action": "smalltalk.ack"}]},
    {"id": "digest-question-other-words", "now": "2026-12-01 08:50", "steps": [{"wait": "20m"},
        {"as": "villager", "say": "建需求台账那个在哪", "action": "theme.show"}]},
]


@pytest.mark.parametrize("spec", BATCH5_WORDS, ids=lambda s: s["id"])
def test_batch5_causes_in_other_words(worlds, spec):
    assert_passes(worlds, spec)
