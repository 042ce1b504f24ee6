"""The danger shapes and look-alikes that session 18's fresh batches (tests/data/safety-own-safety9-*.jsonl)
found: voice-input slips of elderly speakers, the shortest cries, indirect despair, less common dangers
and look-alikes that hold a danger word in another sense."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect
from bot.safety.words import read_safety_words


@pytest.mark.parametrize("text, kind", [
    ("俺爷爷在灶屋里水到了 起不来", "fall"),  # 水到 heard for 摔倒, with 起不来
    ("俺老伴在院里甩到了 动不了", "fall"),
    ("俺奶奶倒在鸡窝边上了 爬不起来", "fall"),  # 倒在 + a place + 起不来
    ("俺爹喝了老鼠要了", "poison"),  # 要 heard for 药 (dialect table)
    ("俺兄弟的手叫磨面机卷进去了", "bleeding"),  # any 机 pulling a hand in
    ("山上滚下来的石头把屋砸了 俺奶奶在里面", "collapse"),
])
def test_voice_slips_and_farm_shapes(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger)


@pytest.mark.parametrize("text, kind", [
    ("火 快", "fire"),  # the shortest cries: the later word ends the message
    ("快快 火啊", "fire"),
    ("快去 俺奶奶", "help"),
    ("救人啊 快", "help"),
    ("着了着了", "fire"),
])
def test_the_shortest_cries(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger)


@pytest.mark.parametrize("text", [
    "快来 俺娘蒸了一锅馒头",  # a cry needs to end there
    "快来生火 冻死了",
    "火快灭了 再添点柴",
    "救人的那个司机 村里表扬了没",
])
def test_sentences_that_start_like_a_cry_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text", [
    "活着真没意思 村里有没有老年人唱戏的地方",  # boredom, asks for a pastime
    "卖刀的非要八十 俺跟他砍了半天价",  # haggling over a knife
    "着火了咋打119 俺家老人记不住",  # how to dial
    "俺爷爷下棋输了就嚷嚷不活了",
    "俺奶奶没牙了 说话不清楚 假牙在哪配",
    "俺孙子老爱爬墙头 俺怕他摔下来",  # 怕他 denies what follows
    "晾被子的绳子找不着了",
    "孩子把皮球掉进河里了 够不着",
    "俺姥爷到了 在村口等着呢",  # 到了 is "arrived", never read as 倒了
    "快 俺奶奶的包裹到了",
    "房顶上的雪太厚了 怕压塌了 谁能帮着扫",
    "孙子拿铁丝捅插座 挨了一顿骂 再也不敢了",
    "用绞肉机绞了二斤肉馅",
    "冻得手指头都没了知觉",
    "俺媳妇说不想连累俺 要去南方打工",
])
def test_look_alikes_of_session_18_stay_quiet(text):
    assert detect(text) is None, text


@pytest.mark.parametrize("text, kind", [
    ("俺本来想问问低保的事 俺娘刚才喝了农药", "poison"),  # the aid question is the matter set aside
    ("前年俺家申请过危房改造 今天房子塌了 俺爹在里头", "collapse"),
    ("俺刷着快手呢 一扭头孩子掉水缸里了", "drowning"),
    ("俺爹晕倒了 叫不醒 救护车来了能报销不", "faint"),  # aid asked while the ambulance is coming
    ("俺的狗让电打了 俺男人去拉它也叫电打了", "shock"),  # the person was hurt too
    ("俺已经把百草枯买回来了 活着受罪", "despair"),
    ("俺娘拿着绳子出门了 说不想拖累俺们", "despair"),
    ("老伴没了五年了 俺也想跟他去 药都攒好了", "despair"),  # the past is the husband's; the pills are now
    ("小外孙把他姥爷的安眠药吃了好几片", "poison"),
    ("俺哥的胳膊叫铡草机卷了", "bleeding"),
    ("俺娘在坡上放牛让长虫咬了", "snake"),  # the one tending the animals was bitten
])
def test_dangers_next_to_softening_words_still_alarm(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger)


def test_bought_pesticide_for_the_fields_stays_quiet():
    assert detect("敌敌畏买回来了 明天打棉花") is None


def test_at_end_must_be_true_or_false(tmp_path):
    from pathlib import Path

    from bot.safety.words import DEFAULT_PATH, SafetyWordsError

    text = Path(DEFAULT_PATH).read_text(encoding="utf-8").replace("gap: 0, at_end: true}", "gap: 0, at_end: 1}", 1)
    broken = tmp_path / "safety.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(SafetyWordsError, match="at_end"):
        read_safety_words(broken)


def test_the_last_probe_of_session_18():
    """20 danger, 20 look-alikes written after round 2 (90.0% / 10.0% at first sight): 100% / 0% after."""
    import json
    from pathlib import Path

    from bot.safety.cli import measure

    path = Path(__file__).parent / "data" / "safety-own-safety9-7.jsonl"
    found, total, alarms, lookalikes, mistakes = measure(
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()])
    assert (total, lookalikes) == (20, 20)
    assert found == total and alarms == 0, mistakes
