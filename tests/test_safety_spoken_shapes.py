"""Shapes of spoken danger the word lists missed in a colleague's set 4 (session 14), checked with
phrasings of our own: a 没 padded with 有/啥/什么, a plan said with 准备/打算, a child by a pet name,
a stranger and a child on two sides of the verb, a pond or pit gone into, and the ties where two kinds
share one word."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text, kind", [
    # 没 padded: 没啥盼头, 没有上来
    ("一个人过 天天没什么盼头 还不如走了", "despair"),
    ("俺兄弟下河摸鱼 好一会儿了没有上来", "drowning"),
    # 准备、打算 + the way
    ("俺打算喝农药 不活了", "despair"),
    ("他说这就去跳河 拦都拦不住", "despair"),
    # on a height and not coming down
    ("俺娘爬上房顶了 说啥也不下来了", "despair"),
    # a child by a pet name
    ("俺家丫头在庙会上找不着了", "missing"),
    ("小家伙在超市门口不见了 才三岁", "missing"),
    # stranger … child … away (taken by force: violence or missing, 110 either way)
    ("一个人贩子把俺闺女抱上车跑了", ("missing", "violence")),
    ("外乡人把邻居家的娃塞进车里开走了", ("missing", "violence")),
    # gone into a pond, a pit, a well
    ("俺叔下坑里掏东西 半天了没上来", "drowning"),
    ("俺爷下池塘捞鱼 到现在都没上来", "drowning"),
    # a car driven into people; someone climbing in at night, the villager afraid (set 3's kinds)
    ("那个喝醉的开着三轮往人堆里冲", "violence"),
    ("夜里两个人撬俺家门 俺躲在屋里不敢出声", "violence"),
    # a departed spouse followed
    ("老头子没了 俺也不想活了", "despair"),
    ("老伴去世半年了 俺也想跟着他去", "despair"),
    # an animal that came home is no person found
    ("俺娘去地里 天黑透了还没回 狗自己回来了", "missing"),
    # set 5's kinds in other words: a fight with tools in hand, a petrol bomb, clothes left at the
    # water, earth sliding down, an old person who calls herself a burden
    ("两伙人在场院干起来了 手里都有棍子", "violence"),
    ("有人往俺屋里泼汽油", "violence"),
    ("俺侄子去河边摸鱼 喊不应 就剩衣服在那", ("drowning", "faint")),  # not answering: 120 or 110, both alarm
    ("雨下了一夜 后山泥石流下来了", ("flood", "collapse")),
    ("腿脚不中用了 活着就是拖累 早点走了算了", "despair"),
    # two kinds on one word: the closer pair says what fell
    ("刮大风电线杆子倒了 横在路当中 有人从那过", "power"),
])
def test_spoken_shape_is_found(text, kind):
    danger = detect(text)
    assert danger is not None, text
    assert danger.kind.id in ((kind,) if isinstance(kind, str) else kind), (text, danger.kind.id)


@pytest.mark.parametrize("text", [
    "有人过来问低保的事 俺没敢说",       # 有人过 is not an experience of danger …
    "俺打算去县里办残疾证",              # 打算 with no way to die
    "俺准备跳广场舞 哪有场地",
    "外地人把村口那堆砖拉走了 也没打招呼",  # a stranger takes things, not a child
    "没什么盼头的事就别提了 说说医保咋交",
    "孩子下河游泳回来了 俺骂了他一顿",
    "去年有人翻墙偷了俺家两只鸡",        # a theft told after, no fear now
    "腊月了 俺家羊要杀了 找谁帮忙",      # butchering
    "恁可来了 想死您了",                # missing someone dearly
    "俺娘摔断了胳膊 住了半个月院 钱咋报", # reimbursement after an injury
    "麦子让野猪拱了好几亩 谁管赔",        # crops hurt by a wild boar
    "工地上半夜还在打桩 吵得睡不着",       # work with 打 is no fight
    "俺想去城里打工 不如早点去",          # going early to work is no despair
    "汽油涨价了 拖拉机加不起",
])
def test_look_alike_stays_quiet(text):
    assert detect(text) is None, text
