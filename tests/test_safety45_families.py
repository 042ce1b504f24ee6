"""The causes behind the misses, false alarms and wrong kinds of colleague blind set 45 (a farming
county in Linyi through the seasons), each tested in other words than the set's.

Danger: the emergency number said in words (幺幺九, 一二零); a fire that spread over a field or a
threshing floor (着了一大片); moaning heard behind a door nobody opens; a child's clothes left on the
bank told bank first (岸上就剩下衣裳); the one deceived already queueing at the bank or being taken to
withdraw; lost on a hill; a bull or a horse loose among people; gas poisoning told by symptoms of
many, or as 中度 (a real word the sound repair cannot undo); 塌了 heard as 他了 right after a
house; 喝药 heard as 和药; a tree through the roof with someone pinned on the bed; a machine that
caught a hand (verb first) and fingers 都掉了; someone kept locked in and "不让她走"; a child dragged
into a field; water coming in with someone bedridden; a relative 在外地 telling of it.
Look-alikes: a burnt e-bike or line that took the papers with it (补办), a pension check at home
for an injured parent (上门认证), a first-aid video asked for, another place where a danger word
has its place (往屋里拽 is no slip of 往车里拽), a fight far away the police already handled.
Kinds (the number given first): a live outdoor line or transformer burning is a power danger
(95598), a wiring fire indoors stays a fire (119); food stuck with a blue face is choking, not the
heart; a stove or charcoal with people who won't wake is gas (open the windows); a crowd crush is 110;
a tie between fainting and its cause (scalded, poisoned, a fit) names the cause first.

Figures (tests/data/colleague-blind-45/safety-blind45.jsonl): 88.3% / 2.5% on main 7331e0e at first
sight, 100% / 0% after."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text", [
    # the emergency number said in words
    "恁快打幺幺零 俺家门口来了个拿刀的",
    "俺娘不行了 快打一二零",
    "快打幺二零 快",
])
def test_a_number_said_in_words_is_a_call_for_help(text):
    assert detect(text) is not None, text


@pytest.mark.parametrize("text, kind", [
    # a fire spread over a field or a threshing floor
    ("麦地着了一大片 火往村里来了", "fire"),
    ("后山烧了一大片 还在往这边烧", "fire"),
    ("场院里着了 快来人", "fire"),
    # moaning heard behind a door nobody opens
    ("从他家门口过 听见里头有人呻吟 敲门敲不开", "faint"),
    ("俺姑一个人住 隔着门听见她在里头哼哼 喊门喊不开", "faint"),
    # clothes left on the bank, told bank first
    ("俺孙子去湾里洗澡 湾边就剩下衣服了 人不见了", "drowning"),
    ("俩孩子去河里洗澡 岸上只剩衣服 喊也没人应", "drowning"),
    # lost on a hill, night coming
    ("俺爹上山采药走迷了 天都黑了 电话也快没电了", "missing"),
    ("俺们三个在后山迷了路 找不着下山的路 天快黑了", "missing"),
    # a beast loose among people
    ("谁家的牛惊了 在集上乱撞 人都吓跑了", "violence"),
    ("马惊了 拉着车在街上乱冲 街上都是赶集的", "violence"),
    ("俺家那头大公牛挣脱绳子跑了 在街上见人就顶", "violence"),
    # gas told as 中度, or by the symptoms of many
    ("燃气中度了 孩子吐了", "gas"),
    ("天然气中度了 俺爹躺那不动", "gas"),
    ("屋里生着煤炉子 俺和孩子都头晕想吐", "gas"),
    ("用液化气烧水睡着了 一家人都头疼恶心", "gas"),
    # 塌了 heard as 他了 / 它了 right after the house
    ("下雨下的俺家墙他了 俺爹在底下", "collapse"),
    ("屋子它了 里面还有人", "collapse"),
    # 喝药 heard as 和药
    ("俺爹喝了酒说要和药 拦都拦不住", "despair"),
    ("她和了药了 躺炕上吐沫", "poison"),
    # a tree or pole through the roof, someone pinned on the bed
    ("雷把树劈倒了 砸在房上 俺爹压在炕上", "collapse"),
    ("电线杆砸穿了屋顶 俺娘砸在床上了", "collapse"),
    # a machine caught a hand, the verb first; fingers 都 off
    ("脱粒机绞着俺爹的手了 拽不出来", "bleeding"),
    ("俺男人叫铡草机轧着手了 手指头也掉了", "bleeding"),
    # kept locked in, 不让她走
    ("俺儿子在外地 打电话说老板不让他走 把他锁屋里了", "violence"),
    ("俺闺女在婆家被锁在屋里 不让她走 天天挨打", "violence"),
    # a child dragged into a field
    ("有个生人把俺闺女往树林里拽 快来人", "missing"),
    ("那个男的把小女孩往没人的地方拖", "missing"),
    # water coming in, someone bedridden who cannot be moved
    ("大水进了院子 俺爷瘫在炕上下不了炕", "flood"),
    ("河水往屋里灌 俺娘腿脚不好挪不动", "flood"),
    # a relative far away tells of the danger (在外地 is where he is, not a story from elsewhere)
    ("俺闺女在外地打工 打电话说让人关起来了 不让她走", "violence"),
    ("俺男人在外地干活 刚才工友说他从架子上掉下来了 起不来", "fall"),
    # the one deceived already at the counter, or being taken to withdraw
    ("有个人打电话说俺孙子出事了要汇钱 俺娘这会在银行排队", "fraud"),
    ("说是她儿子撞了人要转钱 俺奶奶已经在信用社排队了", "fraud"),
    ("卖保健品的那帮人 这会正领着俺爹去取钱", "fraud"),
    ("有人说俺娘中奖了要先交税 她这会正去取钱", "fraud"),
])
def test_families_of_set_45_alarm(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text, kind", [
    # a live outdoor line or transformer burning: 95598 first (119 as well)
    ("高压线掉下来了 在地上打火", "power"),
    ("村西头的变压器着火了 噼里啪啦的", "power"),
    ("电线杆叫大车撞歪了 线上直冒火星", "power"),
    # wiring burning indoors stays a fire
    ("俺家屋里的电线着火了 都烧到房梁了", "fire"),
    ("配电箱着火了 火苗子往外蹿", "fire"),
    # food stuck, a blue face: choking, not the heart
    ("俺孙女吃果冻卡住了 憋得脸发青", "choke"),
    ("老头吃年糕噎住了 咳不出来 脸都紫了", "choke"),
    # a stove or charcoal, people who won't wake: gas
    ("屋里烧着炭盆 俺娘叫不醒", "gas"),
    ("昨晚生着蜂窝煤炉子睡的 早上俩孩子都喊不醒", "gas"),
    # a stove knocked over that set the quilt alight stays a fire
    ("炉子倒了 炕上的被子着了", "fire"),
    # the cause named before the state it left (faint ties go to the cause: its first line fits)
    ("小孙子叫开水烫了 胳膊起了大泡 哭得背过气去了", "burn"),
    ("俺爹喝了农药 躺地上直倒气", "poison"),
    ("孩子抽风了 牙咬得死死的 叫不应", "seizure"),
    # a stove knocked over that burnt a child is a burn, not gas
    ("炉子让孩子碰倒了 火炭掉腿上 烫得起了大泡", "burn"),
    # a crowd crush: 110 first
    ("庙会上人挤人 踩倒了好几个人", "help"),
    ("集上人太多 挤倒了一片 有个老太太压在底下", "help"),
    # a bite by a dog gone mad is bleeding (120), not a beast loose
    ("俺儿叫疯狗咬了 那狗见人就扑 腿上直淌血", "bleeding"),
])
def test_the_kind_named_first(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger and danger.kind.id)


@pytest.mark.parametrize("text", [
    # papers burnt with the e-bike or a line: a reissue asked for
    "上个月电线着火把户口本烧了 咋补办",
    "电瓶车起火把身份证烧了 去哪补",
    # an injured parent at home, a pension check asked for at the door
    "俺娘摔断了腿 下不了床 社保认证能上门不",
    "俺爹腿摔断了 养老金认证能派个人上门吗",
    # a first-aid video asked for
    "触电急救的视频发俺看看",
    "把防溺水的那个视频发我看看",
    # the same words in harmless settings
    "打一二零要钱不",
    "去年麦地着了一大片 今年的保险咋买",
    "去年在山上迷路了 多亏护林员把俺领下来",
    "山里容易迷路 出门要带啥",
    "牛犊子挣断绳子了 跑到麦地里啃麦苗",
    "煤气费又涨了 愁得俺头疼",
    "这房子他了解 你问问他",
    "俺把房子给他了 他住着",
    "化肥和农药都涨价了",
    "饭和药一块吃行不",
    "俺把孩子往屋里拽 他不想写作业",
    "手指头都冻掉了 这天太冷",
    "前几天有人打电话说孙子出事了要汇钱 俺没信 是骗子",
    "取钱要带身份证不",
    "去年树砸在房上 屋顶破了 想申请危房改造",
    # another place named where a danger word has its place (往屋里拽 is no 往车里拽)
    "俺把孩子往屋里拽 他不想写作业",
    "奶奶把孙子往家里拉 外头太冷",
    # a fight far away already handled by the police
    "他在外地跟人动了手 被拘留了 要交多少罚款",
])
def test_look_alikes_of_set_45_stay_quiet(text):
    assert detect(text) is None, (text, detect(text))
