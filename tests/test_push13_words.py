"""The word rules behind tests/test_push13_conversations.py's fixes, each tried in phrasings that are
not in the batches (tests/data/converse-para13b-*.jsonl)."""
from __future__ import annotations

import pytest

from bot.choices import parse_number
from bot.needs.gist import gist
from bot.safety.detect import detect
from handlers.answer_words import says_cant, says_yes, says_yes_at_length
from handlers.mediator_words import CONFIRM
from handlers.ratings import rating_in
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_patterns import ACCEPT, CLAIM, CLAIM_WORDS, DECLINE
from handlers.staff_spotted import _takes
from handlers.staff_done import says_fixed
from handlers.staff_words import _PLANNED, _told_work


@pytest.mark.parametrize("text", ["中哒", "行滴 俺去", "好哒 算俺一个"])
def test_di_and_da_as_de(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["俺去不了 再找一个吧", "换一个人吧", "那天有事 另外找个人吧"])
def test_someone_else_said_with_zai_or_yige(text):
    assert says_cant(text)


@pytest.mark.parametrize("text", ["晓得了 俺去办", "明白 这单俺接了", "知道了 这个俺管"])
def test_knowing_then_taking(text):
    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["俺后晌就过去办", "这个俺晌午去", "俺傍黑过去看看"])
def test_the_countys_parts_of_the_day(text):
    assert CLAIM_WORDS.match(text) or _takes(text)


@pytest.mark.parametrize("text", ["俺在外地 再找个人吧", "这个俺办不了 另找一个人吧", "换一个人吧 俺腰不行"])
def test_declined_for_someone_else(text):
    assert DECLINE.match(text)


@pytest.mark.parametrize("text", ["高龄那个俺来 明天过去", "这单俺来，晌午过去"])
def test_an_lai_closing_its_clause_takes(text):
    assert _takes(text)


@pytest.mark.parametrize("text", ["表都报上去了 等批", "材料都交到民政办了", "申请递到镇上了"])
def test_papers_handed_on_are_work_told(text):
    assert _told_work(text)


@pytest.mark.parametrize("text", ["好 俺到时候提前去", "知道了 俺早些过去", "中 俺早早到"])
def test_early_on_the_day_is_an_ok(text):
    assert smalltalk_kinds(text) == {"ok"}


@pytest.mark.parametrize("text", ["这个活俺要下了", "这事我要了 明天去"])
def test_wanting_the_item_takes_it(text):
    assert CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["跟村委会打过招呼了 下礼拜来人修电线", "给电工打了个招呼 明天来接电",
                                  "俺给供电所打声招呼 让他们来看看电表"])
def test_da_zhaohu_is_no_blow(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", ["夜儿个约的 确认", "夜来预约的那个 中"])
def test_yesterday_in_the_county_points_at_a_booking(text):
    assert CONFIRM.match(text)


@pytest.mark.parametrize("text", ["路不颠了", "坑都填了 这回路平了"])
def test_a_road_smooth_again_is_fixed(text):
    assert says_fixed(text) and rating_in(text) is True


@pytest.mark.parametrize("text", ["恁们办事真中", "人家办得可利索"])
def test_done_well_is_praise(text):
    assert rating_in(text) is True


@pytest.mark.parametrize("text,kept", [("俺家的桃树根烂了 也不晓得咋回事 想请个农技员来瞧瞧", "桃树"),
                                       ("地里的花生叶子长了斑 不知道是啥毛病 想找技术员", "花生")])
def test_the_gist_keeps_the_crop_over_not_knowing(text, kept):
    assert kept in gist(text, 20)


@pytest.mark.parametrize("text", ["幺", "回复幺", "妖"])
def test_one_said_as_yao(text):
    assert parse_number(text) == 1


@pytest.mark.parametrize("text", ["腰疼", "幺二三"])
def test_yao_inside_other_words_is_no_number(text):
    assert parse_number(text) != 1


@pytest.mark.parametrize("text", ["来个", "报我一个", "那俺也来一个吧"])
def test_one_more_hand_is_a_yes(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["接嘞", "接单喽", "报到嘞"])
def test_the_countys_particles_close_a_command(text):
    assert ACCEPT.match(text) or CLAIM.match(text)


@pytest.mark.parametrize("text", ["水管不漏了中中", "扫干净了 挺好", "哎呀灯亮了不黑了好好"])
def test_trouble_gone_in_a_run_on_is_a_good_rating(text):
    assert rating_in(text) is True


@pytest.mark.parametrize("text", ["没修好 还漏", "还不漏了吗"])
def test_still_faulty_or_asking_is_no_good_rating(text):
    assert rating_in(text) is not True


@pytest.mark.parametrize("text", ["时间可以 妥妥的", "中 礼拜五在调解室见", "这起俺来 到时候村委见"])
def test_mediator_agrees_in_pieces(text):
    assert CONFIRM.match(text)


@pytest.mark.parametrize("text", ["后晌叫电工来换", "晌午派人去看", "后儿个找人来挖"])
def test_work_planned_for_the_countys_times(text):
    assert _PLANNED.search(text)


@pytest.mark.parametrize("text", ["水不往院里灌了", "不往外渗了", "不再往地里淌了"])
def test_water_no_longer_running_somewhere(text):
    assert says_fixed(text)


@pytest.mark.parametrize("text", ["骑三轮过去", "中 俺骑电动车去", "俺开着小车去"])
def test_going_by_what_one_drives(text):
    assert says_yes(text)


@pytest.mark.parametrize("text", ["人够了俺就候着吧", "要是满了俺先排队"])
def test_in_line_for_a_place(text):
    assert says_yes_at_length(text)


@pytest.mark.parametrize("text", ["这单俺收下了", "好 这个俺收下了啊"])
def test_kept_is_taken(text):
    assert CLAIM_WORDS.match(text) or ACCEPT.match(text)


@pytest.mark.parametrize("text", ["街单", "借单 俺去"])
def test_jiedan_typed_with_other_characters(text):
    assert ACCEPT.match(text) or _takes(text)


@pytest.mark.parametrize("text", ["等了俩礼拜才弄", "慢死了"])
def test_slow_is_a_poor_rating(text):
    assert rating_in(text) is False


@pytest.mark.parametrize("text", ["胡同里不摸黑了", "路灯亮了 晚上不摸黑了"])
def test_no_longer_in_the_dark(text):
    assert says_fixed(text) and rating_in(text) is True


@pytest.mark.parametrize("text,number", [("贰", 2), ("回复壹", 1), ("选叁", 3)])
def test_capital_numerals(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["保到", "宝道"])
def test_baodao_typed_with_bao_of_treasure_or_keep(text):
    assert CLAIM.match(text)


@pytest.mark.parametrize("text", ["中 俺一大早就去办", "好 这个俺明早去", "行 俺今早就过去"])
def test_early_morning_taking(text):
    assert CLAIM_WORDS.match(text) or _takes(text)


@pytest.mark.parametrize("text", ["修啥修 还漏", "好啥好 一点没变", "一滴都没来"])
def test_scorn_of_the_news_is_a_poor_rating(text):
    assert rating_in(text) is False


@pytest.mark.parametrize("text", ["昨天那场借钱的 确认", "夜来那个宅基地的 行"])
def test_yesterdays_booking_named_by_its_matter(text):
    assert CONFIRM.match(text)


@pytest.mark.parametrize("text", ["让别人顶上", "那天有事 找个人顶上吧", "不中了 去不了"])
def test_a_stand_in_asked_for(text):
    assert says_cant(text)


@pytest.mark.parametrize("text", ["好 俺哪也不去 在家等", "俺不出门"])
def test_staying_in_is_an_ok(text):
    assert smalltalk_kinds(text) == {"ok"}
