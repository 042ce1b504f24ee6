"""The danger shapes and look-alikes that session 15's fresh batches (tests/data/safety-own-23 to 27)
found: dangers told after another matter or by silence, spoken passives, rising water, people
pinned or unseen, fumes and cold, and the chores, questions and old complaints that stay quiet."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text", [
    "俺想问问低保的事还有就是俺妈刚才喝了半瓶农药现在在地上打滚",  # a softening cue of another matter
    "我本来想问补贴的事 可是俺爹刚才从房上掉下来了 一动不动",
    "俺娘八十多了一个人住 电话两天没人接",  # alone and unreachable
    "村里沼气池有人下去就没上来",
    "煤炉子没封好俺妈倒在炕边上了",
])
def test_dangers_told_after_another_matter_or_by_silence(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text", [
    "后墙塌了一角没伤着人想找人来砌一下",  # nobody hurt
    "下大雨把俺家猪圈的墙冲塌了 猪跑了好几头",  # a pen
    "救救俺家的庄稼吧旱得不行了",  # 得不行了 is a degree
    "快来人帮我抬一下柜子",
    "俺爹喝多了酒在炕上睡着了打呼噜",
    "俺爹想把电闸换成漏电保护器",
    "泥石流过去以后路什么时候通",
    "奶奶说话有点口齿不清是老毛病了",
])
def test_property_chores_degrees_and_old_complaints_stay_quiet(text):
    assert detect(text) is None, text


def test_a_pen_or_a_wall_with_someone_under_it_still_alarms():
    assert detect("刚才雨太大猪圈墙倒了把俺家老三砸底下了") is not None
    assert detect("后墙塌了俺爹被压在下面了快来人") is not None


@pytest.mark.parametrize("text, kind", [
    ("俺们组长家的小孩刚才让车给撞了倒在路当间", "bleeding"),  # spoken 给 before the deed
    ("外面水越涨越高俺家老两口还在屋里没出来", "flood"),  # water rising, people still inside
    ("地震了房子在晃墙上掉东西俺腿被砸住了", "collapse"),  # pinned
    ("村里那个独居的五保户老汉好些天没见人了屋里有股味", "faint"),
    ("俺家闺女十四岁跟一个网上认识的人走了两天联系不上", "missing"),  # a person met online, no media
])
def test_spoken_passives_rising_water_and_people_pinned_or_unseen(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    "让他给俺打个电话",  # 给 before a person is "for"
    "老头子晚上睡不着能吃点安眠药不",
    "院墙太矮了老有人翻进来偷东西",
    "把绳子拴好晾衣服",
    "外面水涨了河边的鸭子赶不回来了",
])
def test_questions_recurring_complaints_and_chores_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("孩子他爹在大棚里熏药现在头晕得站不起来还吐", "poison"),  # fumigating, then dizzy
    ("俺一进屋闻着一股臭鸡蛋味俺婆婆躺在灶火跟前", "gas"),  # a smell and someone lying
    ("有个男的天天跟着俺闺女今天在路上把她拽到车里了", "missing"),
    ("天太冷了俺爷爷在外头冻得说不出话人发僵", "faint"),  # frozen
    ("俺大姐在婆家被关起来了不让出门还挨打", "violence"),  # confined and beaten
    ("俺活着就是给孩子添麻烦 还不如走了", "despair"),
])
def test_fumes_smells_cold_confinement_and_a_car(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    "村里来了个卖货的天天喇叭喊吵人",  # 来了 is no slip of 淹了
    "冬天冻得手发僵",
    "等车等半天还不如走了",
    "大棚里熏药用啥药好",
])
def test_a_verb_before_le_is_never_a_slip_and_cold_hands_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("俺爹今天中午十二点多出去放牛到现在天都黑了也没见人牛自己回来了", "missing"),
    ("老太太在河边洗衣服滑进去了水很急", "drowning"),
    ("老爷子糖尿病打完胰岛素就出虚汗哆嗦叫也不太应", "faint"),  # low blood sugar
    ("烧秸秆烧过来了烟好大", "fire"),  # field burning that spreads
    ("俺哥说活着没劲今晚就喝药", "despair"),
])
def test_unseen_at_dusk_slipping_in_and_low_sugar(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    "邻居家烧秸秆烟好大呛得很",
    "俺哥老说活着没劲是不是得了抑郁症想带他看看",  # worried, asking for care
    "俺娘被开水烫了一下手指头红了",
    "俺家狗出去了到现在没见着",
])
def test_field_burning_worry_for_others_and_small_burns_stay_quiet(text):
    assert detect(text) is None, text
