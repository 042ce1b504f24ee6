"""More causes from safety10's fresh batches (tests/data/safety-own-safety10-4.jsonl on), each in other
words than the batch: the lone elder nobody answers, a stranger seen collapsed, a forgetful elder
heading for the water, food stuck to the throat, pesticides by name, farewells told as joining the
dead or as sparing the family, clothes caught fire, people knocked down by vehicles, a beast's bite
that bleeds; and the look-alikes: an old habit, a joke taken back, a beast hit by a car."""
from __future__ import annotations

import pytest

from bot.safety.cues import find_cues
from bot.safety.detect import detect, prepare
from bot.safety.hits import kind_hits, longest
from bot.safety.words import safety_words


@pytest.mark.parametrize("text, kind", [
    ("隔壁五保户老孙一个人住 好几天没出门了 敲窗户也没人答应", "faint"),
    ("俺赶集回来路上 有个大娘倒在路边 叫她不应", "faint"),
    ("俺爷老年痴呆 下午一个人往河边走了 俺娘去追没追上", "missing"),
    ("俺奶吃年糕 糊在嗓子里了 憋得直跺脚", "choke"),
    ("俺表叔跟媳妇生气 喝了氧化乐果", "poison"),
    ("俺娘这两天把东西分给俺们几个 今天说要去找俺爹作伴 一大早没影了", "despair"),
    ("我都想好了 今晚就走 省得他们为难", "despair"),
    ("老头子没了 俺活着没意思 衣裳穿好了 跟闺女说俺走了", "despair"),
    ("俺爹在灶前烧火 袄着了 后背烧了一大片", "burn"),
    ("俺舅骑车让拉砖的车刮倒了 腿压烂了 躺在路上", "bleeding"),
    ("俺闺女去喂驴 叫驴咬了一口 手上血一直往外冒", "bleeding"),
])
def test_dangers_found(text, kind):
    danger = detect(text)
    assert danger is not None and kind in {hit.kind.id for hit in danger.hits}, (text, danger)


@pytest.mark.parametrize("text", [
    "俺吃饭老噎着 总这样 去哪看看食道",  # an old habit
    "俺快累死了 不想活了 嘿嘿 说着玩的",  # a joke taken back
    "俺家牛让车撞了 腿断了 找谁赔",  # the beast is the one hurt
    "狗让车撞了 流了好多血 还能活不",
    "俺羊被狗咬了一口 兽医来了没",  # a dog bit a sheep
])
def test_look_alikes_stay_quiet(text):
    assert detect(text) is None, text


def test_a_passive_mark_shared_with_a_hit_keeps_the_sufferer_cue():
    """牛被 + 被车撞了: the animal cue still counts although 被 is also the hit's first character."""
    words = safety_words()
    text = prepare("牛被车撞了", words)
    hits = longest([hit for kind in words.kinds for hit in kind_hits(text, kind, words)])
    assert hits and "animal" in {cue.name for cue in find_cues(text, hits, words)}


@pytest.mark.parametrize("text, kind", [
    # batch 5: found lying somewhere, too heavy to lift, moaning
    ("俺去看俺姨 她栽在灶台边上 俺一个人扶不动", "fall"),
    # a knock on the head, then sleepy and vomiting
    ("俺孙子从床上跌下来磕着头了 这会儿一直睡 还吐", "fall"),
    # a forgetful elder walking toward the highway
    ("俺姥爷糊涂了 刚才光着脚往公路那边去了", "missing"),
    # livestock sold, the money given, "don't worry about him"
    ("俺大伯把牛都卖了 钱塞给他儿子 说以后别惦记他", "despair"),
    # smoke smell, the door not opened
    ("后院孤老头屋里冒烟 敲门不开 里头有人咳嗽声", "fire"),
])
def test_batch5_dangers_found(text, kind):
    danger = detect(text)
    assert danger is not None and kind in {hit.kind.id for hit in danger.hits}, (text, danger)


@pytest.mark.parametrize("text", [
    "俺奶老了 总把存折藏起来 回头就找不到",  # a thing hidden, not the person
    "俺家老黄牛快不行了 谁收",  # an old cow
    "俺闺女说不想活在这山沟里了 想出去闯一闯",  # leaving a place, not life
])
def test_batch5_look_alikes_stay_quiet(text):
    assert detect(text) is None, text
