"""The causes that safety10's fresh batches (tests/data/safety-own-safety10-*.jsonl) found, each in
other words than the batch: a fit with a bitten tongue, an old illness told before a fresh event,
beasts knocking people down, poison put somewhere by someone else, the funeral arranged before a
farewell, choking signs, coal smoke with a blocked flue, a person face down in water, pleas that
sound like questions; and the look-alikes: chasing a beast, heat complaints, learning ahead."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text, kind", [
    # a bitten tongue in a fit is a sign of the fit, not a small wound
    ("俺闺女突然抽风 咬着舌头了 叫不应", "seizure"),
    ("他癫痫又犯了 把舌头都咬破了", "seizure"),
    # a condition of many years, then what happened this afternoon / this morning
    ("俺奶奶糊涂了多年了 早上趁俺做饭自己出门了 到现在找不着", "missing"),
    # a beast knocked a person down (被 also said 叫, 让)
    ("俺舅让公牛顶倒了 躺在圈里哼哼", "fall"),
    ("俺爹叫骡子踢飞了 摔在石头上", "fall"),
    ("俺家老二在猪场被老母猪拱翻踩了 躺那不动", "fall"),
    # the person was bitten by their own family's dog: the animal cue does not soften it
    ("俺娘叫自家的狗咬了 手上一个大口子 血止不住", "bleeding"),
    # drank the poison someone had put somewhere
    ("小孙子吃了他奶奶藏柜子里的老鼠药", "poison"),
    ("俺叔喝了他儿子搁墙角的农药", "poison"),
    # the funeral arranged, then goodbye
    ("俺把后事都交代完了 钱在柜子里 我先走一步", "despair"),
    # medicine thrown away, "lived enough"
    ("俺爹说他活到头了 把药全扔了 也不吃饭", "despair"),
    ("俺奶说活够了 药也不吃了 天天坐门口发呆", "despair"),
    # the rope brought out
    ("俺妈老念叨活着没意思 今天俺看见她把绳子翻出来了", "despair"),
    # choking signs
    ("俺爷吃馒头噎着了 气上不来 手捂着脖子", "choke"),
    ("孩子吃花生卡住了 俺正倒拎着他拍 还没出来", "choke"),
    ("到底管不管 俺孙女吃葡萄卡住了 喘不上气", "choke"),
    # coal smoke: a blocked flue, the sleepers vomiting
    ("俺大舅家烟道堵了 老两口在床上直吐", "gas"),
    # a person face down in the water
    ("河湾里有个小孩趴在水里 一动不动", "drowning"),
])
def test_dangers_found(text, kind):
    """Found, with the cause's kind among the kinds scored (a tie may put another 120 kind first)."""
    danger = detect(text)
    assert danger is not None and kind in {hit.kind.id for hit in danger.hits}, (text, danger)


@pytest.mark.parametrize("text", [
    "过年杀羊 羊挣脱了 满院子追 累死了",  # the chase is after a beast
    "鸡飞出去了 俺满街追 追了半天",
    "这天热得喘不上气 啥时候能下场雨",  # a heat complaint
    "俺家小牛犊被母牛踩了一脚 瘸了",  # the beast is the one hurt
    "俺羊羔叫老母猪拱倒了 腿瘸了 咋治",
    "老人吃东西噎住了该咋办 俺想提前学一下",  # learning ahead
    "后事咋安排 村里有红白理事会吗",  # a question about the rules
    "俺爹说他活够本了 八十了还天天下地",  # a boast, no medicine thrown away
    "俺娘糊涂好几年了 晚上老起来翻东西",  # an old illness, no danger told
])
def test_look_alikes_stay_quiet(text):
    assert detect(text) is None, text
