"""First messages told as what happened, without 反映/问题 or 纠纷/调解 (issue 13, kinds 1 and 2).

One block per rule of the lexicon (knowledge/lexicon/synonyms.yaml ideas and idea_patterns, the
need and mediation combos in intents.yaml), each with phrasings it must catch and look-alikes it
must leave alone. The phrasings are written for these tests; none is a held-out or dev line.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text


def routed(text: str) -> str:
    got = route_text(text)
    return f"{got.intent}/{got.guide}" if got.guide else got.intent


# --- (1) a public thing + what is wrong with it (公共设施 × 出毛病) -----------------------------

@pytest.mark.parametrize("text", [
    "后街那口压水井打不上水来了",          # 井 (one character, a word of its own) + 打不上水
    "出村的道太窄了拉粮的车会不了车",       # 道 + 窄 / 会不了车
    "孩子坐的校车今天又没来",              # 校车 + 没来
    "村南水塘的水都发绿了",                # 水塘 + 发绿
    "村头的宣传牌让风刮倒了",              # 宣传牌 + 倒了
    "镇上的快递站关门了",                  # 快递站 + 关门
    "俺们这片的路灯一黑天就忽明忽暗",       # 路灯 + 忽明忽暗
    "自来水管子冻住了一滴水也没有",         # 冻住
    "小路上全是泥 下了雨没法下脚",          # 小路上 (not 路上, a blocked phrase) + 全是泥
])
def test_a_public_thing_and_its_fault_is_a_need(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text", [
    "桥头那儿有个深坑",                    # 有个…坑
    "进城的客车一天只有一班",              # 一天只有一班
    "坐公交得等好几个钟头",                # 等好几个钟头
])
def test_how_villagers_say_a_fault_without_a_fault_word(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text", [
    "村北那个砖厂天天冒黑烟",
    "养鸡场臭得俺们都不敢开窗户",
    "工地上半夜还在打桩吵得睡不着",
])
def test_a_factory_farm_or_site_bothering_the_village_is_a_need_not_a_dispute(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text, want", [
    ("邻居家门口那段下水道堵了", "need"),       # a neighbour named, but the drain is just blocked
    ("隔壁胡同的路灯黑了半个月", "need"),
    ("村里的路让拉沙子的大车压坏了", "need"),    # done by a truck, not by someone one quarrels with
    ("俺家房子的后墙裂了一道缝", "guide/dilapidated-housing"),  # one's own house: the guide
    ("俺家的狗病了不吃食", "need"),             # one's own animal sick: a vet
])
def test_look_alikes_of_a_public_fault(text, want):
    assert routed(text) == want


# --- (2) a dispute told as an event between people (对方 × 亏待, 对方 × 有人动手) -------------

@pytest.mark.parametrize("text", [
    "俺跟俺大姑子三天两头拌嘴",              # a relative + 拌嘴
    "俺们两家为了房后那块空地一直说不拢",    # 两家 + 说不拢
    "弟兄们分老人的钱分得不公平",            # 弟兄们 + 分得不公平
    "借给表哥的三万块他说早还了其实没还",    # 表哥 + 说…没还 (a debt)
])
def test_a_relative_or_neighbour_with_a_conflict_word_is_mediation(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text", [
    "西邻把猪圈盖到俺家院墙跟前了",          # 盖到…我家院墙
    "他家的葡萄藤爬到俺家房顶上了",          # 爬到我家房顶
    "后邻的厕所紧挨着俺家窗户",              # 挨着我家窗户
    "对门把电线从俺家院里扯过去了",          # 从我家院里
])
def test_someone_elses_things_reaching_into_ones_own_place_is_mediation(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text", [
    "隔壁的鹅老是叨俺家的孙子",
    "他家的猪拱了俺的白菜地",
    "前邻家的鸡天天跑俺院里吃粮食",
])
def test_a_neighbours_animals_doing_harm_is_mediation(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text", [
    "他家把出村的路给堵了不让过",            # someone blocking beats "the road is blocked"
    "俺家浇地的水渠让他家截了",
    "邻居把俺家地头的界桩拔了扔了",
])
def test_someone_doing_it_to_a_shared_or_own_thing_is_mediation(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text, want", [
    ("跟邻居打了一架 被打伤了医药费能报销吗", "guide/medical-reimbursement"),  # a past fight, asks 报销
    ("上回约的调解改到几号了", "status"),        # a past booking: its progress, not a new one
    ("俺那个调解的进度咋样了", "status"),
    ("邻居拿着镰刀要砍俺", "safety"),            # danger now outranks the dispute
    ("俺想自己去调解室约个时间", "mediation"),
])
def test_look_alikes_of_a_dispute(text, want):
    assert routed(text) == want


# --- the grammar of a fault: verb + 不了/不到, 发/变 + colour or taste, 起包, 到处是, 一…就跳 -------

@pytest.mark.parametrize("text", [
    "村里的广播站的喇叭听不到声了",          # 听不到
    "机井坏了玉米地浇不上水",                # 浇不上
    "井里打上来的水发苦",                    # 发苦
    "新铺的水泥路没两年就起皮了",            # 起皮
    "下完雨操场上到处是泥",                  # 到处是
    "一开电暖气就跳闸屋里的灯全灭",          # 就跳
    "通村的路修了一半撂那了",                # 修了一半
])
def test_how_a_fault_is_said_in_grammar_not_a_fixed_word(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text, want", [
    ("手机上不了网咋交医保", "guide/medical-insurance-enrollment"),   # a fault word, but a matter is asked
    ("卫生室看不了病医保能报吗", "guide/medical-reimbursement"),
    ("村里的路修了一半钱都花哪了", "affairs"),                        # the village's money is asked
    ("俺腿脚不好走不了路想找人代办", "errand"),
])
def test_a_question_about_another_matter_outranks_the_observation(text, want):
    assert routed(text) == want


# --- more ways a dispute is told --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "雇俺去刨花生说好一天八十到现在一分没见",     # hired (雇俺) + a broken promise
    "邻居翻盖房子把俺家的山墙震裂了",             # 把我家的…震裂
    "后院在两家中间的胡同里垒了个鸡窝",           # the shared passage
    "俺和俺弟媳为了谁照顾老人谁也不服谁",         # 谁也不服谁
    "村西的老孙家今年多种了俺家一垄地",           # 多种了
    "合伙开的磨坊他把账上的钱卷走了",             # 把…卷走
    "他家往地里打除草剂把俺家的豆子药死了",       # 药死了
    "借钱给战友盖房子现在连电话都不接",           # 借…不接电话
    "有人在俺家宅基地上打了地基",             # someone on one's own land
])
def test_more_ways_a_dispute_is_told(text):
    assert routed(text) == "mediation"


def test_a_past_fight_asking_for_assistance_is_the_guide():
    assert routed("跟人家打架把胳膊打折了医疗救助能给多少") == "guide/medical-assistance"


# --- round 3 (after held-out 6c-a): a facility named by its use, negated states, 忽…忽…, 成了河 ----

@pytest.mark.parametrize("text", [
    "村委会门口新装的充电桩不能用",            # 充电 + 桩
    "变电站那边一直嗡嗡地响",                  # 变电 + 站
    "敬老院旁边的化粪池满得往外冒",            # 化粪 + 池
    "村部的暖气一冬天就没热过",                # 没 + 热
    "广播喇叭的声儿时有时无",                  # 时…时…
    "一下雨出村的土道就成了泥塘",              # 成了泥塘
    "村卫生所一个月才开两回门",                # 一个月才…两回
])
def test_round_three_faults_and_facilities(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text", [
    "跟俺小舅子为了分家的钱红了脸",            # 跟 … 为了 … 红脸
    "儿子娶了媳妇就不认俺这个娘了",            # 不认 + a parent
    "她家媳妇说俺偷拿了她的衣裳到处跟人说",    # 说我… / 到处跟人说 (not a wish to talk to a person)
    "刷墙的师傅活干了一半钱全拿了",            # 师傅 + 干了一半
    "二嫂把老娘留下的镯子拿回她娘家了",        # 把 … 拿回
    "前邻的猪圈门正对着俺家大门",              # 对着我家 + 大门
])
def test_round_three_disputes(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text, want", [
    ("村里修桥的钱公示了吗", "affairs"),                 # disclosure asked, not a fault
    ("俺想找个律师问问承包地的事", "need"),              # legal help
    ("约好的调解是几号来着", "status"),
    ("电视上说有高龄补贴俺爹咋没见着", "guide/elderly-allowance"),
    ("叫人给俺办个残疾证", "errand/disability-certificate"),  # 叫人 … is not a passive harm
])
def test_round_three_look_alikes(text, want):
    assert routed(text) == want


# --- round 4 (after held-out 6d-a) -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "这个月停了好几次水",                        # 停了好几次 + 水
    "孩子们上学没车坐得走七八里",                # 上学没车坐
    "胡同里那条阴沟一直没人掏",                  # 没人掏
    "配电箱呼呼地响",                            # …响
    "新打的井水有股铁锈味",                      # 有股…味
    "村里的自来水管子三天两头爆",                # 三天两头爆
    "镇上到俺村的班车半天才一趟",                # 半天才一趟
    "村部的文化大院锁门好几个月了",              # 文化大院 + 锁门
    "水压太低二楼上不去了",                      # 上不去了 is not 不去了 (cancel)
])
def test_round_four_faults(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text", [
    "邻村的人把牛放到俺家花生地里",              # 邻村的人 + 到我家…地
    "租地的合同还没到期他就要收回",              # 收回 / 没到期
    "俺家门前那道沟叫他家给填了",                # …给填了
    "分家的时候俺分的全是孬房子",                # 分的全是孬…
    "他家的车把俺家的鸡轧死了也不给个说法",      # 把我家的…死了 (死了 reads 去世)
    "她说俺拿了她家的钱天天来闹",                # 她说我…
])
def test_round_four_disputes(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text, want", [
    ("跟邻居闹翻了以后还能领高龄津贴不", "guide/elderly-allowance"),
    ("被邻居家的狗咬了打狂犬疫苗能报吗", "guide/medical-reimbursement"),
])
def test_round_four_a_question_after_a_dispute_is_the_guide(text, want):
    assert routed(text) == want


# --- round 5 (after held-out 6e-a): the low fallback, and more events between people -----------

@pytest.mark.parametrize("text", [
    "村西头那座石板桥的石板一块一块地往下掉渣",   # a public thing told as a statement: need, even
    "村部门口的旗杆底座都活动了",                  #   when the state is said in words not listed
])
def test_a_statement_about_a_public_thing_is_a_need_when_nothing_else_is_said(text):
    assert routed(text) == "need"


@pytest.mark.parametrize("text, want", [
    ("村口那座小桥修好了谢谢你们", "menu"),   # thanks: not a new problem (the fallback stays away)
    ("想报名去村里的广场上跳舞", "unknown"),    # a wish, not a statement about the square
])
def test_the_fallback_leaves_thanks_and_wishes_alone(text, want):
    assert routed(text) != "need"


@pytest.mark.parametrize("text", [
    "他家的孙子骑车撞了俺家老人一分钱都不赔",      # 撞了我家老人 / 一分钱都不赔
    "东邻新盖的房比俺家往前出来一尺",              # 比我家往前
    "隔壁烧秸秆的烟天天熏到俺屋里",                # 熏到我屋
    "大伯说俺爷爷欠他家钱非要俺还",                # 要我还
    "弟兄三个谁都不愿意出钱给老爹看病",            # 谁都不愿意
    "分家的时候二哥多要了一亩地",                  # 多要了
    "后邻的杨树把俺家的菜园子遮得啥也长不成",      # 把我家的…遮
])
def test_round_five_disputes(text):
    assert routed(text) == "mediation"


@pytest.mark.parametrize("text, want", [
    ("俺们这连个理发的地方都没有", "need"),
    ("上回说换的路灯咋还没换", "status"),
])
def test_round_five_need_and_status(text, want):
    assert routed(text) == want
