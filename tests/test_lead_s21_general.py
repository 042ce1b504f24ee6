"""Our own words for the causes the colleagues' sets 25 and 29 showed (session 21): routing rows,
word tests and conversations (tests/data/converse-lead-s21.jsonl), none of them the sets' phrasings.

Routing: an only child lost or disabled (family planning's special support, not temporary
assistance) and the 光荣证; a matter handed (托给, 交给) to a party member; thefts that keep happening
(a need of the area); a bare good morning; a cadre asked to come and explain; a neighbour told many
times who will not change (a dispute). Words: 换个人吧 / 另找个人 giving a volunteer's place up, 报到了
as a bare claim, a change and a yes in one answer at a summary, 确认 typed by its sound. Danger
look-alike: the firefighters who came thanked. Conversations: an ok to a task push names the task; an
ok after letting an offer go takes nothing; a suggestion announced in a later clause. Set 30 (the dev
set's kinds in other words): "那X呢" after 咋办 shows X's first screen (a part asked is still carried);
a bare 1 opening a yes (1 俺报名) is the latest push's 回复1, 1号 names task 1; 先问个别的 is no dispute
of the kind 其他. Set 32 (the dev set's kinds twice more): a voice message's sighs around thanks
(哎 好好 谢谢啊); the mediator's 行 约上了; a party member's 不行 … 推了; a yes with 那个 between (行那个就这么着吧,
and 那个时间就行 kept whole); a daughter-in-law who does not support the old couple (a dispute). Set 35 (the routing dev set's lines in other words) and 34: 交不 还是… is no 不还 of a
debt; a greeting before what the account can do; 你们好; one-off hardship aid; the breadwinner fallen
and food a problem (temporary assistance, not the canteen); rebuilding that asks about approval
(the homestead guide); a situation to tell the higher-ups (a need); setting one's village; one's own
sign-up's day; a staff member asking what they can do here (help, not becoming one). Sets 26, 28 and
31 after their first-sight measurement: 农保, 户口咋报, shen份证, a village matter voted on, 换个村, 喂 before a
question, all the account can do 给俺说说全的, 不用约了 at the booking form, 开开 restarting pushes; dangers:
a lean to one side with the hand failing, bricks still being thrown, live water stepped in, a dug pit caved
in with a person below, 想不开 with the poison in hand, water up to the waist; look-alikes: 炸了锅, an
insurance question, a quarrel told as settled now.
"""
from __future__ import annotations

import re

import pytest

from bot.nlu import route_text
from bot.forms import is_confirm
from bot.nlu.disputes import dispute_kind
from handlers.answer_words import says_cant, yes_code_first
from handlers.form_steps import _yes_in_a_clause_after
from handlers.mediator_words import CONFIRM
from handlers.need_reps import CLAIM_WORD
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_words import DECLINE
from tests.kit.conversations import assert_passes, own_conversations

ROWS = [
    ("俺家就一个闺女 车祸残了 有啥补", "guide", "family-planning-assistance"),
    ("独生儿子前些年走了 俺老两口能领点啥", "guide", "family-planning-assistance"),
    ("俺有独生子女光荣证 到六十能领钱不", "guide", "family-planning-assistance"),
    ("这事交给党员替俺跑一趟中不", "errand", None),
    ("能托给村里给俺把医保交了不", "errand", None),
    ("庄西头老是有人偷电缆", "need", None),
    ("早上好", "menu", None),
    ("您早", "menu", None),
    ("找个书记给俺讲讲", "human", None),
    ("后邻的狗天天叫唤 找他家好几次了照样", "mediation", None),
    ("西院那家往俺地里倒粪水 劝了多少回也不听", "mediation", None),
    ("俩儿都不养俺老两口", "mediation", None),
    ("儿媳妇不给俺生活费", "mediation", None),
    ("医保的钱在手机上能交不 还是得去村委交", "guide", "medical-insurance-enrollment"),
    ("你好 恁们这都能帮着办些啥", "menu", None),
    ("大家好", "menu", None),
    ("一次性救助咋申请", "guide", "temporary-assistance"),
    ("家里的顶梁柱病倒了 日子都成问题了", "guide", "temporary-assistance"),
    ("俺们老房子推了想重新翻盖 得去哪批", "guide", "homestead"),
    ("俺有件事想跟上面反映", "need", None),
    ("在哪填俺是哪个庄的", "bind", None),
    ("俺报了名的活儿是哪天", "status", None),
    ("俺是志愿者 在这能干点啥", "menu", None),
    ("我是调解员 这个号我能干啥", "menu", None),
    ("农保今年交了没", "guide", "pension-insurance"),
    ("闺女刚生了娃 户口怎么上", "guide", "newborn-hukou"),
    ("shen份证过期了在哪换", "guide", "id-card"),
    ("修村西那条路的事投票了没有", "affairs", None),
    ("俺换个村了 搬到闺女家去了", "bind", None),
    ("喂 低保一个月给多少", "guide", "dibao"),
    ("你们这都能办些啥 给我列列全的", "menu", None),
]


@pytest.mark.parametrize("text, intent, guide", ROWS, ids=[r[0] for r in ROWS])
def test_set25_and_29_causes_route_in_our_words(text, intent, guide):
    route = route_text(text)
    assert route.intent == intent and not route.ambiguous
    if guide is not None:
        assert route.guide == guide


@pytest.mark.parametrize("text", ["路灯坏了 跟村里说了好几回也没人修", "井盖丢了 跟村上讲了好几次都没用"])
def test_a_fault_told_many_times_to_the_village_stays_a_need(text):
    assert route_text(text).intent == "need"


@pytest.mark.parametrize("text", ["河里水涨得吓人 俺爹俺娘还没撤出来", "俺爹一身冷汗 叫不应",
                                  "俺娘吃着吃着身子一歪 碗都拿不住了", "有人拿石头砸俺家窗户 还在砸",
                                  "水泵漏电了 水里带电 俺兄弟踩进去了", "挖沟塌了 人在坑底下出不来",
                                  "俺姐想不开 攥着安眠药瓶子不撒手", "屋里进水了 都到胸口了 老人还在里头"])
def test_set33_dangers_in_our_words(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", ["上回来救火的人 俺想谢谢他们", "想给救火的消防队送个匾", "俺家院墙早先倒了 危改能给补不",
                                  "听说要修路 村里炸开了锅 啥时候公示", "意外险管不管淹水的事",
                                  "俩人上回闹得要喝药 现在消停了 想找人说和",
                                  "中 俺自己扛着铁锨去", "明早俺扛着扫帚过去扫雪",
                                  "身份证到日子了 咋换新的", "俺们都到门口了 咋还不开门"])
def test_thanking_the_firefighters_is_no_alarm(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text, cant", [
    ("换个人吧", True), ("恁另找个人吧", True), ("让别人去吧", True), ("俺去", False)])
def test_someone_else_instead_gives_the_place_up(text, cant):
    assert says_cant(text) is cant


@pytest.mark.parametrize("text, claims", [("报到了", True), ("抱到啦", True), ("报导", True), ("报到了吗", False)])
def test_a_bare_claim_with_a_particle_or_by_its_sound(text, claims):
    assert (CLAIM_WORD.match(text) is not None) is claims


@pytest.mark.parametrize("text, yes", [
    ("不急 就这样吧", True), ("13700001111 对", True), ("很急，行", True), ("不急吧", False), ("很急 电话换一个", False)])
def test_a_change_and_a_yes_in_one_answer(text, yes):
    assert _yes_in_a_clause_after(text) is yes


@pytest.mark.parametrize("text", ["确任", "却任", "确仁"])
def test_confirm_typed_by_its_sound(text):
    assert re.match(CONFIRM, text)


@pytest.mark.parametrize("text, rest", [("1 俺报名", "俺报名"), ("1，算俺一个", "算俺一个"), ("1号俺去", None),
                                        ("1 接不了", None), ("12 俺去", None)])
def test_a_bare_1_opening_a_yes_is_the_push_code(text, rest):
    assert yes_code_first(text) == rest


@pytest.mark.parametrize("text, kind", [("先问个别的 高龄津贴咋领", None), ("俺先打听点其他的 残疾证咋办", None),
                                        ("别的", "其他"), ("其他的纠纷", "其他")])
def test_asking_about_something_else_is_no_dispute_kind(text, kind):
    assert dispute_kind(text) == kind


@pytest.mark.parametrize("text, kinds", [("哎 好好 谢谢啊", {"ok", "thanks"}), ("唉 知道了知道了", {"ok"}),
                                         ("哎", set()), ("那个低保", set())])
def test_sighs_around_small_talk(text, kinds):
    assert smalltalk_kinds(text) == kinds


@pytest.mark.parametrize("text, confirms", [("中 排上了", True), ("就约上吧", True), ("行 约上了吗", False),
                                             ("好的 知道了", False), ("收到 确认了", True)])
def test_the_mediator_says_the_booking_is_on(text, confirms):
    assert (re.match(CONFIRM, text) is not None) is confirms


@pytest.mark.parametrize("text", ["不行 出差 推了", "这单推了吧 俺腰疼"])
def test_a_party_member_turns_an_errand_down_in_words(text):
    assert DECLINE.match(text)


@pytest.mark.parametrize("text, yes", [("行那个就这么着吧", True), ("那个时间就行", True), ("哎对", True),
                                       ("那个", False), ("不对 那个不对", False)])
def test_a_yes_with_voice_fillers(text, yes):
    assert is_confirm(text) is yes


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s21.jsonl"), ids=lambda s: s["id"])
def test_lead_s21_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)
