"""Causes of the colleagues' sets 36-40 after their first-sight measurement (session 22), each in our own
words (none of them the sets' phrasings): danger families, first-message routing, and conversation causes.
The sets themselves run in tests/test_colleague_conversations.py, test_colleague_routing.py and
tests/kit/safety_sets.py."""
from __future__ import annotations

import pytest

from bot.forms import says_no_phone
from bot.nlu import route_text
from handlers.human import _message_words


@pytest.mark.parametrize("text", [
    "隔壁俩口子又打起来了 打得狠", "院里的插座泡水里了 一摸水麻人", "电线短路了 火星子直往外蹦",
    "俺爹把钱都交给我了 说用不着了 自己往水库去了", "电话里说俺儿出事了 叫俺马上汇钱过去",
    "说是社保局的 叫我点链接 验证码都输了", "俩人正偷俺家的牛", "贼在俺屋里翻东西 俺躲柜子里了",
    "有个生人拿着钥匙挨个试钥匙开俺家门", "俺娘糊里糊涂的在公路上走 叫不回来",
    "孩子吃了一瓶维生素片", "俺家后墙歪了 要倒了 俺娘还在里头", "水都进屋了 俺们出不去了",
    "俺弟倒地上抽 口水直流", "药买好了 这回是真的 谁也别拦", "电瓶车充着电 电瓶冒烟噼啪响", "就命啊 快来人"])
def test_set38_40_families_are_alarms_in_our_words(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", [
    "这价格俺看了都要晕倒了", "孩子学校的防溺水教育那个表咋填", "打了农药的韭菜隔几天能吃",
    "厢房的墙叫雨泡得往下掉泥 找人来看看", "前年发大水冲了俺家 到现在没缓过来 能申请救助不",
    "俺娘卧床好几年了 身份证过期了 能上门办不", "停电了 灯全灭了 啥时候来电"])
def test_set38_40_look_alikes_in_our_words(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text, intent, guide", [
    ("种玉米一亩补多少钱", "guide", "farmland-subsidy"), ("给孙子上个户口咋弄", "guide", "newborn-hukou"),
    ("让网格员替俺去交了行不", "errand", None), ("俺腿脚不好 谁能替俺跑一趟", "errand", None),
    ("有没有上家里来给办手续的", "errand", None), ("俺有点建议 想跟村里说说", "need", None),
    ("咋把俺的村设上", "bind", None), ("想去敬老院帮着打扫打扫", "volunteer", None),
    ("你好 我不会弄 你能给我办啥", "menu", None), ("俺在磨山镇", "bind", None), ("我是李屯的 挨着镇上", "bind", None),
    ("腊月里俺们村都有啥活动", "theme", None), ("你们这能办哪些手续", "menu", None),
    ("合作医疗去年断交了 补交了还能报不", "guide", "medical-insurance-enrollment")])
def test_sets_36_37_39_causes_route_in_our_words(text, intent, guide):
    routed = route_text(text)
    assert (routed.intent, routed.guide) == (intent, guide)


@pytest.mark.parametrize("text, phone_less", [("号码记不住 俺闺女给弄的", True), ("俺不记得电话", True),
                                              ("电话号码俺想不起来", True), ("号码是13805390001", False), ("俺记不住事", False)])
def test_a_number_nobody_remembers_is_no_phone(text, phone_less):
    assert says_no_phone(text) is phone_less


@pytest.mark.parametrize("text, words", [("俺要找个真人说话 别叫机器回", None), ("我要找书记说句话 不要机器人回复", None),
                                         ("找个真人说说话 俺家低保咋停了", "俺家低保咋停了")])
def test_asking_for_a_person_without_a_message(text, words):
    assert _message_words(text) == words
