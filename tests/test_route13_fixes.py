"""Causes found by the route13 paraphrase batches (tests/data/routing-para13-*.jsonl), each with
other phrasings than the one that showed it."""
from __future__ import annotations

import pytest

from bot.nlu import route_text


def _route(text: str) -> tuple[str, str | None]:
    result = route_text(text)
    return result.intent, result.guide


@pytest.mark.parametrize("text", ["看看俺都办了些啥", "俺今年都申请过些啥", "俺都反映过些啥事"])
def test_what_one_has_done_with_xie_is_ones_own_records(text):
    # “办了些啥”: 些 between the verb and the question still asks about one's own requests
    assert _route(text) == ("status", None)


@pytest.mark.parametrize("text", ["俺家长年没收入 能不能按月领点钱过日子", "俺们老两口没进项 政府每月能给点生活费不",
                                  "家里没劳力 想领点钱过日子", "俺家没进项了 咋办"])
def test_monthly_money_to_live_on_is_dibao(text):
    assert _route(text) == ("guide", "dibao")


@pytest.mark.parametrize("text, guide", [("俺爹九十了 政府每月给点生活费不", "elderly-allowance"),
                                         ("俺家着火了 能给点钱过日子不", "temporary-assistance")])
def test_money_to_live_on_keeps_the_named_situation(text, guide):
    assert _route(text) == ("guide", guide)


@pytest.mark.parametrize("text", ["俺娘一个人在家 想找个人每星期去看看她", "俺爹八十多了一个人住 能不能派个志愿者常去照看他",
                                  "有没有人能隔三差五去陪陪俺娘"])
def test_someone_to_look_in_on_an_elder_is_a_need_not_a_person(text):
    assert _route(text) == ("need", None)


def test_asking_for_a_person_alone_stays_human():
    assert _route("找个人")[0] == "human"


@pytest.mark.parametrize("text", ["俺爹娘老了 俺哥说他不管 俺一个人伺候不过来", "俺娘八十了 俺弟死活不管",
                                  "老人病了住院 俺姐说她不出钱", "爹娘都老了 二哥不养 全落俺身上"])
def test_a_sibling_refusing_the_elders_is_a_dispute(text):
    assert _route(text) == ("mediation", None)


@pytest.mark.parametrize("text", ["你们这个号都管啥", "恁这管啥事", "这个公众号都管些啥"])
def test_what_the_account_deals_with_is_the_menu(text):
    assert _route(text) == ("menu", None)


def test_what_a_matter_is_for_stays_the_matter():
    assert _route("养老保险管啥用") == ("guide", "pension-insurance")


@pytest.mark.parametrize("text, guide", [("俺娘在县医院住院 出院的时候是直接减了还是得回来再跑一趟报", "medical-reimbursement"),
                                         ("换身份证还得自己跑一趟派出所不", "id-card"),
                                         ("办残疾证是不是得来回跑 能在网上弄不", "disability-certificate")])
def test_running_the_errand_oneself_is_no_errand(text, guide):
    assert _route(text) == ("guide", guide)


@pytest.mark.parametrize("text", ["能不能帮俺再跑一趟镇上", "党员能替俺再跑一趟不"])
def test_asking_someone_to_run_again_stays_an_errand(text):
    assert _route(text)[0] == "errand"


@pytest.mark.parametrize("text", ["明年医保几月开始收", "合作医疗啥时候开始收钱", "今年的医保收到几号截止", "医保交到啥时候"])
def test_when_the_insurance_is_collected_is_enrolment(text):
    assert _route(text) == ("guide", "medical-insurance-enrollment")


def test_when_the_insurance_starts_paying_stays_reimbursement():
    assert _route("住院了医保几月开始报") == ("guide", "medical-reimbursement")


@pytest.mark.parametrize("text", ["孩子他爹在工地上摔伤了 家里顶梁柱倒了 吃饭都难", "家里挣钱的倒下了 吃喝都犯愁",
                                  "当家的住院了 一家子吃口饭都没着落"])
def test_the_breadwinner_down_and_no_food_is_temporary_assistance(text):
    assert _route(text) == ("guide", "temporary-assistance")


def test_where_old_people_eat_stays_the_canteen():
    assert _route("老人吃饭难 有没有食堂")[0] == "canteen"


@pytest.mark.parametrize("text", ["他开车把俺家的墙撞倒了 赔钱的事谈不拢", "三轮车把俺家的大门撞坏了 他不赔",
                                  "他家拖拉机把俺家的羊轧死了", "俺跟人家为赔偿谈不拢"])
def test_damage_done_by_another_and_no_agreement_is_a_dispute(text):
    assert _route(text) == ("mediation", None)


def test_a_house_damaged_asking_for_renovation_stays_the_guide():
    assert _route("墙撞倒了 危房改造能申请不") == ("guide", "dilapidated-housing")


@pytest.mark.parametrize("text", ["村里开群众会俺能去说两句不", "村里开群众大会 俺能去不", "群众会在哪开"])
def test_the_villagers_meeting_is_village_affairs(text):
    assert _route(text) == ("affairs", None)


@pytest.mark.parametrize("text", ["不用你管了", "甭恁操心了", "别管了"])
def test_telling_the_bot_to_leave_it_is_cancel(text):
    assert _route(text) == ("cancel", None)


@pytest.mark.parametrize("text", ["上回说的那个路灯的事 咋没下文了", "前几天跟你们讲的停水的事有下文没",
                                  "俺反映的那个事咋没下文了", "报上去的事有下文没"])
def test_no_news_of_what_one_told_before_is_status(text):
    assert _route(text) == ("status", None)


def test_what_one_was_told_before_about_a_matter_stays_the_matter():
    assert _route("上回说的那个低保材料要带啥") == ("guide", "dibao")


@pytest.mark.parametrize("text", ["俺不会弄这个", "这玩意俺玩不转", "俺弄不明白这个"])
def test_not_knowing_how_to_use_it_is_the_menu(text):
    assert _route(text) == ("menu", None)


def test_not_knowing_how_to_do_a_matter_stays_the_matter():
    assert _route("俺不会弄医保缴费") == ("guide", "medical-insurance-enrollment")


@pytest.mark.parametrize("text", ["俺的东西", "看看我的东西", "查查俺的东西"])
def test_ones_own_things_alone_are_ones_records(text):
    assert _route(text) == ("status", None)


@pytest.mark.parametrize("text, guide", [("老娘的低保叫取消了 咋回事", "dibao"), ("俺的残疾补贴让取消了 为啥", "disability-subsidy"),
                                         ("俺家的低保叫人给取消了", "dibao")])
def test_a_benefit_cut_in_dialect_passive_is_the_matter_not_cancel(text, guide):
    assert _route(text) == ("guide", guide)


@pytest.mark.parametrize("text", ["想在院里盖个偏房 要不要手续", "院里想起两间厢房 得批不", "搭个小屋放杂物要不要批"])
def test_adding_a_side_house_is_homestead(text):
    assert _route(text) == ("guide", "homestead")


@pytest.mark.parametrize("text, guide", [("老人的社保卡叫人冒领了咋办", "social-security-card"),
                                         ("俺的养老金叫人冒领了", "pension-insurance")])
def test_someone_claiming_in_ones_name_is_no_errand(text, guide):
    assert _route(text) == ("guide", guide)


@pytest.mark.parametrize("text", ["俺不识字 那表俺填不了 谁给俺填填", "表格谁给俺填一下", "俺眼神不好 谁能给俺填个表",
                                  "闺女出嫁了 儿子在外头 俺的事没人跑 党员能管不", "孩子都不在家 办事没人跑"])
def test_no_one_to_fill_or_run_for_one_is_an_errand(text):
    assert _route(text)[0] == "errand"


@pytest.mark.parametrize("text", ["俺跟俺兄弟分地 他非要好的那块", "分家的时候 俺哥非要那三间好房", "俺姊妹分老人的钱 大姐硬要多分"])
def test_one_side_insisting_when_dividing_is_a_dispute(text):
    assert _route(text) == ("mediation", None)


@pytest.mark.parametrize("text", ["庄里的小卖部关了 买点盐都得跑镇上", "村里卫生室撤了 拿药得跑县城",
                                  "庄上的小学撤了 孩子上学得跑镇上", "银行网点撤了 取个钱得跑老远"])
def test_a_village_shop_or_clinic_gone_is_a_need_not_cancel(text):
    assert _route(text) == ("need", None)


@pytest.mark.parametrize("text", ["身份证得去镇上办吗", "换身份证还得跑县城不"])
def test_where_a_matter_is_done_stays_the_matter(text):
    assert _route(text) == ("guide", "id-card")


def test_ones_own_booking_withdrawn_stays_cancel():
    assert _route("俺的预约撤了") == ("cancel", None)


@pytest.mark.parametrize("text", ["能不能请个老师给俺们讲讲种大棚", "想请个专家来给大伙讲讲养牛", "能不能派个技术员教教俺们修剪果树"])
def test_someone_to_come_and_teach_farming_is_a_need(text):
    assert _route(text) == ("need", None)


@pytest.mark.parametrize("text", ["停下 别往下问了", "别接着问了", "别接着说了"])
def test_stop_asking_is_cancel(text):
    assert _route(text) == ("cancel", None)


@pytest.mark.parametrize("text", ["帮帮俺", "帮个忙吧", "麻烦帮帮我"])
def test_a_bare_plea_for_help_is_the_menu(text):
    assert _route(text) == ("menu", None)


@pytest.mark.parametrize("text, guide", [("俺家老二残疾 他那补贴俺跑不动了 谁能帮着去问问", "disability-subsidy"),
                                         ("俺腿不行了 谁能替俺去问问低保的事", "dibao"),
                                         ("残疾证的事 有人能帮着去打听打听不", "disability-certificate")])
def test_someone_to_go_and_ask_for_one_is_an_errand(text, guide):
    assert _route(text) == ("errand", guide)
