"""Our own words for causes found in session 23 (none of them a blind set's phrasings).

A need's story corrected at its summary: 不是路口 是胡同 puts the new place where the old one was (the
representative's push shows it); 不对 俺说的是后院 is added to the story; words that correct nothing
(不是很急, 不对 alone) change no story.

Danger: a birth coming, told as the reason one cannot come (闺女要生了 俺去不了了), is no alarm; a
birth with its signs (羊水破了, 疼得直叫) or with no way to the hospital still is. An illness or damage of
the past told to ask for a grading or for money (中风以后…想给他评个级, 墙刮倒了 没钱修) is no alarm;
the same with someone hurt or calling for help now still is.

Set 48 (held out, written like safety-dev) showed danger families the rules lacked; each is tested
here in our own words, with a look-alike that must stay quiet. A fire, wind or rain as the doer is no
person's doing in a dispute (着火把房子烧了 住在亲戚家 asks for housing aid; set 47).
"""
from __future__ import annotations

import pytest

from bot.forms import story_corrected
from bot.nlu import route_text


@pytest.mark.parametrize("story, said, fixed", [
    ("村东头桥上的栏杆掉了", "不是桥上 是大坝上", "村东头大坝上的栏杆掉了"),
    ("后街的路灯不亮了 黑灯瞎火", "说错了，不是后街，是前街", "前街的路灯不亮了 黑灯瞎火"),
    ("自来水一直不来", "不对 俺说的是西头那几户", "自来水一直不来（更正：俺说的是西头那几户）"),
])
def test_a_story_is_corrected_where_it_was_wrong(story, said, fixed):
    assert story_corrected(story, said) == fixed


@pytest.mark.parametrize("said", ["不是很急", "不对", "不是", "好的", "不是俺家的事 是邻居的"])
def test_words_that_correct_nothing_leave_the_story(said):
    assert story_corrected("村东头桥上的栏杆掉了", said) is None


def test_a_corrected_place_reaches_the_representative(worlds):
    from tests.kit.conversations import assert_passes
    assert_passes(worlds, {"id": "lead23-need-place-corrected", "world": "default", "steps": [
        {"as": "villager", "say": "俺们庄东边那座桥的栏杆断了 小孩上学从那过", "action": ["need.ask"]},
        {"as": "villager", "say": "俺不用手机", "action": ["need.ask"]},
        {"as": "villager", "say": "说错了 不是东边 是西边", "action": ["need.ask"], "reply_has": ["西边那座桥"]},
        {"as": "villager", "say": "1", "action": ["need.report"]},
        {"run": ["needs", "whistle"], "push_to": {"rep": ["西边那座桥"]}}]})


@pytest.mark.parametrize("text", ["儿媳妇快生了 这个礼拜俺走不开", "明儿那个活俺来不了了 闺女要生了得去陪着",
                                  "俺家媳妇要生了 请几天假"])
def test_a_birth_told_as_why_one_cannot_come_is_no_alarm(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text", ["闺女要生了 羊水破了 车坏了去不了医院", "儿媳妇快生了 疼得直打滚 快来人",
                                  "俺闺女要生了"])
def test_a_birth_under_way_is_still_an_alarm(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", ["俺娘脑梗以后走不了路 想给她评个级 咋弄", "猪圈墙叫大雨冲倒了 没钱垒 有没有救急的",
                                  "老伴中风以后说话不清楚 能定个级不"])
def test_past_harm_told_to_ask_for_a_grading_or_money_is_no_alarm(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text", ["院墙刚刮倒了 砸着俺爹了 没钱修也得先救人", "俺娘脑梗了 半边身子不能动 快来人"])
def test_harm_now_with_the_same_words_is_still_an_alarm(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", [
    "听说砖厂着火了 还有三个人在里头没出来",                       # still inside, told as hearsay
    "媳妇生完孩子第二天 血一直止不住 脸煞白",                     # bleeding after a birth
    "俺侄女叫人拽上一辆白色的小车 拉走了",                         # taken onto a vehicle
    "集上有个男的拉着个小妮 小妮哭着说不认识他",                   # dragged off, "I don't know him"
    "有个自称他老同学的人 叫俺爹马上汇三万过去",                   # claiming to be an acquaintance, money now
    "电话里说俺儿子出车祸了 叫俺现在就打钱 俺这就去转",           # an accident told, money now
    "俺奶奶老年吃呆 早上出去到现在没回来",                         # the recogniser's 吃呆
    "桥头有个老太太坐了一下午 问啥都说不清 天快黑了",             # lost and confused
    "仨孩子去湾边玩 俩回来了 就她没回来",                           # one not back from the water
    "孙子跟他爸拌了两句嘴 一宿没着家 电话也关机",                   # a night not home
    "红薯窖塌了 俺爹在下面",                                       # below a collapse
    "水坑里带电 俺家狗一踩就倒了",                                 # live ground
    "儿子发了句对不起爸爸 然后就关机了",                           # a farewell, then unreachable
    "俺在楼顶上呢 反正也没人理解我",                               # a rooftop, nobody understands
])
def test_set48_families_are_alarms_in_our_words(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", [
    "听说砖厂着火了 好在人都跑出来了",
    "生完孩子一个月了 还有点出血正常吗",
    "俺孙子不认识他表叔 拉着手不让走",
    "老同学说下个月把钱汇过来",
    "俺奶奶老年吃呆 能办个残疾证不",
    "有个老太太问路 说不清是哪个村的 俺给她送回去了",
    "孩子们去湾边玩 都回来了",
    "有人往湾里倒粪 臭死了",
    "一场大火把俺家房子烧了 现在跟俺舅住 能申请救助不",
])
def test_set48_look_alikes_stay_quiet_in_our_words(text):
    assert route_text(text).intent != "safety"


@pytest.mark.parametrize("text, intent, guide", [
    ("去年着火把房子烧了 现在住在他姑家 能申请危房改造不", "guide", "dilapidated-housing"),
    ("俺家房子叫大火烧了 现在住在亲戚家 有啥救助没", "guide", "temporary-assistance"),
    ("邻居把俺家柴火垛烧了 不承认", "mediation", None),
])
def test_a_fire_as_the_doer_is_no_dispute(text, intent, guide):
    route = route_text(text)
    assert (route.intent, route.guide) == (intent, guide)


@pytest.mark.parametrize("text", ["修电线的人到了 正在弄", "派出所的人到了 在问话呢", "供电所的人到了"])
def test_someone_arrived_is_no_fall(text):
    """人到了 is someone arrived: the sound repair never reads it as 人倒了 (昏到了 / 晕到了 still are)."""
    assert route_text(text).intent != "safety"
