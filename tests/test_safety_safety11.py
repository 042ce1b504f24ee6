"""The causes that safety11's fresh batches (tests/data/safety-safety11-*.jsonl) found, each tested in
other words than the batch: people gone limp down a cellar or pit, heat stroke (burning hot, no
sweat), toxic food with numbness, a cry breaking into another matter (哎呀), "help me call someone";
batch 2: hitting whoever comes near, kicks from one's own, people held by pyramid schemes, the hour to be
home long past, kites on power lines, heads stuck, children locked in cars, cars swept off bridges,
earth sliding over workers;
look-alikes: a disaster told in retrospect (那时候, 后怕), pains that come now and then and pass, the late
who phoned that they are near, an hour named as expected (就该到家了)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.safety.cli import measure
from bot.safety.detect import detect

DATA = Path(__file__).parent / "data"
BATCHES = sorted(DATA.glob("safety-safety11-*.jsonl"))


def test_the_batches_are_there():
    assert len(BATCHES) >= 1


@pytest.mark.parametrize("path", BATCHES, ids=lambda p: p.name)
def test_batch_meets_the_goal(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found, total, alarms, lookalikes, mistakes = measure(rows)
    assert total >= 40 and lookalikes >= 40
    assert found / total >= 0.98 and alarms / lookalikes <= 0.03, mistakes


@pytest.mark.parametrize("text, kind", [
    # batch 1: gone down a cellar, a septic pit, a sewer well and gone limp; nobody dares follow
    ("俺爹下白菜窖取菜 到现在没上来 俺喊他光听见哼", "faint"),
    ("化粪池里有个干活的瘫在底下了 上头的人谁也不敢下", "faint"),
    ("他下污水井修管子 一下去就软了", "faint"),
    # heat stroke: burning hot and no sweat, then faint or confused
    ("俺娘在大棚里摘黄瓜 浑身发烫 一点汗都不出 走路直打晃", "faint"),
    ("他晌午在场院里晒麦子 身上烫手 出不来汗 这会儿说胡话", "faint"),
    # toxic food: numb hands, griping pain
    ("吃了刚腌的酸菜 俺爹俺娘都嘴唇发紫 直哆嗦", "poison"),
    ("俺孙子吃了一把生白果 手脚发麻 吐了", "poison"),
    # a cry breaks into another matter: the softening words before it belong to that matter
    ("俺问个补贴的事 哎哟 俺老伴从凳子上栽下来了 叫不应", "faint"),
    ("想办个残疾证 不好了 俺儿子抽起来了 口吐白沫", "seizure"),
    # help me call someone
    ("俺娘倒在院里了 快帮俺喊人", "faint"),
])
def test_batch1_dangers_found(text, kind):
    danger = detect(text)
    assert danger is not None and kind in {hit.kind.id for hit in danger.hits}, (text, danger)


@pytest.mark.parametrize("text", [
    "那时候发大水 俺家房子塌了 砸死了两头牛 现在想起来还后怕 现在河堤修好了没",  # told in retrospect
    "前些年村里有个人掉井里淹死了 那时候全村都去了 忘不了 那口井填了没",
    "俺娘时不时胸口闷一下 过会儿就好 该挂啥科",  # comes and goes
    "俺有时候头晕 歇歇就好 是不是血压的事",
    "地窖多少年没下人了 里头有没有毒气 咋测",  # a question, nobody down there
])
def test_batch1_look_alikes_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    # batch 2: hitting whoever comes near, one already down
    ("有个疯子拿着斧子在村口见人就抡 砍伤了一个", "violence"),
    # kicked by one's own, hiding
    ("俺后老伴喝了酒拿脚踹俺 俺跑到柴房躲着", "violence"),
    # lured to a black factory, not let out, calling in secret
    ("俺闺女被骗到黑厂里了 不让出来 偷偷给俺打的电话", "violence"),
    # the hour to be home long past
    ("俺男人说六点到家 这都十点了 电话关机", "missing"),
    # a child reaching for a kite on the line
    ("风筝缠在电线上了 俺孙子拿竹竿去够", "power"),
    # a head stuck in railings, a child left in a locked car
    ("俺外孙把脑袋钻进铁栏杆里 退不出来 憋得直哭", "trapped"),
    ("俺家老头子把孙女落车里了 车门锁着", "trapped"),
    # a car swept by the water with a person inside
    ("车让水冲到桥边上了 俺爹在里头 车门推不开", "flood"),
    # earth sliding (溜土) over people at work
    ("后山往下溜土 把俩挖沙的埋住了", "collapse"),
])
def test_batch2_dangers_found(text, kind):
    danger = detect(text)
    assert danger is not None and kind in {hit.kind.id for hit in danger.hits}, (text, danger)


@pytest.mark.parametrize("text", [
    "说好五点回来 这都六点了 刚打电话说路上堵车 快到了",  # late, but the call got through
    "风筝挂电线上了 够不着 找谁弄下来",  # nobody reaching for it
    "俺孙子脑袋卡栏杆里过一回 后来抹点油就出来了",  # once, and out
    "传销害人 俺村有好几个被骗去过 咋防",
    "孩子四点放学 谁能帮着接一下",
])
def test_batch2_look_alikes_stay_quiet(text):
    assert detect(text) is None, text
