"""Routing rules for short menu-like messages and for neighbouring guides (issue 13, kinds 3 and 4).

Each rule has hits (several wordings, none taken from a held-out or eval file) and look-alikes
that must stay where they belong.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text


def routed(text: str) -> tuple[str, str | None]:
    result = route_text(text)
    return result.intent, result.guide


# --- stopping: dialect words, and "stop sending" with no push named -------------------------

@pytest.mark.parametrize("text", ["拉倒", "拉倒吧", "罢了", "甭弄了", "不干了", "别推了", "退订吧",
                                  "别给我发了", "不要再发消息了", "甭给俺发通知了", "取消订阅"])
def test_bare_stop_words_cancel(text):
    assert routed(text)[0] == "cancel"


@pytest.mark.parametrize("text", ["算了 我自己去跑一趟 不麻烦了", "不用麻烦了 俺自己去镇上", "那就别麻烦了 谢谢"])
def test_not_troubling_anyone_any_more_cancels_even_with_errand_words(text):
    assert routed(text)[0] == "cancel"


@pytest.mark.parametrize("text, intent", [
    ("每月活动别再给我发了", "theme"),  # a push named: its own service stops it
    ("不要推送村务", "affairs"),
    ("那个拉倒的墙谁来修", None),  # 拉倒 inside a sentence is no command
])
def test_stop_words_with_a_push_named_or_inside_a_sentence_are_not_a_bare_stop(text, intent):
    got = routed(text)[0]
    assert got != "cancel"
    if intent:
        assert got == intent


# --- a person, not the machine ----------------------------------------------------------------

@pytest.mark.parametrize("text", ["不想跟机器人聊了", "别让机器回我了", "机器人说不明白，叫个人来",
                                  "找包村干部", "值班干部在不在", "来个人"])
def test_asking_for_a_person(text):
    assert routed(text)[0] == "human"


def test_a_question_about_the_bot_itself_stays_the_menu():
    assert routed("你是机器人吗")[0] == "menu"


# --- one's own request: replies and news ------------------------------------------------------

@pytest.mark.parametrize("text", ["有信儿了没", "给回话了吗", "那事有动静了吗", "我的单子", "我的需求呢",
                                  "看看我的调解", "上回那事弄好了没"])
def test_asking_after_ones_own_request(text):
    assert routed(text)[0] == "status"


@pytest.mark.parametrize("text, intent", [("我的低保一个月多少", "guide"), ("回信地址", "unknown")])
def test_my_with_a_matter_or_a_stray_word_is_not_status(text, intent):
    assert routed(text)[0] != "status"


# --- canteens, reports, village money ---------------------------------------------------------

@pytest.mark.parametrize("text", ["老年人吃饭去哪", "村里有老人就餐的点吗", "想找个吃口热饭的地儿"])
def test_where_old_people_eat_is_the_canteen(text):
    assert routed(text)[0] == "canteen"


def test_helping_in_the_canteen_stays_volunteering():
    assert routed("想去食堂帮忙做饭")[0] == "volunteer"


@pytest.mark.parametrize("text", ["想反映一下", "俺要反映个情况", "给村里出个主意"])
def test_wanting_to_report_is_a_need(text):
    assert routed(text)[0] == "need"


@pytest.mark.parametrize("text", ["村里去年的开支能看看吗", "村集体的收支明细在哪", "村上修桥花了多少钱"])
def test_how_the_village_spent_its_money_is_village_affairs(text):
    assert routed(text)[0] == "affairs"


def test_a_households_own_money_is_not_village_affairs():
    assert routed("低保钱每个月几号发") == ("guide", "dibao")


# --- neighbouring guides: what is asked decides, not the words they share ---------------------

@pytest.mark.parametrize("text", ["老人没儿没女也没收入，政府管不管", "俺舅干不了活了，又没生活来源",
                                  "孤零零一个老太太，没有收入", "无依无靠的老人谁来管"])
def test_no_income_no_work_no_one_to_support_is_extreme_poverty_support(text):
    assert routed(text) == ("guide", "extreme-poverty-support")


@pytest.mark.parametrize("text, guide", [
    ("家里没有收入，想申请低保", "dibao"),  # only money short: 低保
    ("我一个人去不了，能帮我申请低保吗", "dibao"),  # "一个人" is no 孤寡
    ("家里老人没人照顾，能派个医生上门看看吗", None),  # someone to come: a need, not support
])
def test_look_alikes_of_extreme_poverty_support(text, guide):
    intent, got = routed(text)
    assert got != "extreme-poverty-support"
    if guide:
        assert got == guide


@pytest.mark.parametrize("text", ["五保老人住院的钱有补助吗", "低保户做手术花的钱政府能补点不",
                                  "特困的看病花钱谁管"])
def test_hardship_identity_with_illness_and_money_is_medical_assistance(text):
    assert routed(text) == ("guide", "medical-assistance")


@pytest.mark.parametrize("text, guide", [
    ("特困人员一个月能领多少", "extreme-poverty-support"),  # no illness: the support itself
    ("低保户的钱几号发", "dibao"),
    ("看病的钱医保能报多少", "medical-reimbursement"),  # no hardship: reimbursement
])
def test_look_alikes_of_medical_assistance(text, guide):
    assert routed(text)[1] == guide


@pytest.mark.parametrize("text", ["看病花钱多，家里负担不了", "孩子住院花了好多钱，实在付不起"])
def test_illness_costs_a_household_cannot_bear_is_medical_assistance(text):
    assert routed(text) == ("guide", "medical-assistance")


@pytest.mark.parametrize("text", ["男人车祸住院了，家里一时过不去", "前些天下雹子庄稼全毁了，家里没了进项"])
def test_an_accident_and_a_household_that_cannot_get_by_is_temporary_assistance(text):
    assert routed(text) == ("guide", "temporary-assistance")


def test_a_road_one_cannot_pass_stays_a_need():
    assert routed("桥冲坏了过不去")[0] == "need"


@pytest.mark.parametrize("text", ["新盖的房子要办啥手续", "想在宅子上起新屋", "新建两间房得批吗"])
def test_building_anew_is_homestead(text):
    assert routed(text) == ("guide", "homestead")


@pytest.mark.parametrize("text", ["房子墙裂了还漏雨，政府能给修吗", "土坯房不安全想改造"])
def test_an_unsafe_house_to_repair_is_dilapidated_housing(text):
    assert routed(text) == ("guide", "dilapidated-housing")


@pytest.mark.parametrize("text", ["办了残疾证每月给多少钱", "拿到残疾人证了能领补贴不", "有残疾证有啥待遇"])
def test_having_the_certificate_and_asking_for_money_is_the_disability_subsidy(text):
    assert routed(text) == ("guide", "disability-subsidy")


@pytest.mark.parametrize("text", ["残疾证丢了咋补", "残疾证到期换新的", "娃脑子有问题，想办个证", "精神有问题能评残吗"])
def test_the_certificate_itself_stays_disability_certificate(text):
    assert routed(text) == ("guide", "disability-certificate")


# --- pinyin typed in Latin letters ------------------------------------------------------------

@pytest.mark.parametrize("text, guide", [
    ("dibao咋申请", "dibao"), ("canjizheng丢了", "disability-certificate"), ("shebaoka", "social-security-card"),
    ("yang lao jin 怎么领", "pension-insurance"), ("Yibao报销", "medical-reimbursement"),
])
def test_pinyin_typed_in_letters_finds_the_matter(text, guide):
    assert routed(text) == ("guide", guide)


@pytest.mark.parametrize("text, intent", [("hello", "menu"), ("ok", "unknown"), ("abcd", "unknown"),
                                          ("wifi没信号", "need")])
def test_english_and_stray_letters_are_not_read_as_pinyin(text, intent):
    assert routed(text)[0] == intent


# --- second batch's causes --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["这回的低保名单公示了没", "评上的人选张榜了吗", "公示贴哪了"])
def test_a_list_posted_for_all_is_village_affairs_even_about_a_matter(text):
    assert routed(text)[0] == "affairs"


def test_how_long_a_matters_public_notice_lasts_stays_its_guide():
    assert routed("低保公示期多长时间") == ("guide", "dibao")


@pytest.mark.parametrize("text", ["村里卖树的钱都去哪了", "村集体的收入怎么花的"])
def test_what_the_village_money_went_on_is_village_affairs(text):
    assert routed(text)[0] == "affairs"


@pytest.mark.parametrize("text", ["想跟镇上干部通个电话", "能和网格员当面说说吗"])
def test_talking_to_a_cadre_is_a_person(text):
    assert routed(text)[0] == "human"


@pytest.mark.parametrize("text", ["甭管了", "别理了"])
def test_never_mind_cancels(text):
    assert routed(text)[0] == "cancel"


@pytest.mark.parametrize("text", ["托办的社保卡有进展没", "申请的残疾证咋还没信", "俺交的材料有结果了吗",
                                  "查查进展", "报的名咋样了"])
def test_a_request_already_made_asked_after_is_status(text):
    assert routed(text)[0] == "status"


@pytest.mark.parametrize("text, want", [("想找人代办低保", ("errand", "dibao")),
                                        ("低保申请要啥材料", ("guide", "dibao"))])
def test_a_new_request_is_not_status(text, want):
    assert routed(text) == want


def test_dialect_for_using_the_bot_is_the_menu():
    assert routed("这玩意咋使唤")[0] == "menu"


@pytest.mark.parametrize("text", ["俺对村里有点意见", "提条建议行不"])
def test_an_opinion_to_give_is_a_need(text):
    assert routed(text)[0] == "need"


def test_the_pension_check_said_backwards_names_the_pension():
    assert routed("找个党员帮俺老娘认证一下养老") == ("errand", "pension-insurance")


def test_a_price_rise_of_the_medical_insurance_is_enrolment():
    assert routed("新农合明年又涨了吧") == ("guide", "medical-insurance-enrollment")


def test_a_hardship_identity_ill_and_still_paying_is_medical_assistance():
    assert routed("特困户看病报完了还得掏不少") == ("guide", "medical-assistance")


@pytest.mark.parametrize("text", ["家里失了一场火，一无所有了", "男人出了车祸，家里全没了进项"])
def test_a_disaster_told_apart_is_temporary_assistance(text):
    assert routed(text) == ("guide", "temporary-assistance")


def test_care_money_of_the_severely_disabled_is_the_subsidy():
    assert routed("重残老人的护理钱在哪领") == ("guide", "disability-subsidy")


# --- third batch's causes ---------------------------------------------------------------------

@pytest.mark.parametrize("text", ["找个镇上的人问问", "你根本听不懂", "你们这机器听不懂"])
def test_someone_from_the_village_or_the_bot_not_understanding_is_a_person(text):
    assert routed(text)[0] == "human"


@pytest.mark.parametrize("text", ["不需要了", "用不着", "不必了"])
def test_a_bare_no_need_cancels(text):
    assert routed(text)[0] == "cancel"


def test_no_need_inside_a_question_is_no_cancel():
    assert routed("办低保不需要户口本吗") == ("guide", "dibao")


@pytest.mark.parametrize("text", ["我的调解定了没", "递上去的材料有消息没", "俺那个代办咋没人回", "我约的调解员回复了吗"])
def test_ones_own_request_with_news_asked_is_status(text):
    assert routed(text)[0] == "status"


@pytest.mark.parametrize("text, want", [("我的社保卡丢了咋办", ("guide", "social-security-card")),
                                        ("想约调解，跟邻居闹矛盾", ("mediation", None))])
def test_my_thing_without_news_asked_is_not_status(text, want):
    assert routed(text) == want


@pytest.mark.parametrize("text, intent", [("这玩意怎么用", "menu"), ("邀请码怎么用", "bind"),
                                          ("代办服务怎么使", "errand")])
def test_how_to_use_goes_to_the_thing_named(text, intent):
    assert routed(text)[0] == intent


def test_the_elderly_meal_table_is_the_canteen():
    assert routed("村里有老人饭桌没")[0] == "canteen"


def test_representatives_this_month_are_the_theme():
    assert routed("党代表下个月来不来")[0] == "theme"


@pytest.mark.parametrize("text", ["孩子刚满月想上医保", "医保卡咋充钱"])
def test_joining_or_topping_up_the_insurance_is_enrolment(text):
    assert routed(text) == ("guide", "medical-insurance-enrollment")


def test_what_is_left_after_reimbursement_is_medical_assistance():
    assert routed("报完了还剩好几万自己拿不出") == ("guide", "medical-assistance")


@pytest.mark.parametrize("text, guide", [("身份证叫人捡走了咋补", "id-card"), ("社保卡让人捡去了怎么办", "social-security-card")])
def test_dialect_passive_is_no_errand(text, guide):
    assert routed(text) == ("guide", guide)


def test_asking_someone_to_do_it_stays_an_errand():
    assert routed("叫个党员帮俺办社保卡") == ("errand", "social-security-card")


def test_too_old_to_work_is_no_alarm_but_lying_motionless_is():
    assert routed("俺叔岁数大了干不动活，又没收入") == ("guide", "extreme-poverty-support")
    assert routed("俺爹躺地上不动了")[0] == "safety"


# --- fourth batch's causes --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["大队的账本能看不", "村务通报", "俺村有啥规矩"])
def test_village_books_briefings_and_rules_are_village_affairs(text):
    assert routed(text)[0] == "affairs"


def test_a_matters_rules_stay_its_guide():
    assert routed("低保有啥规矩")[1] == "dibao"


@pytest.mark.parametrize("text", ["喊个网格员过来", "帮俺转给人工", "转到真人那边"])
def test_calling_a_cadre_over_or_being_put_through_is_a_person(text):
    assert routed(text)[0] == "human"


@pytest.mark.parametrize("text", ["不去食堂了", "别约调解员了", "不报志愿了"])
def test_not_doing_a_named_thing_any_more_cancels(text):
    assert routed(text)[0] == "cancel"


@pytest.mark.parametrize("text, intent", [("别占俺家地了", "mediation"), ("不去镇上能办低保吗", "guide")])
def test_a_not_that_is_no_stop(text, intent):
    assert routed(text)[0] == intent


@pytest.mark.parametrize("text", ["调解员接了吗", "党员接没接俺的单", "托人办的那件事"])
def test_has_someone_taken_my_request_is_status(text):
    assert routed(text)[0] == "status"


def test_asking_a_runner_for_help_stays_an_errand():
    assert routed("想找个代办员帮俺交医保") == ("errand", "medical-insurance-enrollment")


@pytest.mark.parametrize("text, intent", [("老人饭多少钱一顿", "canteen"), ("都能办哪些事", "menu")])
def test_more_short_forms(text, intent):
    assert routed(text)[0] == intent


@pytest.mark.parametrize("text", ["低保户看病有补没", "俺男人常年吃药，花销大，家里撑着难"])
def test_more_medical_assistance(text):
    assert routed(text) == ("guide", "medical-assistance")


def test_a_lost_certificate_that_can_be_replaced_stays_the_certificate():
    assert routed("残疾证丢了能补吗") == ("guide", "disability-certificate")


@pytest.mark.parametrize("text", ["承包的地撂荒了还有补贴吗", "家里的地一亩补多少钱"])
def test_the_familys_land_and_its_subsidy_is_farmland(text):
    assert routed(text) == ("guide", "farmland-subsidy")


def test_the_familys_land_taken_by_a_neighbour_stays_a_dispute():
    assert routed("我家的地被邻居占了")[0] == "mediation"


@pytest.mark.parametrize("text", ["俺还约着啥没", "我都报了些啥活动", "俺还有啥约着的", "还有什么没办完的", "俺都申请过啥"])
def test_what_do_i_still_have_is_status(text):
    assert routed(text)[0] == "status"


@pytest.mark.parametrize("text, want", [("我都报了名了", "status"), ("还有啥活动", "status")])
def test_having_signed_up_or_asking_for_activities_is_not_a_list_of_ones_own(text, want):
    assert routed(text)[0] != want


@pytest.mark.parametrize("text, intent", [
    ("填错了 俺家在西王庄", "bind"), ("俺是王庄的 帮俺改一下", "bind"), ("弄错了 我是东陈庄的", "bind"),
    ("说错了 俺是问低保的", "guide"),  # a correction of what was asked, not of the village
])
def test_a_village_said_as_a_correction_is_registration(text, intent):
    assert routed(text)[0] == intent
