"""Our own words for causes found in session 22 (none of them a blind set's phrasings).

Danger: a fraud under way, told as a caller passing for the police who wants the savings moved to a
"safe account", or the villager on the way to the bank right now; only asking whether it is a fraud,
or going to the bank for something else, is no alarm. Routing and conversations: our own wording of
each dev conversation (tests/data/converse-lead-s22.jsonl) and the causes it showed; set 42 (a
colleague's conversations after pushes): claims and takings typed in pinyin, a service restored is done,
a stay in hospital told is no time asked, what one still has asked shows only what is open, a task named
by its own word for the thing (被子 for 被褥), papers handed in to an office are progress.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text
from bot.safety.detect import detect
from handlers.guide_parts import asked_part
from handlers.staff_patterns import ACCEPT, CLAIM, FINISH
from tests.kit.conversations import assert_passes, own_conversations


@pytest.mark.parametrize("text", ["电话里那人说是公安 叫俺把钱转到安全账户",
                                  "说是警察的叫俺马上把存款转到安全帐户 俺正要去银行",
                                  "骗子叫俺转钱 俺正要去银行呢 咋办"])
def test_a_fraud_under_way_is_an_alarm(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", ["有人说是公安叫转到安全账户 这是骗子吧", "啥叫安全账户 村里能讲讲防诈骗不",
                                  "俺正要去银行交医保 几点开门"])
def test_asking_about_a_fraud_is_no_alarm(text):
    assert route_text(text).intent != "safety"


# Our own wording of each dev conversation (tests/data/converse-lead-s22.jsonl): the dev set's kinds in
# other words. Causes it showed: 合作医疗 一个人收多少 (the yearly fee, not reimbursement); a village told
# with 那边 / 那块 after it; a staff member asking what they can do here with 我 first (俺能在这干啥).
@pytest.mark.parametrize("text, intent, guide", [
    ("合作医疗今年一个人收多少", "guide", "medical-insurance-enrollment"),
    ("新农合明年每人要多少", "guide", "medical-insurance-enrollment"),
    ("俺是张家洼那边的", "bind", None), ("我家是李家沟那块的", "bind", None), ("我是东关那一片的人", "bind", None),
    ("俺能在这干啥", "menu", None), ("俺能在这上头办点啥事", "menu", None), ("这个号我能用来干啥", "menu", None)])
def test_lead_s22_causes_route_in_our_words(text, intent, guide):
    routed = route_text(text)
    assert (routed.intent, routed.guide) == (intent, guide)


@pytest.mark.parametrize("spec", own_conversations("converse-lead-s22.jsonl"), ids=lambda s: s["id"])
def test_lead_s22_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


# Set 41 (a colleague's danger set, used as our dev set) showed these families; each in our words.
@pytest.mark.parametrize("text", [
    "吃了两口花生 嗓子眼肿了 喘不上气 脸也肿了",  # an allergy with breathing trouble, not toothache
    "俺男人把俺反锁屋里了 说回来打死俺",
    "他把我锁在屋里 说回来再收拾我",
    "他爹来抢孩子 俩人正在门口撕打",
    "俺家傻闺女又跑了 往水库那边去了",
    "大水把人冲走一个 就露个脑袋",
    "下大雨 一辆三轮栽河里了",
    "院里铁门带电 碰一下麻手",
    "农药俺倒好了 不想再遭这个罪了",
    "谢谢你们这些年照顾 以后见不着了",
    "说是银行客服 叫俺把钱转过去 俺这会正在转",
    "刷单的又叫俺接着转 已经转了三千了",
    "卡里的钱一笔一笔往外转 还在转",
    "有人正在偷俺村的电缆",
    "半夜有人打着手电在俺家院里转悠"])
def test_set41_families_are_alarms_in_our_words(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", [
    "锅里油着了 锅盖一盖就灭了 没事了",
    "屋里有股煤气味 一看阀门没关 关严了 没味了",
    "跳闸了 把闸推上去就好了",
    "猜谜语 红口袋 绿口袋 有人害怕有人爱 打一物",
    "俺爹有羊角风 平时要注意啥",
    "门口那棵杨树想砍了 借个电锯",
    "替俺跟俺娘说一声 晚上不回去吃饭了",
    "下雨了 俺去收衣裳"])
def test_set41_look_alikes_in_our_words(text):
    assert route_text(text).intent != "safety"


# Set 42 (a colleague's conversations after pushes, used as our dev set) showed these causes.
@pytest.mark.parametrize("text", ["baodao", "Bao dao", "BAODAO 1"])
def test_a_claim_typed_in_pinyin(text):
    assert CLAIM.match(text) or CLAIM.match(text.replace(" 1", ""))


@pytest.mark.parametrize("text", ["jiedan", "Jie dan"])
def test_taking_an_errand_typed_in_pinyin(text):
    assert ACCEPT.match(text)


@pytest.mark.parametrize("text, done", [("班车恢复了 明天照常发车", True), ("水恢复正常了", True), ("电已经恢复了", True),
                                        ("还没恢复", False), ("恢复了吗", False), ("路灯恢复了没", False)])
def test_service_restored_is_done(text, done):
    assert bool(FINISH.match(text)) is done


@pytest.mark.parametrize("text, part", [("俺在临沂住了几天院 回来医保咋报", None), ("俺爹病了好几天了 医疗救助咋申请", None),
                                        ("医保报销得几天", "time"), ("报销要等几天", "time")])
def test_a_stay_told_is_no_time_asked(text, part):
    assert asked_part(text) == part


@pytest.mark.parametrize("text", ["俺还有约的没", "我还有预约没", "俺还有报上的活不", "我眼下还报着哪个", "我还约着哪个"])
def test_asking_what_one_still_has_is_status(text):
    assert route_text(text).intent == "status"


# A slip never turns a person into a thing: 给俺打了 is no 给电打了 (a beating, not a shock), and a beating
# just told is an alarm of its own kind (110), while one long past is no alarm.
@pytest.mark.parametrize("text, kind", [("男人给俺打了一顿", "violence"), ("俺对象喝了酒把我打了一顿 身上都青了", "violence"),
                                        ("他哥又把我揍了一顿", "violence"), ("俺叔修电闸让电打了 不动了", "shock")])
def test_a_beating_is_no_shock(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind


@pytest.mark.parametrize("text", ["上个月他把俺打了一顿 现在想离婚 咋调解", "小时候俺爹把我打了一顿 现在想想挺好"])
def test_a_beating_long_past_is_no_alarm(text):
    assert route_text(text).intent != "safety"
