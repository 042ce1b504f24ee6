"""Weariness with a plan against real despair, homophones through look-alikes, dreams, animals,
recycling: the rules added after safety-own-20 (first sight 100 % / 8.2 %)."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text", [
    "活够了 想住养老院",
    "俺活够了 不想拖累孩子 想去养老院住",  # two weary words and a plan: still a plan
    "俺一个人活够了 想找个老伴",
    "在家活够了 想去城里住",
    "不想活在这破地方了俺想搬到城里儿子那",
    "一个人过够了想进敬老院有啥条件",  # 人过够了 is no slip of 人过去了
])
def test_weariness_with_a_plan_for_the_days_ahead_raises_no_alarm(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", [
    "不想活了 搬到哪都一样",
    "俺不想活了 把孩子托付给他姥姥 俺想搬到河边那屋去",
    "活够了 想住养老院 药都攒好了",
    "老头子走了俺也活够了 养老院俺不去",
])
def test_a_plan_does_not_soften_words_of_dying(text):
    danger = detect(text)
    assert danger is not None and danger.kind.id == "despair"


@pytest.mark.parametrize("text, kind", [
    ("电线冒火化了", "power"),  # 火化 (cremation) is a look-alike; 冒火化 sounds as 冒火花
    ("头晕烟花站不住", "faint"),
])
def test_a_homophone_through_a_look_alike_is_read_as_the_danger_word(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind


@pytest.mark.parametrize("text", [
    "俺爹火化了有补贴吗",
    "昨晚做梦家里着火了吓死了",
    "俺家牛摔沟里了起不来",
    "喝完的农药瓶子回收不",
])
def test_cremation_dreams_animals_and_recycling_stay_quiet(text):
    assert detect(text) is None


def test_a_child_nicknamed_gou_is_no_animal():
    danger = detect("俺家狗蛋掉进水渠里了 水急 冲着走了")
    assert danger is not None and danger.kind.id == "drowning"


@pytest.mark.parametrize("text, kind", [
    ("下雨电线落到俺家房顶上了还噼啪响", "power"),
    ("有根线耷拉到路当间了谁也不敢过", "power"),
    ("孩子把手指头插插座里了哭不出声", "shock"),
    ("俺奶奶喘气呼噜呼噜的脸发青", "heart"),
    ("有几个人蒙着脸进了俺家院子", "violence"),
    ("孩子们都别管俺了俺这就去河边", "despair"),
    ("俺一个老婆子半夜摔地上了够不着电话", "fall"),
    ("俺哥被车撞飞了", "bleeding"),
])
def test_misses_of_set_21(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind


@pytest.mark.parametrize("text", [
    "把插头插插座里了没电",
    "气得他脸都发青了",
    "俺这就去河边洗衣服",
    "你们别管俺了 俺自己能走",
    "一根线耷拉下来了是网线吧",  # other_lines: a cable, unless 电线 is said
    "手机掉地上够不着",
    "俺家狗被车撞了",
    "消防栓被车撞坏了",
])
def test_look_alikes_of_those_fixes_stay_quiet(text):
    assert detect(text) is None


def test_a_particle_sound_after_an_orphaned_character_is_repaired():
    """喝了农要: 农 stands alone, so 要 was meant as 药 (a particle is no typo elsewhere)."""
    danger = detect("我爹喝了农要 嘴里都是味")
    assert danger is not None and danger.kind.id == "poison"
    assert detect("种地的农要交啥材料") is None


@pytest.mark.parametrize("text, kind", [
    ("俺一个人在家刚才起来上厕所腿一软就倒了到现在起不来", "fall"),
    ("俺大伯一个人在山上看果园电话打了一天不接", "missing"),
    ("俺这把年纪了活着就是受罪不如喝药走了", "despair"),
    ("俺男人要掐死俺", "violence"),
    ("俺家屋后的山坡往下滑土了房子裂了", "collapse"),
    ("有人被蛇要了", "snake"),  # 蛇 stands alone: 要 was meant as 咬
])
def test_misses_of_probe_22(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind


@pytest.mark.parametrize("text", ["隔壁村去年有个人喝药走了", "车在坡上往下滑", "树倒了起不来", "被人要了钱",
                                  "气得想掐死他"])
def test_look_alikes_of_probe_22s_fixes_stay_quiet(text):
    assert detect(text) is None


def test_angry_words_at_a_gadget_are_no_despair_unless_a_way_of_dying_is_said():
    assert detect("把俺气得不想活了这个破手机老死机") is None
    danger = detect("手机老死机 俺不想活了 农药都买好了")
    assert danger is not None and danger.kind.id == "despair"
