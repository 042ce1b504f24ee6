"""Paraphrase robustness (helper talk12): the colleague sets that pass, each conversation said again
in another villager's words (tests/data/converse-para12a-N.jsonl, ids p12a-<set>-…), measured at
first sight before their causes were fixed. The causes, each tested here in other words again.

Batches 1-4 (blind sets 21 and 24 re-worded; 22/23, 19/22, 20/21, 18/21 at first sight):
- 明 / 今 alone before a part of the day (明上午10点, 今下午) is tomorrow / today;
- a booking stopped as 就免了吧 / 拉倒 / 不必了 is a cancel like 不用了;
- the meeting by any name (议事会, 村民代表会) before 提个意见 / 建议 is a suggestion for it;
- the sending taken back with 推 as well as 发 (还是接着给俺推村务吧) restarts the pushes;
- a relative without WeChat acted for, with a matter only guessed from an age (俺娘八十五了 不会使手机
  俺帮她弄中不), adds the relative; a matter named outright still goes first;
- whether one comes up to a matter (她够五保不, 够低保的条件吗) is who qualifies;
- where one lives said with the phone a form asks (俺住后街 手机号139…) is no registration: a place
  with a phone number is never a new request for `bind`;
- a thing the village means to do, then who or how it was decided (村里要修路 谁定的) is affairs.

Batches 5 and 6 (blind set 19 re-worded; 19/22 and 16/22 at first sight, after batches 1-4's fixes;
one miss was the script's: the representative's push quoted 栏杆 where the new words say 护栏):
- a booking stopped in words (调解就算了) at any question of the form, the other party's too; while
  the story is asked only with the booking named, since a story may hold 算了;
- money spent told as one's burden (看病花钱多, 花了不少钱) is the situation, no fee asked;
- going with the work named (俺也去扫, 俺去帮把手, 俺来搭把手) says yes to the task pushed;
- the village's rules as 咱村的规矩 / 庄上的规矩 / 村里定的章程 are the 村规民约;
- 别 before missing something (别漏了事, 别耽误了) keeps the pushes, no stop; 推给俺 / 发给俺 start them;
- one's own age told with "which benefits" (俺一个老头子七十了 … 有啥补贴能领) is the benefits check, a
  matter only guessed from the story (地 → 耕地补贴) gives way;
- a neighbour's deed, then "said it and they don't change" (咋说都不改, 劝了几回也不听) is a dispute;
- a status said by a matter's name (俺家没低保, 是五保户, 吃着低保) before "do I qualify" is a condition of
  the guide talked about, unless the question names a matter of its own.

Batches 7 and 8 (blind set 16 re-worded; 20/21 and 20/20 at first sight):
- the helper named first, then what they did for one (党员帮俺办的那事咋样了, 恁们帮俺弄的那个低保咋样了)
  and how it stands is one's own records, like 俺让党员办的….

Batches 9 and 10 (blind set 11 re-worded; 19/21 and 16/20 at first sight):
- 能评五保不 / 能享受低保吗 (may one be granted the matter) is who qualifies;
- asked of whom one entrusted (托恁们办的…办到哪了, 麻烦恁给俺交的…) is one's own records, and 办到哪 /
  弄到哪一步 is how far it has got, never the place;
- a booking's own verbs send it on (中 约上, 就这样定了吧) like 报 / 提交;
- words of what the bot does not serve (天气) are never found by sound: "俩天吃不上水" is no 天气;
- 俺都报上啥了: 上 after the sign-up verb, like 了 / 过;
- the matter named first, then how the village decided it (修路这个事村里是咋决定的) is affairs.

Batches 11 and 12 (blind set 9 re-worded; 17/20 and 19/20 at first sight):
- no phone said topic first as a clause of its own (手机俺没有 东头第三家就是俺家) is no phone;
- one's own records asked with the thing before 有啥 (俺报上的活动有啥), as what one did (看看俺办的事),
  or as whether one has any (俺有啥预约没).

Batches 13 and 14 (blind set 8 re-worded; 19/20 and 17/19 at first sight; the 2 misses of batch 14
were the script's: the set's "1" after the phone is the summary's 确认 since the urgency is defaulted,
and "一般" / "普通" put there changed the meaning: now "对 提交" / "行 报上去"):
- able or wanting to go with the work named (俺能去包, 俺可以去帮忙) says yes, as 俺也去扫 does.

Batches 15 and 16 (converse-colleague-4 re-worded; 21/23 and 19/22 at first sight; one miss was the
script's: the representative's push quoted 机井 where the new words say 浇地的井):
- a relative named with the age straight after (那俺奶八十二 有份没) is an age told: who qualifies
  (the filler 那个 at the start is no "那…": 那个 俺爷九十了 高龄补贴咋领啊 asks how, as before);
- 俺手上还有啥事没办完: one's own records with 手上 / 手里 between;
- a task named by the same work in other words (剪头那个俺去 for 理发, 扫地的 for 打扫卫生);
- to whom one wants to talk (有人没 俺想跟人说) is no message to pass on: what to say is asked.

Batch 17 (converse-colleague-1 re-worded, 38 conversations; 37/38 at first sight):
- how many years one pays before receiving (交多少年才能领钱) is who qualifies, not a fee.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.nlu import route_text
from bot.forms import is_confirm, says_no_phone
from bot.nlu.dates import parse_day
from bot.push_wishes import read_wish
from handlers.affairs import RULES_WORDS
from handlers.answer_words import says_yes
from handlers.benefits import told_at_start
from handlers.guide_parts import asked_part, condition_held
from handlers.human import _message_words
from handlers.task_pick import without_title
from handlers.own_bookings import CANCEL_WORDS
from handlers.push_settings import push_wish
from handlers.suggestions import SUGGEST
from tests.kit.conversations import assert_passes, own_conversations

KNOWN_OPEN: set[str] = set()
_BATCHES = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason="left open, see the docstring")]
                         if spec["id"] in KNOWN_OPEN else [])
            for n in range(1, 18) for spec in own_conversations(f"converse-para12a-{n}.jsonl")]


@pytest.mark.parametrize("spec", _BATCHES)
def test_paraphrased_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


_SATURDAY = datetime(2026, 12, 12, 18, 30)


@pytest.mark.parametrize("text, day, hour", [
    ("明下午三点", 13, 15),
    ("明晚上七点去", 13, 19),
    ("今下午四点", 12, 16),
    ("说明上午的事", None, None),
    ("证明下午给你", None, None),
])
def test_ming_or_jin_alone_before_the_part_of_the_day(text, day, hour):
    found = parse_day(text, _SATURDAY)
    assert (found.day.day if found else None, found.hour if found else None) == (day, hour)


@pytest.mark.parametrize("text, stops", [
    ("那个调解拉倒吧 俺俩和好了", True),
    ("调解不必了", True),
    ("预约免了 不去了", True),
    ("调解免费吗", False),
    ("学费减免了", False),
])
def test_stops_in_other_words(text, stops):
    assert bool(CANCEL_WORDS.search(text)) is stops


@pytest.mark.parametrize("text", ["俺想给村民代表会提条建议 路灯多安几个", "给议事会提个意见 垃圾点挪挪"])
def test_the_meeting_by_any_name_then_a_suggestion(text):
    assert SUGGEST.match(text)


@pytest.mark.parametrize("text, wish", [
    ("还是继续推着吧", "start"),
    ("再给俺推吧 俺想看", "start"),
    ("接着推活动吧", "start"),
    ("村务消息不用再推给我了", "stop"),
])
def test_sending_taken_back_by_either_verb(text, wish):
    assert push_wish(text) == wish


@pytest.mark.parametrize("text", ["俺家够低保的条件吗", "俺爹这样够残疾补贴不", "她够五保的标准不"])
def test_coming_up_to_a_matter_is_who_qualifies(text):
    assert asked_part(text, True) == "who"


@pytest.mark.parametrize("text", ["村里准备挖坑塘 这是谁拍板的", "俺们村要拆老戏台 咋决定的"])
def test_a_village_plan_and_who_decided_it(text):
    assert route_text(text).intent == "affairs"


def test_a_plan_with_ones_own_wish_stays_a_need():
    assert route_text("村里要修路 俺家门口能修不").intent == "need"


@pytest.mark.parametrize("text", ["俺娘住院花了好多钱 医疗救助咋申请", "俺家看病花钱花得厉害 救助咋办"])
def test_money_spent_told_is_no_fee_asked(text):
    assert asked_part(text) is None


@pytest.mark.parametrize("text, yes", [("俺去帮把手", True), ("中 俺来搭把手", True), ("俺也去打扫", True),
                                       ("俺可以去帮忙", True), ("俺想去陪", True), ("去扫不了了", False), ("俺去不了", False)])
def test_going_with_the_work_named_is_yes(text, yes):
    assert says_yes(text) is yes


@pytest.mark.parametrize("text", ["俺庄上的规矩都有啥", "村里定的章程给俺看看", "咱村的规矩"])
def test_the_village_rules_in_other_words(text):
    assert RULES_WORDS.search(text)


@pytest.mark.parametrize("text, change", [("还是发吧 别耽误了村里的事", "start"), ("还是推给俺吧 别落下啥", "start"),
                                          ("别给俺推村务了", "stop")])
def test_not_missing_something_is_no_stop(text, change):
    assert read_wish(text).change == change
    assert push_wish(text) == change


@pytest.mark.parametrize("text, age", [("我这个老婆子八十多了 种着二亩地 能享受啥补贴", 80), ("俺一个老汉六十九了 有啥补助", 69)])
def test_own_age_said_with_what_one_is(text, age):
    assert told_at_start(text)["ages"] == [age]


@pytest.mark.parametrize("text, intent", [
    ("隔壁天天半夜放音响 劝了几回他也不听", "mediation"),
    ("后邻家的鸡老上俺菜园子刨 说过好几次都不当回事", "mediation"),
    ("路灯坏了 跟村里说了好几回都不管", "need"),
])
def test_a_neighbours_deed_and_no_change_after_words(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text, held", [("俺是五保户 能申请不", "是五保户"), ("吃着低保呢 中不中", "吃着低保"),
                                        ("俺没低保 能办低保不", None)])
def test_a_status_named_by_its_matter_is_a_condition(text, held):
    assert condition_held(text) == held


@pytest.mark.parametrize("text, intent", [
    ("恁们帮俺弄的那个低保咋样了", "status"),
    ("网格员给俺交的医保办好了没", "status"),
    ("党员帮俺办低保 电话13800001111", "errand"),
])
def test_the_helper_named_first_then_how_it_stands(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text", ["他能评五保不", "俺娘能享受低保吗", "俺爹能吃上低保不"])
def test_may_one_be_granted_is_who_qualifies(text):
    assert asked_part(text, True) == "who"


@pytest.mark.parametrize("text, intent", [
    ("托你们办的高龄津贴办到哪了", "status"),
    ("托党员办的低保咋样了", "status"),
    ("俺都报上啥了", "status"),
    ("麻烦党员帮俺办低保", "errand"),
    ("打井的工程村委是谁拍板的", "affairs"),
    ("村里自来水管冻坏了 俩天吃不上水", "need"),
    ("两天吃不上饭了 有食堂不", "canteen"),
    ("明天天气怎么样", "unknown"),
])
def test_round_four_first_messages(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text", ["现在弄到哪一步了", "低保办到哪了", "走到哪步了"])
def test_how_far_is_no_place(text):
    assert asked_part(text, True) is None


@pytest.mark.parametrize("text, yes", [("中 约上", True), ("行 就这样约了吧", True), ("好 给约上", True),
                                       ("后天再约", False), ("不约", False)])
def test_a_bookings_verbs_send_it_on(text, yes):
    assert is_confirm(text) is yes


@pytest.mark.parametrize("text, none", [("电话俺家也没有 恁上门吧", True), ("手机俺没有 上午在家", True),
                                        ("食堂开门没 俺去看看", False)])
def test_no_phone_said_topic_first_in_a_clause(text, none):
    assert says_no_phone(text) is none


@pytest.mark.parametrize("text, intent", [
    ("我约的调解都有哪些", "status"),
    ("查查我托的事", "status"),
    ("我还有几个报名不", "status"),
    ("俺办的低保 要带啥", "guide"),
    ("我有啥活动能参加", "volunteer"),
])
def test_own_records_in_other_words(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text", ["俺爷七十九 能领不", "俺叔六十 中不中"])
def test_a_relative_then_the_age_is_who_qualifies(text):
    assert asked_part(text, True) == "who"


@pytest.mark.parametrize("text, part", [("那个 俺爷九十了 高龄补贴咋领啊", None), ("那个俺娘才七十五呢", "who")])
def test_the_filler_nage_puts_no_case(text, part):
    assert asked_part(text, True) == part


@pytest.mark.parametrize("text", ["我手里还有几件事在办", "俺手头还有啥事没办完"])
def test_own_records_with_the_hand_between(text):
    assert route_text(text).intent == "status"


@pytest.mark.parametrize("text, title, rest", [
    ("扫地的俺去", "敬老院打扫卫生", "的俺去"),
    ("拉呱那个俺能去", "陪五保老人聊天", "那个俺能去"),
    ("剪头那个俺去", "食堂帮忙择菜", "剪头那个俺去"),
])
def test_a_task_named_by_the_same_work(text, title, rest):
    assert without_title(text, title) == rest


@pytest.mark.parametrize("text, words", [("有人在吗 想和真人聊聊", None), ("有人没 俺想问问低保的事", "俺想问问低保的事")])
def test_to_whom_one_wants_to_talk_is_no_message(text, words):
    assert _message_words(text) == words


@pytest.mark.parametrize("text, part", [("新农保得交够多少年才给发钱", "who"), ("交多少年能领养老金", "who"),
                                        ("养老保险交多少钱才能领", "cost")])
def test_years_paid_before_receiving(text, part):
    assert asked_part(text) == part


_OWN = [
    {"id": "t12-relative-guessed-matter", "steps": [
        {"as": "villager", "say": "俺爹九十了 没有微信 俺替他弄中不", "action": ["family.add", "family.ask"]}]},
    {"id": "t12-relative-guessed-matter-2", "steps": [
        {"as": "villager", "say": "俺奶八十七 不会用手机 俺帮她办行不", "action": ["family.add", "family.ask"]}]},
    {"id": "t12-need-place-with-phone", "steps": [
        {"as": "villager", "say": "俺们胡同的路灯坏了一个多月了 黑灯瞎火的", "action": ["need.ask", "need.report"]},
        {"as": "villager", "say": "俺住西头 电话13905390101", "action": ["need.ask", "need.report"]}]},
    {"id": "t12-need-place-with-phone-2", "steps": [
        {"as": "villager", "say": "俺家胡同口的水管子漏了好几天了", "action": ["need.ask", "need.report"]},
        {"as": "villager", "say": "俺家在南街 号码13905390102", "action": ["need.ask", "need.report"]}]},
 {"id": "t12-mediation-stop-at-other", "steps": [
        {"as": "villager", "say": "跟邻居为了院墙的事闹别扭 想约调解", "action": ["mediation.ask"]},
        {"as": "villager", "say": "俺们俩说开了 调解拉倒吧", "action": ["flow.cancel", "mediation.cancel"]}]},
    {"id": "t12-mediation-stop-at-other-2", "steps": [
        {"as": "villager", "say": "俺跟俺妯娌闹矛盾了 想找调解员说和说和", "action": ["mediation.ask"]},
        {"as": "villager", "say": "不用调解了 俺俩和好了", "action": ["flow.cancel", "mediation.cancel"]}]},
    {"id": "t12-benefits-own-age-story", "steps": [
        {"as": "villager", "say": "我这个老婆子八十多了 种着二亩地 能享受啥补贴", "action": ["benefits.ask", "benefits.show"]}]},
    {"id": "t12-condition-status-housing", "steps": [
        {"as": "villager", "say": "危房改造咋弄", "action": ["guide.show", "guide.steps"], "guide": "dilapidated-housing"},
        {"as": "villager", "say": "俺家吃着低保呢 中不中", "action": "guide.who", "guide": "dilapidated-housing"}]},
    {"id": "t12-errand-entrusted-how-far", "steps": [
        {"as": "villager", "say": "请党员帮俺办残疾证 电话13805390211 明天上午在家", "action": ["errand.ask", "errand.submit"]},
        {"as": "villager", "say": "中", "action": ["errand.submit", "errand.ask", "smalltalk.ack"]},
        {"as": "villager", "say": "托恁们办的残疾证弄到哪一步了", "action": "status.show"}]},
    {"id": "t12-mediation-yes-with-booking-verb", "steps": [
        {"as": "villager", "say": "后邻把俺家的排水沟填了 想调解 后天上午", "action": ["mediation.ask", "mediation.book"]},
        {"as": "villager", "say": "好 给约上", "action": ["mediation.book"]}]},
]


@pytest.mark.parametrize("spec", _OWN, ids=[s["id"] for s in _OWN])
def test_own_phrasings_of_the_causes(worlds, spec):
    assert_passes(worlds, spec)
