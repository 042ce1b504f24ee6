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


@pytest.mark.parametrize("text, kind", [
    # batch 3: dementia, then the bed found cold / the person gone, a long story between
    ("俺姥爷老年痴呆 夜里还给他盖的被子 天亮一看炕上没人了", "missing"),
    # sitting on the floor and cannot get up, told crying on the phone / alone
    ("俺大娘一个人在家 坐地上起不来了 给俺打电话哭", "fall"),
    # a farewell, then the phone switched off
    ("俺哥发信息说好好活 照顾好娘 然后关机了", "despair"),
    # pesticide: sat down, everything went black
    ("俺叔喷完药回家 进门就瘫在地上了 说眼前一黑", "poison"),
    # a sudden sound turns a long message about something else to now
    ("俺想问问低保的事 还没说完呢 就听见扑通一声 俺娘从凳子上摔下来了 起不来", "fall"),
    # a thing swallowed
    ("俺小外孙把一个大头针咽下去了 直哭", "choke"),
    # a fit told as the illness coming back; the jaw clenched
    ("俺弟病又犯了 直抽 牙关咬紧了", "seizure"),
    # crushed inside a shed that fell
    ("羊圈顶子塌了 俺爹压在里头", "collapse"),
])
def test_batch3_dangers_found(text, kind):
    danger = detect(text)
    assert danger is not None and kind in {hit.kind.id for hit in danger.hits}, (text, danger)


@pytest.mark.parametrize("text", [
    "俺奶老念叨她是累赘 俺们谁也没嫌过她 想给她买个轮椅",  # the family reassures her
    "俺爹走路有点拖腿 是不是年纪大了",  # slow aging, asked about
    "俺娘最近说话有点含糊 是不是上了岁数都这样",
    "俺爹老糊涂了 早上起来找不着眼镜",  # a thing lost, not the person
    "俺爹烟抽得厉害 老咳嗽 咋劝",  # smoking, not a fit
])
def test_batch3_look_alikes_stay_quiet(text):
    assert detect(text) is None, text
