"""Paraphrase robustness (safety12): the causes behind the misses and false alarms of colleague
blind set 27 and of the paraphrase batches tests/data/safety-para12-N.jsonl (the colleague sets'
situations said by other villagers), each fixed as a family and tested here in further words.

Danger: a weapon held (拎着, 端着, 抄了) while shouting a threat (嚷嚷 is then more than words); a
son-in-law or stepfather hitting; shooting threats (崩了俺); a child pulled towards a van; a
farewell with a handing-over told in between; a thing on charge that exploded or caught fire
(炸着了); a fall into a hole in the ice told after the ice; 没 padded with 见/再 (没见冒头); 啦 as
the spoken 了 (招伙啦); food stuck "there" (卡那了) and the face purple; bulk or fake liquor and
the eyes gone; a crash with the people stuck inside; a lift that dropped or holds people.
Look-alikes: "my head exploded" (头都炸了); fear of a case ahead (怕刮大风, 怕晚上有人);
a case asked first about nobody named (一个人在家摔倒了咋办 先问问); the displaced after a
disaster asking for aid (现在住亲戚家); a complaint about an event that is over (能投诉吗); a tool
carried to the field (拿着镰刀下地); what a drunk does each time (喝醉了回家就打).

Figures: set 27 117/120 / 2/120 on main, 120/120 / 0/120 after; batches in tests/kit/safety_sets.py."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text, kind", [
    # a weapon in hand while shouting a threat
    ("他大舅提着镐在俺院里嚷嚷 说今天非劈了俺不可", "violence"),
    ("那个人攥着刀子在门口嚷嚷 俺们不敢出去", "violence"),
    ("隔壁那个愣头青抄了根铁棍 在街上嚷嚷着要打人", "violence"),
    # family members by marriage hitting
    ("俺闺女说她姑爷又打她了 打得鼻子直淌血", ("violence", "bleeding")),
    ("后爹又打俺了 俺躲在草垛后头", "violence"),
    # shooting threats
    ("有个人拿着猎枪在村口喊 说要崩了俺", "violence"),
    ("他说要一枪崩了我 这会儿还在院外头转", "violence"),
    # pulled towards a vehicle
    ("两个生人拽着俺闺女往车里塞", ("missing", "violence")),
    ("有个男的抱着俺孙女往三轮车上拖", "missing"),
    # farewell with a handing-over in between
    ("俺走了 那几只羊恁牵去卖了 钱给俺孙子 别找俺", "despair"),
    ("我走了以后 屋里那点东西都给俺侄女 别惦记", "despair"),
    # on charge, exploded or caught fire
    ("手机放床头充着电 一下子炸着了 被子都冒烟了", "fire"),
    ("三轮车电瓶充了一宿 早上起火了", "fire"),
    ("锅炉房炸着了 火苗子往外窜", "fire"),
    # a hole in the ice
    ("河面上结了冰 俺孙子在上头跑 掉窟窿里了", "drowning"),
    ("水库冰上有个人 栽冰窟窿里了 就露个脑袋", "drowning"),
    # 没 padded with 见/再
    ("俩孩子下河摸鱼 一个扎下去没再上来", "drowning"),
    ("老头子下湾捞东西 到这会儿没见露头", "drowning"),
    # 啦 as the spoken 了
    ("着伙啦 快来人", "fire"),
    ("俺娘晕倒啦 叫不应", "faint"),
    # stuck there, face purple
    ("孩子吃枣 一口堵那了 脸憋得发紫", ("choke", "heart")),
    ("俺爹吃鸡蛋没咽下去 憋得说不出话", "choke"),
    # bulk or fake liquor, eyes gone
    ("喝了集上打的散酒 俺爹说眼前一片黑 啥也看不见", "poison"),
    ("俺男人喝了假酒 这会儿叫不醒", ("poison", "faint")),
    # a crash, people stuck inside
    ("拖拉机跟面包车撞了 面包车里的人卡住出不来", ("trapped", "bleeding")),
    ("路口出车祸了 小轿车翻了 车门拽不开 里头有人喊", "trapped"),
    # a lift
    ("俺娘在电梯里困着 电梯停在半空 喊她不太应", "trapped"),
    ("俺家孩子关在电梯里出不来了 哭着打电话", "trapped"),
    # round 2 (batch 3): the end of the road and the means ready
    ("日子到头了 农药俺都备好了 待会就喝", ("despair", "poison")),
    ("俺没活头了 绳子找出来了", "despair"),
    # not surfaced, clothes on the bank
    ("俺孙子去塘里洗澡 褂子还在岸上 人没露面", "drowning"),
    ("俩小子下河凫水 衣裳在河边 一个都没露头", "drowning"),
    # the water broke in, people climbed up
    ("河水冲进院了 俺们爬到桌子上了 水还在涨", "flood"),
    ("发水了 一家人都上了房顶 下不去", "flood"),
    # head tilted, slumped, cannot be roused
    ("俺娘看着电视头一歪 喊也喊不应", "faint"),
    ("老爷子喝着汤趴在桌上 叫不动了", "faint"),
    # back from the market, then the danger (上回 in 集上回来 is no "last time")
    ("刚从镇上回来 看见俺家屋顶冒黑烟 里头还有人", "fire"),
    ("俺从坡上回来 老伴倒在院里 叫不应", "faint"),
    # after spraying: "back and then vomiting" is what happened, no habit
    ("他打完农药回来就吐 浑身哆嗦", "poison"),
    # round 3 (batch 4): the thief just left, still in sight
    ("家里进贼了 刚翻出去 还能看见人影", "violence"),
    ("俺家让人偷了 人刚跑 还瞅得见", "violence"),
    # fell into a hole or cellar, crying from below
    ("俺孙子掉到枯井里了 在底下哭", ("trapped", "drowning")),
    ("老头子栽进红薯窖里了 在底下哼哼", ("trapped", "drowning")),
    # clothes folded, off to the dead
    ("俺奶奶把衣服都叠好了 说去找俺爷爷 人出门了", "despair"),
    ("俺娘换上新衣裳 说去找老头子 人不见了", ("despair", "missing")),
])
def test_safety12_danger(text, kind):
    """`kind` may name two kinds where either tells the danger (a crash: trapped or bleeding)."""
    danger = detect(text)
    assert danger is not None and danger.kind.id in ((kind,) if isinstance(kind, str) else kind), \
        (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    # a cry "着了" + whose building + an urgent word: an alarm (help or fire)
    "着了 俺家东屋 快来人",
    "快来人 着了 俺家后院",
])
def test_safety12_cries_alarm(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text", [
    # "my head exploded"
    "这些表格把俺看得脑袋都炸了",
    "手机上的字密密麻麻 俺头都大了",
    "孙子一哭一闹 俺头都炸了",
    # fear of a case ahead
    "那棵老树歪了 怕下大雨倒了砸着人",
    "水沟没盖板 怕夜里有人掉进去",
    "高压线离房顶太近 怕刮大风断了",
    # a case asked first, nobody named
    "要是在地里中暑晕倒了咋办 先问问",
    "在家摔倒了起不来该咋办 先问一下",
    # the displaced asking for aid
    "大水把俺家屋冲塌了 这会儿借住在邻居家 能申请救助吗",
    "房子烧了 现在一家子住棚子 有啥补助没",
    # a complaint about something over
    "电梯又把人关了二十分钟 想投诉他们",
    "上回变压器冒火花 供电所半个月才来 俺要举报",
    # 啦 kept inside the sound words
    "过年放鞭炮噼里啪啦的 真热闹",
    "水哗啦哗啦的 水龙头没关紧",
    # a weapon at work, not a threat
    "俺爹拎着镰刀去割麦了",
    "俺提着菜刀去剁排骨",
    "俺拿着镰刀下地",
    # what happens each time he is drunk (a matter for mediation)
    "女婿喝醉了回家就打俺闺女",
    "俺那口子喝多了就砸东西 想找人说说他",
    "老头子扛着锄头去地里了",
    # round 2 (batch 3): cooking smoke cleared
    "炒菜呛锅了 满屋子烟 开开门就散了",
    "熬粥熬糊了 一屋子烟 这会散干净了",
    # the broken line joined again
    "刮断的电线电工给接上了 就是电压不稳",
    "变压器那根线供电所来接好了 问问电费咋算",
    # a slope protection asked for
    "村后那道坡一下雨就往下冲土 能不能修个护坡",
    # tired talk with a joke
    "俺累得不想活了 割了一天麦子 哈哈",
    # back from the market, nothing wrong
    "俺刚从集上回来 买了二斤肉",
    # round 3 (batch 4): how to raise a child; putting things in the mouth
    "孩子爱往嘴里塞东西 咋教育",
    "小孙子啥都往嘴里放 怎么教他",
    # a thing fallen into a hole; a thing found
    "钥匙掉进下水道了 够不着",
    "狗找着了 俺家那条黄狗",
    # clothes folded for the holiday
    "俺娘把衣裳都叠好了 等俺们回家过年",
])
def test_safety12_lookalikes(text):
    danger = detect(text)
    assert danger is None, (text, danger and danger.kind.id)
