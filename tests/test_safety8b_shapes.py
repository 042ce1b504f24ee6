"""The danger shapes of violence, crime now, the missing and despair that the safety8b batches
(tests/data/safety-own-safety8b-1 to -3) found at first sight: beatings "往死里揍", threats to wipe
out a family, burglars still in the yard, the lost old who cannot say where they are, farewells,
poison bought "for myself", things given away; and the look-alikes that stay quiet (school fights,
hide-and-seek, pension plans, a lost exercise book, wrist bands against getting lost)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.safety.cli import measure
from bot.safety.detect import detect

DATA = Path(__file__).parent / "data"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("text, kind", [
    ("他爹拿着鞋底子往死里揍那孩子", "violence"),  # 往死里 + any blow
    ("那个醉汉把他兄弟往死里踹", "violence"),
    ("他在电话里说明天来杀了俺全家", "violence"),  # a threat to a whole family
    ("那人放话要灭了俺一家子 今晚就来", "violence"),
    ("俺姐又挨揍了 这会还在屋里打呢", "violence"),  # 这会 is "now", not "would"
    ("对门那家又打起来了 这会还在打", "violence"),
    ("俺家那口子把俺关屋里打 手机是偷拿的", "violence"),  # 打 then, after a space, the phone
    ("有个生人翻墙进了后院 俺一个人在家", "violence"),
    ("两个人正在撬俺家大门的锁", "violence"),
    ("俺家窗户让人砸了 那伙人还在门口没走", "violence"),
    ("半夜有人进了屋 俺听见有动静", "violence"),
    ("俺爷爷打电话来说找不着家了 问他在哪也说不清", "missing"),
    ("俺娘糊涂了 刚才打电话说迷路了", "missing"),
    ("俺把药都买好了 就等晚上", "despair"),
    ("俺买了一瓶敌敌畏 是留给自己的", "despair"),  # poison "for myself"
    ("这瓶农药不是打地用的 是俺自个喝的", "despair"),
    ("闺女 娘对不住你 你好好过 别找娘了", "despair"),  # a farewell
    ("俺死了以后你们别难过 好好过日子", "despair"),
    ("银行卡密码写在本上了 以后替俺照顾好你爹", "despair"),
    ("牛都分给他们了 俺也没什么牵挂了", "despair"),  # things given away
    ("俺在楼顶上呢 都别拦着俺", "despair"),
    ("以后恁就见不着俺了", "despair"),
    # batch 2
    ("他姑父抄起凳子砸他兄弟", "violence"),  # furniture swung at a person
    ("那人拿着酒瓶子追着俺打", "violence"),
    ("俺娘叫他推倒了 他还在那踹", "violence"),
    ("他们几个把俺摁在地上揍", "violence"),
    ("他叔让人用瓶子开了瓢 满脸是血", "violence"),
    ("俺男人拿绳子要把俺捆起来", "violence"),
    ("俩小青年在桥头截住俺 叫俺掏钱", "violence"),  # a robbery
    ("骑摩托的把她脖子上的金项链硬拽走了", "violence"),
    ("俺家后门叫人撬开了 人可能还在屋里", "violence"),
    ("有个人在俺家窗户外头鼓捣 半夜里", "violence"),
    ("有个生人一直跟着俺孙女 俺孙女吓哭了", "violence"),
    ("俺孙女在超市门口 一转眼就不见了", "missing"),
    ("俺大娘从早上就不知道上哪去了 找了一圈没有", "missing"),
    ("小孩让一个不认识的男的领上车了", "missing"),
    ("俺爹说要把车开河里去 谁也拦不住", "despair"),
    ("俺这病不治了 想早点走 省得花钱", "despair"),
    ("俺活了一辈子没拖累过人 这回也不拖累了", "despair"),
    ("他在桥边站着 说想下去", "despair"),
    ("俺把安眠药都攒起来了", "despair"),
    ("让我死了吧 别管我了", "despair"),
    ("俺这样的人不配活着", "despair"),
    ("爹 下辈子俺再好好孝顺你", "despair"),
    ("他把家里的东西都送人了 还去跟老邻居道别", "despair"),
    ("以后过年给我烧点纸就行", "despair"),
    # batch 3
    ("他们两家在地头上动了家伙了", "violence"),
    ("那人说要把我连人带房子一块烧了", "violence"),
    ("他放话说要带人来卸了俺的胳膊", "violence"),
    ("俩人因为浇地的事动了手 有一个躺地上不动了", "violence"),
    ("俺闺女叫她男人打了 现在还在那闹", "violence"),
    ("一帮小青年把他堵在墙角 在那踢他", "violence"),
    ("俺家电动车正叫人往外推呢", "violence"),
    ("有两个冒充收电费的进了俺家 在屋里翻", "violence"),
    ("后半夜有人往俺院里扔砖头 这霎又来了", "violence"),
    ("俺爷爷糊涂 上午出去赶集 这会还没家来", "missing"),
    ("学校说孩子叫人接走了 俺家里没人去接啊", "missing"),
    ("俺家二丫头跟她爸赌气跑了 三个钟头了", "missing"),
    ("俺们那个老光棍一个礼拜没见人影了", "missing"),
    ("他说他要是不在了 让俺照顾好俩孩子", "despair"),
    ("我不想再熬了 真的", "despair"),
    ("俺想睡过去就别醒了", "despair"),
    ("俺把房本交给儿子了 俺要去陪老伴了", "despair"),
    ("俺在房顶上 这是最后一次跟恁说话了", "despair"),
    ("他发信息说对不住俺 别等他了", "despair"),
    ("活着太难了 真想解脱", "despair"),
    ("俺想把自己吊到房梁上", "despair"),
    # probe 4
    ("他拿着根钢筋在街上追着人跑", "violence"),
    ("他放话说要是敢报警就叫我活不过这个月", "violence"),  # a threat with 要是敢
    ("两个说是推销的进了俺家院 在屋里不走 俺害怕", "violence"),
    ("俺孙子说去他姑家 他姑说根本没来过 这都天黑了", "missing"),
    ("俺家小孙女在商场跟丢了 广播喊了也没人应", "missing"),
    ("信写好了 谁也别找我 对不起爹娘", "despair"),
    ("俺娘说要去跟去世的俺爹作伴", "despair"),
    ("他一个人在河边坐着 说不回家了", "despair"),
    ("俺想找根绳子往梁上一挂", "despair"),
    ("活成这样 还不如一头撞死", "despair"),
])
def test_safety8b_danger_shapes(text, kind):
    danger = detect(text)
    # a beating that also tells of a fall or blood names its number as well (also)
    assert danger is not None and kind in (danger.kind.id, *(k.id for k in danger.also)), (text, danger)


@pytest.mark.parametrize("text", [
    "俺闺女找不着语文书了 哭着不去上学",  # a thing after 找不着
    "孙子找不到钥匙了 进不了门",
    "老人走丢了咋办 有没有那种定位手表发",  # gear against getting lost
    "闺女在学校跟同学打架了 老师叫家长去",  # school fights
    "小孙女藏衣柜里了 找了半天 原来在那睡着了",  # hide-and-seek
    "不想拖累儿女 想多交点养老保险",  # plans for old age
    "他要俺的命啊 一斤白菜卖这么贵",  # exaggeration
    "这会开会呢 一会再打电话",
    # batch 2
    "他抢了我的车位 天天停那",  # not a robbery
    "想找司法所问问分家的事",  # 想找司 is no 想着死
    "割麦子的时候拿镰刀划了手 早长好了",
    "上个月有人撬了俺村的仓库 抓着了没有",
    "俺奶奶在姑姑家住着 好几天没回来了",
    "他爹前年喝药了 他家能吃低保不",
    # batch 3
    "孩子去同学家了 刚打电话说到了",  # 说到了: arrived
    "他说他已经到了 让俺去村口接",
    "俺家那口子说不种了 地包出去",
    "快来人帮俺把羊赶回圈里",
    "今年麦子叫雹子打了 有补贴吗",
    # probe 4
    "那部电视剧里有人拿刀砍人 看得俺心慌",  # a TV story
    "俺爹拿着刀在院里杀鸡 晚上过来吃",
    "医生说要是不做手术 他活不过今年",  # a doctor's word, not a threat
])
def test_safety8b_look_alikes_stay_quiet(text):
    assert detect(text) is None, (text, detect(text))


@pytest.mark.parametrize("name", ["safety-own-safety8b-1.jsonl", "safety-own-safety8b-2.jsonl",
                                  "safety-own-safety8b-3.jsonl", "safety-own-safety8b-4.jsonl"])
def test_safety8b_batches_meet_the_goal(name):
    found, total, alarms, lookalikes, mistakes = measure(rows(DATA / name))
    assert found / total >= 0.98, mistakes
    assert alarms / lookalikes <= 0.03, mistakes
