"""The danger detector and its word lists: labelled sets, the rules one by one, and `kb check`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.nlu import route_text
from bot.safety.cli import measure
from bot.safety.detect import detect
from bot.safety.words import SafetyWordsError, read_safety_words
from tests.kit.safety_sets import DATA, OWN, rows

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "safety-dev.jsonl"


@pytest.mark.parametrize("name", OWN)
def test_own_labelled_sets_meet_the_goal(name):
    found, total, alarms, lookalikes, mistakes = measure(rows(DATA / name))
    assert total >= 26 and lookalikes >= 34
    assert found / total >= 0.98, mistakes
    assert alarms / lookalikes <= 0.03, mistakes


# Small probes (fewer lines than a labelled set): written after a round of fixes to measure first
# sight again, then kept as regression data.
PROBES = [
    # 30 danger, 30 look-alikes written after the fixes of 18: 100% / 6.7% at first sight
    "safety-own-19.jsonl",
    # 30 danger, 30 look-alikes (alone, about others, indirect) written after the fixes of 21:
    # 80.0% / 3.3% at first sight, 100% / 0% after
    "safety-own-22.jsonl",
    # 30 danger, 30 look-alikes (times, disasters now, told by others) written after the fixes of 24:
    # 80.0% / 10.0% at first sight, 100% / 0% after
    "safety-own-25.jsonl",
    # 30 danger, 30 look-alikes from the same fields written after the fixes of 26: 90.0% / 10.0% at
    # first sight, 100% / 0% after
    "safety-own-27.jsonl",
    # 40 danger, 40 look-alikes written after the fixes of 29: 87.5% / 7.5% at first sight, 100% / 2.5% after
    # (left: 着火了咋打119, which may well be a fire)
    "safety-own-30.jsonl",
    # safety8a's probe after the fixes of its batches 1-6: 83.3% / 3.3% at first sight, 100% / 0% after
    "safety-own-safety8a-7.jsonl",
    # safety9b's probe (a grid worker's reports, the four fields of its batches) after the fixes of
    # batches 1-4: 96.7% / 3.3% at first sight, 100% / 0% after
    "safety-own-safety9b-5.jsonl",
    # its second probe (a migrant worker's messages about home) after the fixes of probe 5: 70.0% / 3.3%
    # at first sight, 100% / 0% after
    "safety-own-safety9b-6.jsonl",
    # safety9's probe after the fixes of its batches 1-5: 86.7% / 6.7% at first sight, 100% / 0% after
    "safety-own-safety9-6.jsonl",
]


@pytest.mark.parametrize("name", PROBES)
def test_small_probes_meet_the_goal(name):
    found, total, alarms, lookalikes, mistakes = measure(rows(DATA / name))
    assert total >= 30 and lookalikes >= 30
    assert found / total >= 0.98 and alarms / lookalikes <= 0.03, mistakes


def test_own_sets_together_meet_the_goal():
    """Every own set at once: recall ≥ 98 %, false alarms ≤ 3 %."""
    found, total, alarms, lookalikes, mistakes = measure([row for name in OWN for row in rows(DATA / name)])
    assert total >= 400 and lookalikes >= 450
    assert found / total >= 0.98 and alarms / lookalikes <= 0.03, mistakes


def test_ordinary_messages_of_our_routing_sets_raise_no_alarm():
    """1,018 villagers' requests labelled for routing (none of them danger): no alarm at all."""
    ordinary = [row for path in sorted(DATA.glob("routing-heldout*.jsonl")) for row in rows(path)
                if row.get("intent") != "safety"]
    assert len(ordinary) >= 1000
    assert [row["text"] for row in ordinary if detect(row["text"]) is not None] == []


@pytest.mark.skipif(not SHARED.exists(), reason="the shared eval set is not next to this checkout")
def test_dev_set_routes_every_danger_to_safety_and_no_look_alike():
    for row in rows(SHARED):
        got = route_text(row["text"]).intent
        assert (got == "safety") == (row.get("intent") == "safety"), row["text"]


@pytest.mark.parametrize("text, kind", [
    ("着伙了着伙了 快来救", "fire"),  # typed by sound
    ("俺娘云倒了", "faint"),
    ("我妈突然就不省人是了", "faint"),  # 是 for 事 inside a long word
    ("家裏著火了 快來人", "fire"),  # traditional characters
    ("俺在地里让长虫咬了一口", "snake"),  # dialect
    ("俺爹触电了 倒在地上", "shock"),  # the specific kind first: cut the power
])
def test_typos_dialect_and_traditional_characters(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind


@pytest.mark.parametrize("text, kind", [
    ("俺爹突然不醒人事了", "faint"),  # one slip inside a long word (醒 for 省)
    ("孩子口吐百沫 浑身抽", "seizure"),
    ("屋里一股媒气味 俺娘叫不起来", "gas"),  # a stray character that is no word: 媒 → 煤
    ("我爷爷云过去了", "faint"),  # a gap word counts written whole for typo repair: 云过去 → 晕过去
    ("他碰到那根电线了 整个人一哆嗦就倒了", "shock"),  # 一…就 here is one event, and two signs back it up
    ("俺爹出去放牛到现在没回来 天都黑了", "missing"),  # 牛 far from 没回来 is part of the story
])
def test_slips_and_concepts(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, danger


@pytest.mark.parametrize("text, kind", [
    ("孩子给人抱走了", "missing"),  # 给/叫/让 said for the written 被 (被人抱走)
    ("俺娘yundao了", "faint"),  # pinyin typed for the characters of a danger word
    ("俺爹喝了nongyao", "poison"),
    ("抽了口烟，火苗子蹿上房了", "fire"),  # 烟，火 across a comma is no masked 烟火
    ("俺爹晕倒了 要是再犯咋办", "faint"),  # the danger stands outside 要是…咋办
    ("小孙子高烧不退 都说胡话了", "fever"),
    ("俺让热油溅到脸上了 起了好多泡", "burn"),
    ("俺男人肚子疼得直打滚", "pain"),
    ("有个人在院里翻东西 俺躲在屋里", "violence"),  # a weak word and fear together
    ("腿上一点劲都没有了 两眼发黑 要倒", "faint"),  # 没有了 ends its clause: it negates nothing after it
    ("麦茬地里的火控制不住了", "fire"),
    ("俺哥腿上叫镰刀砍了个口子 好深", "bleeding"),
    ("俺老婆子噎着了 咳不出来", "choke"),
    ("快点 快点 叫救护车", "help"),  # a call for the number, with urgency
    ("俺一天也不想活了", "despair"),
    ("俺闺女找不找了", "missing"),  # 着 heard as zhao; the shorter 找了 does not stop the repair
    ("小孙女把一颗纽扣电池咽下去了", "poison"),
    ("俺爹胸口发闷 心里难受 冒虚汗", "heart"),  # two weak signs in different places back each other up
    ("有个喝醉的拿着斧子要砸俺", "violence"),
    ("俺奶记性不好 出门买菜到现在没回来", "missing"),
    ("电线耷拉得快挨着地了", "power"),
    ("小孙子从台阶上滚下来了 不会哭也不动", "fall"),  # 不会 denies 哭; 也 ends its reach
    ("俺媳妇怀着孕 肚子疼得厉害 见红了", "birth"),
    ("一伙人在集上干起来了", "violence"),
    ("俺是个累赘 死了家里人都省心", "despair"),
    ("锅里的油溅了一脸 眼睁不开", "burn"),
    ("小孙子不小心把消毒水喝了", "poison"),  # 不小心 tells how it happened; it denies nothing
    ("孙子拿蜡烛把蚊帐点了", "fire"),
    ("俺娘刚才突然流口水 筷子也掉了", "heart"),
    ("电线断了落到水里了", "power"),
])
def test_spoken_forms_and_new_kinds(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, danger


@pytest.mark.parametrize("text", [
    "如果有人触电了怎么办",  # a question about a case: the danger word between 如果 and 怎么办
    "要是孩子掉河里了咋整",
    "刷到个视频 有人掉冰窟窿里了",  # seen on a phone, far away
    "气罐没气了 去哪换",  # a container out of gas is no breath lost
    "孩子有点发烧 吃啥药好",
    "烫发多少钱",
    "腰疼得要命 有啥偏方",  # an old complaint, asked about
    "俺用wifi看视频",  # latin that spells no danger word stays latin
    "打120要钱吗",  # a number asked about, with no urgency
    "轮胎扎了个窟窿",  # a hole in a thing, not in a body
    "这天闷得喘不上气",  # the weather
    "跟他下棋输了 气得要吐血",  # said in anger
    "烫伤科在几楼",  # a hospital department
    "吃完饭给手机换电池",  # swallowing needs the thing itself, not any battery near 吃
    "叫了半天门没动静",  # nobody at the door is nobody unconscious
    "他去河里捞鱼还没回来",  # going to the river is no despair unless one wants to (想去河里)
    "孩子笑得喘不上气",  # out of breath from laughing
    "俺爹上午晕了一下 现在好好的 用不用去医院查查",
    "一帮人拿着锣鼓去演出",
    "这部戏看得俺心口疼",  # moved by a show
    "听广播说外省有个地方山体滑坡了",  # news from far away
    "老人走丢了可以用啥定位器",  # a question about a device
    "孩子被马蜂蜇了先干啥",  # a first-aid question, no urgency
    "这个笑话把俺笑晕了",
])
def test_questions_media_and_everyday_words_stay_quiet(text):
    assert detect(text) is None


def test_a_right_word_is_never_repaired_into_another():
    danger = detect("俺觉得是中了煤气了 浑身没劲 头晕眼花")  # 煤气了 must not become 没气了
    assert danger is not None and danger.kind.id == "gas"
    assert "没气" not in danger.text


@pytest.mark.parametrize("text", [
    "从梯子上掉下来 膝盖破了点皮",  # 上掉 is no 上吊
    "没着火 就是有点烟味",  # negated
    "冬天取暖要注意煤气中毒",  # a warning, not an event
    "要是着火了应该打什么电话",  # hypothetical
    "去年着过火 能申请补助吗",  # past and aid
    "孩子的身份证丢了",  # a thing between the person and 丢了
    "想死你了 孙子",  # masked look-alike
    "俺爹老是头晕 一起来就晕倒 能办慢病吗",  # habitual, aid
    "俺爹年轻时候叫电打过 手上落了疤",  # 过 right after the danger word: an experience
    "吃了发芽的土豆会中毒吗",  # 会: a hypothesis
    "锅底火太大了 饺子都糊了",  # a slip never stands for a particle (火着大了)
    "孙子的电话手表丢了 能定位不",  # the thing right before 丢了
    "俺家的羊到现在没回来",  # an animal, not a person
    "俺闺女想死俺了",  # look-alike guard
    "家里出了事 生活过不下去了 有啥临时补助",  # no slip adds a character: 活过不下去 is no 活不下去
    "宅基地的界跟邻居说不清",  # nor drops one: 说不清 is no 说话不清
    "俺头有点晕了",  # dizzy, not fainting
])
def test_rules_that_keep_look_alikes_quiet(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", [
    "跟大伯哥为了地边子闹得不说话了",  # sulking after a quarrel, not unconscious
    "俺跟弟弟分了家了想自己翻盖房子",  # 了|想自己: no 了结自己 across the words
    "算了 我自己去镇上跑一趟吧",  # 算了|我自己: the 了 ends a word, so no 了结自己 slip
    "不弄了 俺自己去",
    "村口的路灯杆叫人拖走了",  # a thing taken: the verb after 叫人 is no slip of 抱走
    "俺家的三轮车让人偷走了",
    "井里的水一股消毒水味 能喝不",  # the smell of the water, not drinking disinfectant
    "院里的水管子冻炸了 找谁修",  # a frozen pipe burst: no explosion
    "河湾里漂着一层死鱼 臭得很",  # things floating, not a person
    "前街的厂子天天冒黑烟 污染得厉害",  # pollution, not a fire
    "邻居烧荒把俺家的草垛点着了 到现在不认账",  # a dispute over what burned, not a fire now
    "他偷偷把俺家的树卖了",  # 偷偷 is "secretly", no theft in progress
    "大风把俺家门口的树刮倒了 砸了院墙",  # a tree fell on a wall, not on a person
    "上回跟人吵架以后一直心慌 想找个大夫看看",  # long-standing, wants a doctor
    "俺家的狗被电死了",  # an animal hurt is no danger to people
])
def test_look_alikes_of_things_disputes_and_lasting_complaints_stay_quiet(text):
    assert detect(text) is None


@pytest.mark.parametrize("text, kind", [
    ("俺爹突然不说话了 叫不醒", "faint"),
    ("跟人吵完架俺爹突然倒了 叫不醒", "faint"),  # a quarrel before does not hide a faint
    ("孩子叫人抱走了", "missing"),
    ("俺孙子让人偷走了", "missing"),  # a person taken, whatever the verb
    ("俺被人绑了 偷偷发的消息", "violence"),
    ("俺娘喝了农药", "poison"),
    ("孩子把消毒水当饮料喝了", "poison"),
    ("柴火垛着火了 快来人", "fire"),
    ("俺家煤气罐炸了", "fire"),
    ("心口疼得厉害 出冷汗", "heart"),
    ("俺爹心口疼得厉害 出冷汗 想找个大夫看看", "heart"),  # wanting a doctor does not hide a heart attack
    ("俺爹胸口疼 想找个大夫看看", "heart"),
    ("他不认账 还拿刀砍人", "violence"),  # a dispute that turns violent is danger now
    ("河里漂着个人", "drowning"),
    ("大树倒了 压着人了", "bleeding"),
    ("有人在俺家院里偷东西", "violence"),
    ("他想了结自己", "despair"),
    ("俺家的牛棚着火了 快来人", "fire"),  # 家的牛 here is a place that burns, not an animal hurt
    ("有人正在偷俺家的牛 快来人", "violence"),
])
def test_real_dangers_next_to_those_look_alikes_still_alarm(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, danger


def test_cues_inside_a_danger_word_do_not_count():
    danger = detect("俺爹在地里晕过去了")  # 过去 is part of 晕过去, not the past
    assert danger is not None and "past" not in danger.cues


def test_other_numbers_and_danger_now():
    crash = detect("路口撞车了 有人躺地上不动 有人拿刀砍人")
    assert crash.number == "120" and [k.number for k in crash.also] == ["110"]
    assert detect("我不想活了 药都准备好了").danger_now
    assert not detect("活着没意思 不想活了").danger_now


def test_every_kind_names_its_number_in_its_first_line():
    words = read_safety_words()
    assert {k.number for k in words.kinds} >= {"119", "120", "110", "95598", "12356"}
    for kind in words.kinds:
        assert kind.number in kind.first_line and "好的" not in kind.first_line


def test_kb_check_reports_a_broken_safety_file(runner, tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge", root)
    path = root / "safety.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('number: "119"\n    first_line: 请马上打119！先离开屋子', 'number: "119"\n    first_line: 请马上离开屋子', 1)
    text = text.replace('["@燃气", ', '["@没有这组", ', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SafetyWordsError):
        read_safety_words(path)
    result = runner.invoke(args=["kb", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert "safety.yaml: kinds[0].first_line: must name the number 119" in result.output
    assert "safety.yaml: kinds[1].pairs[0].a[0]: unknown group @没有这组" in result.output
