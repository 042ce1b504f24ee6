"""The danger shapes and look-alikes that session 17's fresh batches (tests/data/safety-own-safety8a-*.jsonl)
found for fire, medical emergencies, gas, power lines, drowning and the trapped."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text", [
    "俺家小子掉到村西头那个废了的机井里了",  # which well, told at length, between 掉到 and 井里
    "二丫栽进后头那个大水湾里了",
    "老太太滑到北边那条浇地的渠里了",
])
def test_a_person_falling_into_water_told_at_length(text):
    hit = detect(text)
    assert hit is not None and hit.kind.id == "drowning", text


@pytest.mark.parametrize("text", [
    "手机掉到村东头那个大口井里了 能捞上来不",  # what fell is a thing
    "俺家鸡掉到后院那个旱井里了",
    "水桶掉进院里那口老井里了",
])
def test_things_falling_into_water_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text", [
    "俺男人剁排骨把手指头剁下来一截 血往外冒",  # a finger, but badly hurt
    "切菜切着手指头了 血哗哗的止不住",
])
def test_a_finger_badly_hurt_is_no_small_cut(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text", [
    "切菜切着手指头了 出了点血 贴个创可贴行不",
    "手指头划了个小口子",
])
def test_a_small_cut_on_a_finger_stays_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text", [
    "修渠的时候土塌了 埋住一个人",  # buried by a collapse
    "窑洞塌了 俺爹埋里头了",
    "沟帮子塌下来 把干活的埋进去了",
])
def test_people_buried_by_a_collapse(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text, kind", [
    ("俺娘在炕上坐着直迷瞪 屋里一股子煤气味", "gas"),  # 迷瞪 is read as 迷糊
    ("烧着炉子 俺爹迷瞪得站不住", "gas"),
    ("俺爷喘气跟拉风匣一样 叫也叫不醒", "faint"),  # 风匣 is read as 风箱
    ("锅屋里烧起来了", "fire"),  # 锅屋 is the kitchen
])
def test_dialect_words_are_read_as_the_written_ones(text, kind):
    hit = detect(text)
    assert hit is not None and hit.kind.id == kind, text


@pytest.mark.parametrize("text", [
    "夜来俺爹晕倒了一回 今儿好了 想问问挂哪个科",  # 夜来 is yesterday, and it is over
    "这两天老是迷瞪 是不是没睡好",
])
def test_dialect_past_and_mild_states_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text", [
    "快点来人吧 俺娘脸憋得发黑",
    "赶紧来人 俺爹嘴唇发黑喘不动",
    "俺姐在棚里喷药 人倒那了",  # pesticide, then lying there
    "打完农药回来 人倒在地里不动了",
    "独居的王大爷烧着炉子 门从里头插着 叫不开",  # coal smoke behind a bolted door
    "小孩踩着那根刮断的线了",  # the fallen line
    "他去够那根耷拉下来的线 一下就倒那了",
    "四个孩子下河摸鱼 就回来仨",  # fewer came back
    "墙倒了 底下压着俩干活的",  # workers pinned
    "俺爹咳了好几口血 站都站不住了",
    "有个小孩在湾里漂着",
])
def test_new_shapes_of_batch_two(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text", [
    "急得俺火上房了 那个补贴咋还不下来",  # figurative
    "急得嗓子冒烟 车还不来",
    "井盖丢了得赶紧找人补上",  # 赶紧找人 is no 赶紧来人
    "河里漂着好多塑料袋 谁来管管",
    "脚手架倒了 底下压着几袋水泥 人都没事",
    "架子倒了 人都没事",  # what fell is a thing
    "棚子倒了 人都好好的 就是得重新搭",
])
def test_look_alikes_of_batch_two_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("拔电视插头叫电给崩了 手都黑了", "shock"),  # 叫电崩了: spoken for a shock
    ("他摸那个插线板让电崩了一下 人往后一仰就倒了", "shock"),
    ("小太阳烧出一股胶皮味 还冒烟", "power"),  # an appliance smouldering
    ("俺家热水器那滋滋响 还有火花", "power"),
    ("让野猪拱了 肠子都流出来了", "bleeding"),
    ("俺娘割麦子 一头扎到机井里了", "drowning"),
    ("俺孙子钻进装粮食的大缸里 出不来了", "trapped"),  # a child shut in, cannot get out
    ("老汉困在倒了的棚子底下 拽不出来", None),
])
def test_new_shapes_of_batch_three(text, kind):
    hit = detect(text)
    assert hit is not None and (kind is None or hit.kind.id == kind), text


@pytest.mark.parametrize("text", [
    "一氧化碳报警器多少钱一个",  # a device named after the danger
    "燃气报警器老是响 是不是坏了",
    "俺家着火的那一回 保险给赔了没",  # past, asking for aid
    "那一次电线打火 烧了俺家的电视 找谁赔",
    "三轮卡在泥里出不来了 找个拖车",  # a vehicle stuck, not a person
    "孩子钻到柜子里藏猫猫 一会就出来了",
])
def test_look_alikes_of_batch_three_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("俺爹又抽风了 跟上次一样 这次抽得停不下来", "seizure"),  # 上次 compares; 这次 is now
    ("上回也是这样 这回俺娘晕过去叫不醒了", "faint"),
    ("孩子在湾边上玩 一个浪打过来人就没影了", "drowning"),  # 打过来 is no 打过
    ("一块瓦掉下来砸着个过路的 头上都是血", "bleeding"),  # 过路的 is no experience
    ("地震了 俺奶奶瘫在床上跑不出来", "trapped"),
    ("车翻进湾里了 人还在车里", None),
    ("墙砸着俺爹的腿了 拔不出来", "collapse"),
    ("点炉子的时候火一下扑出来 把他眉毛头发都燎了 脸上起了泡", "burn"),
    ("小孙子吃了他奶奶的降糖药 也不知道吃了几片", "poison"),
])
def test_new_shapes_of_batch_four(text, kind):
    hit = detect(text)
    assert hit is not None and (kind is None or hit.kind.id == kind), text


@pytest.mark.parametrize("text", [
    "俺娘上回晕倒以后 大夫说是低血糖 平时吃点啥好",  # 上回 without 这回: the past
    "燃气灶打火的时候呲呲响 就是点不着",  # the stove, no leak
    "液化气灶点火老是呲呲的 火苗小",
    "他家的三轮挡着俺家的道了",  # 道 is the road, not 倒
    "孩子能不能吃降压药",  # a question
])
def test_look_alikes_of_batch_four_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("煤气忘了关 俺爹在屋里睡 叫不开门", "gas"),  # gas left on, someone shut in
    ("西院那个五保户好几天没见了 门口一股子臭味", "faint"),  # alone, unseen, a smell
    ("小闺女把半瓶风油精喝了", "poison"),  # household liquids
    ("俺孙子让车门夹了 手指头断了", "bleeding"),
    ("矿上冒顶了 底下还有人", "collapse"),
    ("有个傻子爬到变压器上去了", "power"),
    ("南边冒起浓烟 噼里啪啦直响", "fire"),
    ("大狼狗咬了好几个人了 还在村里窜", "bleeding"),
])
def test_new_shapes_of_batch_five(text, kind):
    hit = detect(text)
    assert hit is not None and hit.kind.id == kind, text


@pytest.mark.parametrize("text", [
    "俺娘身体不行了 想给她办个低保",  # a weak body, asking for aid
    "救火车能开进俺村不 路太窄",  # the fire engine
    "指甲掉了 咋办",
    "电工爬上电线杆修线 今天停电吗",
    "过年放鞭炮噼里啪啦的 冒烟",  # firecrackers
    "窑洞早就塌了 里头有个旧柜子 能拿出来不",  # long ago, a thing inside
])
def test_look_alikes_of_batch_five_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("屋里没气泄漏了 呛得慌", "gas"),  # voice input: 没气 for 煤气
    ("俺爹没气中毒了 叫不醒", "gas"),
    ("屋里烧着没炉子 俺娘头疼得起不来", "gas"),
    ("湾里淹了个孩子", "drowning"),
    ("房子塌了 压住俩干活的", "collapse"),
    ("小孙子钻进衣柜里 柜门推不开了", "trapped"),
])
def test_new_shapes_of_batch_six(text, kind):
    hit = detect(text)
    assert hit is not None and hit.kind.id == kind, text


@pytest.mark.parametrize("text", [
    "俺家没气了 换一罐液化气多少钱",  # the bottle is empty
    "家里没炉子 冬天咋取暖",
    "逆水行舟 不进则退",
    "心梗的病人能吃鸡蛋不",  # asking about a sickness
    "脑梗的病号能喝酒吗",
])
def test_look_alikes_of_batch_six_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("他洗着澡呢 水一直哗哗响 在里头半天没动静了", "faint"),  # silence behind the bathroom door
    ("出去一看俺娘躺在院里 身子底下一大滩血", "bleeding"),
    ("河里冲下来个孩子 还在扑腾", "drowning"),
    ("屋里的水都到膝盖了 俺爹还在炕上", "flood"),
    ("房梁咔嚓一声折了 俺娘还在屋里", "collapse"),
    ("大梁砸下来了 俺爹在底下", "collapse"),
])
def test_new_shapes_of_probe_seven(text, kind):
    hit = detect(text)
    assert hit is not None and hit.kind.id == kind, text


@pytest.mark.parametrize("text", [
    "气得俺嗓子冒火 那家欠钱不还",  # figurative
    "洗澡的时候热水器不热 真倒了霉了",
    "桥梁断了 车过不去",  # a bridge, not a house beam
    "房梁断了 住着心里不踏实",  # a house to mend
    "这根大梁裂了 要不要换",
])
def test_look_alikes_of_probe_seven_stay_quiet(text):
    assert detect(text) is None, text
