"""Paraphrase robustness (safety13): the situations of colleague sets 25-28 and 33 said again by other
villagers (an elder's voice input run on without punctuation, a grandson typing fast with homophones,
Linyi speech) in tests/data/safety-para13-N.jsonl; the causes behind their misses and false alarms,
each fixed as a family and tested here in further words.

Danger: 上吊 typed 上掉 after 要/想/去; 上了 (onto) kept as written, never repaired to 伤了 (绳子拴房梁上了
lost its 梁上); a person pulled, carried or pushed onto a vehicle by someone (叫人拉到车上); vomiting and
diarrhoea with the person gone limp (打蔫, 瘫软); sat on the toilet unable to rise and only moaning
(光哼哼); a laundry pod bitten open (咬破…凝珠); someone stealing in the village now (有人在…偷电缆);
a wall bulging or split wide with someone still inside (墙往外鼓 俺娘还在里头睡); a dog that bit
(Linyi 狗掏了) someone else's family (叫人家的狗咬了 is no animal hurt); blood 呼啦; swept off with the
vehicle (连人带车冲下去); a mine that caved in (煤窑…塌了); a mad dog that bit one of the family.
Look-alikes: a softening cue that holds a negated danger word (没砸着人, 没压着人) is read in the
text as said, before the negated word is masked; a danger word said twice around 不 asks whether
(漏不漏气, 倒不倒); where to have a heart checked (去哪查); what the school taught (学校教过了); a
child who will not come home from play (叫不回来 is no 叫不起来 with one character wrong); a case asked
first whose person is named only in a remark after it (蛇咬了咋办 先问问 俺家常上山); a pole set
upright again (扶正了); a tight chest put down to the heat (是不是天热), unless short of breath;
batch 7: trousers caught fire by the stove (棉裤着了); not back and the phone off; a chimney that
draws badly (冒烟不顺); the small print of a pill bottle that cannot be read (药瓶…字…看不清).

Figures (first sight → after) in tests/kit/safety_sets.py."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text, kind", [
    # 上吊 typed with the homophone 掉 after a will-verb
    ("俺哥说要上掉 绳子都栓房梁上了", "despair"),
    ("他想上掉 别拦着", "despair"),
    ("俺去上掉算了", "despair"),
    # 上了 is onto: the rope on the beam stays a rope on the beam
    ("绳子挂到房梁上了", "despair"),
    ("俺爹把绳子都拴房梁上了", "despair"),
    # pulled, carried onto a vehicle by someone
    ("俺闺女叫人拉到车上了 车往南跑了", "missing"),
    ("俺孙子让人抱到车里了", "missing"),
    ("孩子被人拽上车了", "missing"),
    # vomiting and diarrhoea, the person gone limp
    ("俺奶奶吃了发霉的地瓜 上吐下泻 人都打蔫了", "poison"),
    ("吃了剩菜 上吐下泻 浑身瘫软", "poison"),
    ("俺爹吃了过期的罐头 又吐又拉 人都蔫了", "poison"),
    # batch 3: unable to rise and only moaning
    ("俺爷爷在厕所里蹲着起不来了 喊他光哼哼", "fall"),
    ("俺娘在茅房里坐着起不来 直哼哼", "fall"),
    # a laundry pod bitten open or eaten
    ("孩子把洗衣凝珠吃了", "poison"),
    ("俺孙子咬开了个凝珠 直咳嗽", "poison"),
    # stealing in the village now
    ("有几个人在俺地里偷玉米 正往车上装", "violence"),
    ("有个人在俺家院里偷鸡", "violence"),
    # batch 4: a wall about to fall, someone inside
    ("西屋山墙往外歪 俺爹还在屋里睡觉", "collapse"),
    ("堂屋墙裂开了大缝 缝越来越大 孩子还在里面", "collapse"),
    # the person named before the question still makes it a call
    ("俺爹叫蛇咬了咋办 先问问", "snake"),
    ("先问问 俺爹叫蛇咬了咋办", "snake"),
    # batch 5: bitten by someone else's dog, Linyi 掏
    ("俺孙子叫狗掏着了 腿上直淌血", "bleeding"),
    ("俺孙子让邻居家的狗咬了 腿上直淌血", "bleeding"),
    ("俺手上叫刀拉了个口子 血呼啦的", "bleeding"),
    # swept off with the vehicle
    ("拖拉机连人带车翻下去了 在沟底下", "drowning"),
    # a mine caved in
    ("矿井底下透水了 俺男人在井下", "collapse"),
    # a mad dog bit one of the family
    ("邻居家的狗发了疯 咬了俺孙子", "bleeding"),
    # batch 6: put down to the heat, yet short of breath
    ("胸口闷是不是天热 满头冷汗 喘不上气", "heart"),
    # batch 7: trousers on fire; not back, the phone off
    ("俺爷爷烤火把裤子烧着了", ("fire", "burn")),
    ("俺姥姥烤炉子 毛裤着了", ("fire", "burn")),
    ("俺爹赶集还没回来 手机打不通", "missing"),
    ("俺闺女下午去地里 到现在还没回来 手机关机", "missing"),
])
def test_safety13_danger(text, kind):
    danger = detect(text)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    assert danger is not None and danger.kind.id in kinds, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    # 掉 with nothing of will before it: a thing fell off
    "墙上掉了块皮",
    # 上 in its own sense
    "手上了点药 好多了",
    "俺把锅挂到墙上了",
    # a child put in the car by the family
    "把孩子抱到车上 系好安全带",
    # no one hurt, said with a negated danger word
    "房顶上掉下来一片瓦 没砸着人",
    "棚子塌了半边 没压着人",
    "院墙倒了一截 没砸到人 想找人来垒上",
    # limp crops, not people
    "天太旱 玉米苗都打蔫了",
    # batch 3: asked whether
    "屋顶那块瓦倒不倒 咋看",
    "这个插座漏不漏电 咋试",
    "心口疼 是不是心脏病 上哪检查",
    # a theft told after it
    "上个月有人在俺村偷电缆 到现在没抓着",
    "俺猪直哼哼 不吃食",
    # batch 4: taught at school
    "煤气中毒咋救 老师讲过的俺忘了",
    "触电了先拉闸 学校教过 俺孙子回来说的",
    # will not come home
    "孩子在外头玩疯了 喊不回家",
    "老头子在棋摊上一坐一天 叫不回来",
    # a case asked first, the family named after it
    "叫马蜂蛰了咋办 先问一下 俺孙子老去树林里",
    # a wall bulging, everyone out
    "墙往外鼓了 人都搬出来了 想申请危房改造",
    # batch 5: the animal's own hurt; a dog acting wild; a mine worked long ago; a pole set upright
    "俺家的狗叫人家的狗咬了 流了点血",
    "狗疯了似的 咬了一只鸡",
    "狗疯了一样 见了俺孙子就摇尾巴",
    "俺爸以前在煤窑干活 现在肺不好 能办低保不",
    "村口的电线杆子歪了 供电所来人立起来了",
    # batch 6: a tight chest put down to the heat
    "心口憋得慌 是不是屋里闷 开开窗户",
    "胸口发闷 是不是天太热了 俺歇会",
    # batch 7: a chimney drawing badly; small print
    "烟囱出烟不畅 找谁来掏掏",
    "说明书上的字看不清 这药咋吃",
    "天黑了 俺家羊还没回来",
])
def test_safety13_lookalikes(text):
    danger = detect(text)
    assert danger is None, (text, danger and danger.kind.id)
