"""The kind of dispute and the mobile number in villagers' words (no database)."""
import pytest

from bot.nlu.disputes import dispute_kind, kind_from_choice, says_more_than_a_request
from bot.nlu.phone import parse_mobile


@pytest.mark.parametrize("words, kind", [
    ("跟邻居因为宅基地吵起来了", "宅基地"),
    ("他家盖房占了俺家的地方", "宅基地"),
    ("寨基地的事想找人说道说道", "宅基地"),
    ("俺两家地界有争议", "土地承包"),
    ("承包地到期了村里不给续", "土地承包"),
    ("他占了俺家三分地", "土地承包"),
    ("包工头欠俺工钱不给", "工钱"),
    ("干了一年活老板不给工资", "工钱"),
    ("他借了俺两万块钱一直不还", "债务"),
    ("有人欠钱赖账", "债务"),
    ("俺娘没人养，兄弟几个都不管", "赡养"),
    ("儿子不养老人", "赡养"),
    ("两口子闹离婚", "婚姻家庭"),
    ("婆媳天天吵", "婚姻家庭"),
    ("隔壁天天吵闹睡不着觉", "邻里"),
    ("对门把路堵了", "邻里"),
    ("别的事", "其他"),
    ("我要预约调解", None),
])
def test_kind_of_dispute(words, kind):
    assert dispute_kind(words) == kind


@pytest.mark.parametrize("words, kind", [("1", "邻里"), ("５", "宅基地"), ("8", "其他"), ("9", None),
                                         ("第二个", "婚姻家庭"), ("三", "赡养"), ("6。", "债务"),
                                         ("工钱", "工钱")])
def test_kind_from_the_numbered_list(words, kind):
    assert kind_from_choice(words) == kind


@pytest.mark.parametrize("words, tells", [("我要预约调解", False), ("宅基地纠纷", False),
                                          ("跟邻居因为宅基地吵起来了", True), ("想调解一下", False)])
def test_a_story_or_only_a_request(words, tells):
    assert says_more_than_a_request(words) is tells


@pytest.mark.parametrize("words, phone", [
    ("13812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("幺三八幺二三四五六七八", "13812345678"),
    ("俺的电话是15912345678，白天都在", "15912345678"),
    ("1381234567", None),
    ("138123456789", None),
    ("12812345678", None),
    ("0539-1234567", None),
    ("", None),
])
def test_mobile_numbers(words, phone):
    assert parse_mobile(words) == phone
