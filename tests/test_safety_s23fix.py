"""The causes behind the misses and false alarms of colleague blind sets 23 (a 12345 hotline
operator, Linyi dialect) and 21 (a retired village accountant), each tested in other words.

Danger: a roof, thatch, shop or eatery that caught fire or smokes; an old matter set aside
(上回的事先不说了) before the fire now; a gas flame gone out with the valve still open (灭了 is
no "resolved" then); a nosebleed that lasts half an hour; a drink from a bottle that held poison; a
rat poison named by its use, eaten by a child; a night on the floor unable to get up; an axe at
the door with "I'll cleave you"; a child gone with a stranger; a child or an old man at the water,
only a shoe found or a bucket floating; a fraud caller while the villager stands at the bank; the
bankbook left and "I'm going to her dead father"; "don't worry about me any more, this is the last
message"; a rescuer who fell too at the bottom of a well; men with clubs at the door.
Look-alikes: TV dramas, children playing cops with toy guns, "people get old", drills, "as if
poisoned", a high electricity bill asked about.

Figures (tests/data/colleague-blind-23/safety-blind23.jsonl, colleague-blind-21/safety-blind21.jsonl):
set 23 88.3% / 3.3% and set 21 96.7% / 3.3% at first sight on int 36b8ab3, both 100% / 0% after."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text, kind", [
    # roofs, thatch, shops and eateries on fire
    ("烟道冒火 房顶上的草顶开始冒烟", "fire"),
    ("屋顶上的麦秸冒烟了 快来人", "fire"),
    ("镇上那家超市着了 里头还有人", "fire"),
    # an old matter set aside, then the danger now
    ("前头那个事先不说了 村口饭店着了 还有人在里头", "fire"),
    ("上回说的低保先不提了 俺家柴火垛着了", "fire"),
    # the flame went out, the valve still open
    ("俺屋里液化气味好大 灶上火苗灭了 阀门还开着 头晕", "gas"),
    ("煤气灶火灭了 阀还开着 俺有点晕乎 煤气味冲鼻子", "gas"),
    # bleeding that lasts
    ("俺娘流鼻血 半个多钟头了还在淌", "bleeding"),
    ("孩子鼻子出血 堵不住 一直淌", "bleeding"),
    # a bottle that held poison
    ("孙子喝了可乐瓶里的水 瓶里装的是农药", "poison"),
    ("俺爹喝了矿泉水瓶里的 那里头是敌敌畏", "poison"),
    # a poison named by its use, eaten by a child
    ("药耗子的药叫小孙女吃了", "poison"),
    ("老鼠药叫孙子吃了", "poison"),
    # a night on the floor
    ("俺娘在床底下躺了一夜 爬不起来", "fall"),
    ("老伴摔在炕沿下 躺了一宿 起不来", "fall"),
    # a weapon at the door, "I'll cleave you"
    ("他拿着菜刀在院里嚷 说再不走就砍了俺", "violence"),
    ("他举着镰刀在门口喊 说今天就劈了我", "violence"),
    ("几个人拿着棒子在俺家门口 要打人", "violence"),
    # gone with a stranger
    ("俺孙女跟个不认识的人上车走了 才十二", "missing"),
    ("俺闺女跟陌生人上车走了 手机关机", "missing"),
    # at the water, a shoe or a bucket left
    ("俺家小子在塘边玩 这会儿只找着一只鞋", "missing"),
    ("孩子在河边耍 就找着一只鞋", "missing"),
    ("老伴去湾里打水 没回来 桶在水上漂着呢", "missing"),
    # fraud while at the bank (a kind of its own since session 22: 110 and 96110, stop sending money)
    ("有骗子冒充公安叫俺转账 俺这会儿在取款机跟前", "fraud"),
    ("有人冒充警察叫俺汇钱 俺正在银行排队", "fraud"),
    # affairs handed over, going to the dead partner
    ("房本放柜子里了 跟俺儿说一声 俺找他娘去了", "despair"),
    ("钥匙放门口了 跟俺闺女说一声 俺找她娘去了", "despair"),
    # no more worry, the last message
    ("以后恁就不用操俺的心了 这是最后一次跟恁说话", "despair"),
    ("往后就不用操我的心了 这是最后一条消息", "despair"),
    # a TV drama on, then the teller's own house on fire
    ("看抗日剧呢 俺家厨房着火了", "fire"),
    ("电视剧看着看着 俺家厨房着火了", "fire"),
])
def test_s23fix_danger(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    # the rescuer fell too: any alarm (collapse or faint) will do
    "窖底下有人晕了 下去救的也倒了",
    "枯井底下有人晕了 下去拉的也晕了",
])
def test_s23fix_rescuer_fell_too(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text", [
    # TV and films
    "电视剧里土匪拿刀砍人 孩子吓哭了",
    "抗日剧里放炮着火 俺爹爱看",
    # children playing
    "孩子们拿着玩具枪玩抓坏人 满院子喊打死你",
    # old age
    "人老了 胸口有时候闷 上楼喘",
    # drills
    "村里搞消防演练 喇叭喊着火了 大家往外跑",
    "学校演习 说有人晕倒了 叫大家别慌",
    # "as if"
    "跟触电了似的 一听这消息浑身发麻",
    "累得跟中毒了似的 浑身没劲",
    # the electricity bill
    "这个月电费咋这么高 是不是漏电了",
    "电表转得飞快 是不是哪里漏电",
    # the old matter set aside, nothing after; a shop's thief caught
    "上回反映的事先不说了 问问低保咋办",
    "前几天有人撬了俺村的小卖部 抓着了没有",
    # tools at work, corn cobs
    "俺爹拎着斧子去劈柴了",
    "棒子都掰完了 卖给谁",
    # at the water, back; gone with a classmate; going to ask for a password
    "小孩在河边玩 衣服湿了 回来了",
    "老头子去汪里挑水了 一会回来",
    "孙女跟她同学上车走了 去县城玩",
    "存折密码忘了 找她爹去了 他记得",
    # a harmless drink from a bottle
    "孩子喝了瓶里的水 那瓶里装的是蜂蜜水",
])
def test_s23fix_lookalikes(text):
    danger = detect(text)
    assert danger is None, (text, danger and danger.kind.id)
