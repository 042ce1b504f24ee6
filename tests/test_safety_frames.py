"""The danger detector's frames, one by one: each kind's compositional frame finds its danger in
words no list holds whole, and the look-alike frame next to it stays quiet (session 13, issue 14)."""
from __future__ import annotations

import pytest

from bot.safety.detect import detect


@pytest.mark.parametrize("text, kind", [
    # [火] + [灭不了、越烧越大]
    ("灶上的锅烧起来了 拿盖子也盖不住", "fire"),
    ("院里草垛着了 浇了几桶水火还越来越旺", "fire"),
    # [人] + [不吭声、没动静、身子歪了]
    ("俺爷坐在门口身子一歪 就没动静了", "faint"),
    ("俺老伴在地里干活 一头趴在地上不动弹了", "faint"),
    ("俺娘喘气有一下没一下的", "faint"),
    # 中风、心梗：两样一起
    ("俺爹突然说头疼得要裂开 看东西也重影", "heart"),
    ("俺娘嘴角歪了 说话含含糊糊的", "heart"),
    ("俺男人胸口发闷 一头汗 胳膊也麻了", "heart"),
    # [在打、正踹] + [人]；打人拦不住
    ("俺侄子正在打他娘 快来", "violence"),
    ("他俩在院里干起来了 俺拉不开", "violence"),
    # [孩子、老人、家里人] + [没回、不见人影] + [多久、找遍]
    ("俺孙子放了学没回 村里都问遍了", "missing"),
    ("俺大娘去赶集到现在没回 手机也打不通", "missing"),
    ("俺侄子一大早出去 天黑了还不见人影", "missing"),
    # [生人] + [带走、抱走]
    ("有个生人开着车把俺外孙女带走了", "missing"),
    ("有人硬拉俺孙子上车", "violence"),
    # [下水] + [少了一个、没露头]
    ("几个孩子去湾里洗澡 上来的只有三个", "drowning"),
    ("俺兄弟下水摸鱼 半天没露头", "drowning"),
    # [药、绳子] + [攒着、备好]
    ("俺把老鼠药都藏好了 够了", "despair"),
    ("那根绳子俺都挂到梁上了", "despair"),
    # [塌了] + [里头还有人]
    ("挖的地窖塌了 里面有人", "collapse"),
    ("窑洞倒了 俺爹还在里头", "collapse"),
    ("脚手架倒了 下面有俩人压着", "collapse"),
    # second round (own-14): a person falls aside / no answer; a well or pit with someone silent
    ("俺爹端着碗一下子往一边倒了", "faint"),
    ("俺舅下到窖里拿白菜 喊他半天没回音", "faint"),
    # two weak stroke signs together
    ("俺姑舌头不好使了 手也攥不住碗", "heart"),
    ("俺爹胸口像刀割一样", "heart"),
    # forced into a car
    ("几个人把俺侄女拖上车了", "violence"),
    # a family adult away, nothing heard, phone dead (前天 is how long, not the past)
    ("俺男人前天去县城 到现在没有一点消息 电话也打不通", "missing"),
    # goodbye and a means kept ready
    ("遗书俺写好了 你们别找俺", "despair"),
    ("俺把那瓶农药放在枕头底下了 哪天撑不住就喝", "despair"),
    # third round (own-15)
    ("俺爷在院里栽那了 怎么喊都没反应", "faint"),
    ("他爹正拿皮带抽他 孩子嗓子都哭哑了", "violence"),
    ("俺外甥去冰面上玩 冰窟窿边上只剩他一只鞋", "drowning"),
    ("俺哥出门打工 三天没跟家里联系了", "missing"),
    ("塌的是猪圈 俺男人还压在底下", "collapse"),
])
def test_each_frame_finds_its_danger(text, kind):
    danger = detect(text)
    assert danger is not None and danger.kind.id == kind, (text, danger)


@pytest.mark.parametrize("text", [
    # 刀斧对着树、柴
    "俺叔要砍了河边那几棵树 行不行",
    "俺拿斧头劈柴 斧头把断了 去哪买",
    # 问急救电话要不要钱、多久来
    "叫救护车要钱不 新农合给报不",
    "打110报警多久能来人",
    # 救救 + 穷
    "救救俺吧 家里穷得没饭吃了",
    # 中风、心梗以后：偏瘫了、做了支架，问评残
    "俺娘脑出血以后偏瘫了 能评残疾不",
    "俺爹心梗放了支架 以后能下地干活吗",
    # 叫不答应是耳朵背、看电视
    "俺爷耳背 喊他半天不答应 哪能配助听器",
    # 塌的是东西，里头是东西
    "俺家菜窖塌了 里面的地瓜还能吃不",
    # 安眠药：问开药、上瘾
    "安眠药吃完了 去哪再开点",
    # 孩子晚回是写作业、走亲戚
    "孙子放学去同学家写作业了 晚点回来",
    # second round (own-14)
    "俺孙子跟他弟弟在炕上打闹 打得直哭 咋管",
    "安眠药一次吃几片合适",
    "俺娘嘴有点歪 大夫说是面瘫 扎针能好不",
    "炉子生着火 晚上怎么防煤气",
    "去地里砍点柴 斧子放哪了",
    # third round (own-15)
    "孩子跟同学去河边看人下棋了",  # 看人 is to watch people: no typo of 砍人
    "俺俩吵架了 他现在不跟俺说话",
    "受灾了庄稼全完了 救救俺们吧 能减免不",
    "失眠的药能长期吃吗",
])
def test_look_alike_frames_stay_quiet(text):
    assert detect(text) is None, detect(text)


# colleague's blind set 2, read as a dev set (route3): each cause in words of its own
@pytest.mark.parametrize("text, kind", [
    ("俺叔躺在院里 怎么摇都不醒", "faint"),
    ("俺爹打电话说了一半 突然没声音了", "faint"),
    ("俺爷右半边胳膊腿突然麻了 站不稳", "heart"),
    ("孩子在湾里滑冰 掉进冰窟窿了", "drowning"),
    ("三轮翻了 俺哥困在车底下出不来", "bleeding"),
    ("有辆车停在邻居门口 几个生人正往车上装他家的东西 家里没人", "violence"),
    ("活着没人在乎我 我死了也没人知道", "despair"),
])
def test_blind2_causes_find_their_danger(text, kind):
    found = detect(text)
    assert found is not None and found.kind.id == kind, (text, found)


@pytest.mark.parametrize("text", [
    "那个活太累 俺不想去了",
    "俺男人去年从房上摔下来腿断了 现在在家养着 想问问能评残不",
    "冬天去冰窟窿边上钓鱼 有啥要注意的",
    "他走了也没人知道 门都没锁",
    "俺坐久了腿有点麻",
    "帮邻居搬家 正往车上搬东西",
])
def test_blind2_look_alikes_stay_quiet(text):
    assert detect(text) is None, text
