"""A long scripted chat through the webhook, several roles, and the distribution of the actions.

    python -m bench.chat_actions            # prints the table; --turns lists every turn too

One world as `flask converse` builds it (the sample county, the in-process fake WeChat; every
message goes through /wechat as WeChat would post it), one long session: villagers ask about
matters and follow up, book and move mediations, ask for errands, report needs, register,
small talk; volunteers, the party member, the representative and the mediator answer their
pushes. The phrasings are written here for this bench (not taken from any evaluation set).
Prints the count and share of each action, the share of menu.show and clarify.ask, and the
texts that ended in the menu.
"""
from __future__ import annotations

import argparse
import io
import json
from collections import Counter

V, V2, NEW = "villager", "villager2", "newcomer"
PARTY, VOL, VOL2, REP, MED, SEC = "party", "volunteer", "volunteer2", "rep", "mediator", "secretary"


def say(role: str, *texts: str) -> list[dict]:
    return [{"as": role, "say": t} for t in texts]


def scenes() -> list[list[dict]]:
    task = ["task", "create", "--area", "bz-daicun", "--needed", "2", "--skills", "其他"]
    return [
        say(NEW, "你好", "我是王庄的", "低保怎么申请", "要准备啥", "去哪儿办", "谢谢啦"),
        say(V, "俺娘八十多了，高龄补贴咋领", "需要带什么", "多久能批下来", "电话多少", "好的知道了"),
        say(V, "医保一年要交多少钱", "在哪交", "过了时间还能交吗", "嗯"),
        say(V2, "孩子上户口咋弄", "带啥证件", "收费不", "行"),
        say(V2, "残疾证办理流程", "哪些人能办", "要体检吗", "办好要多长时间"),
        say(V, "社保卡丢了", "去哪补", "要钱吗", "晓得了"),
        say(V, "想找党员帮俺办个临时救助", "13912345000", "下午都在家", "对"),
        say(PARTY, "我接了", "进展 1 已经帮他把表交上去了", "办好了"),
        say(V, "挺好，谢谢党员同志"),
        say(V2, "俺不会弄，能不能叫人替俺跑跑医保报销", "俺没手机", "明天上午", "行"),
        say(PARTY, "好的我接", "已经去医保站问过了", "弄好了"),
        say(V2, "没办好，钱没报下来"),
        say(PARTY, "办好了"),
        say(V2, "这回行了"),
        say(V, "跟邻居因为宅基地吵架了，想找人调解", "东邻老李", "后天上午", "1", "13955556666"),
        say(MED, "待确认", "确认"),
        say(V, "我的调解预约", "俺那个调解想改个时间", "下周一上午", "1"),
        say(V, "算了不调了，取消吧"),
        say(V2, "俺哥不赡养老人，想约调解", "跳过", "最近", "1", "13700001111"),
        say(MED, "确认 2", "结果 2 调解成功"),
        say(V2, "还可以"),
        [{"run": task[:2] + ["--title", "敬老院包饺子", "--at", "2026-12-10 09:00"] + task[2:]}],
        say(VOL, "1"),
        say(VOL2, "我也报名"),
        say(VOL, "那天去不了了"),
        say(VOL2, "我的报名"),
        say(V, "我想当志愿者", "1 3", "1", "好"),
        say(V, "村东头的路灯坏了一个多星期了", "不急", "13611112222", "对"),
        [{"run": ["needs", "whistle"]}],
        say(REP, "我的任务", "报到", "已经联系电工了", "办结"),
        say(V, "修好了，谢谢党代表"),
        say(V2, "俺家的羊病了，不吃草，想找个兽医", "一般", "没有", "对"),
        say(V, "村里最近有啥通知", "1", "议事日是哪天"),
        say(V, "村里的通知以后别推给俺了", "我的订阅", "还是把村务推给我吧"),
        say(V2, "这个月有什么活动", "活动主题别推了"),
        say(V, "附近有吃饭的食堂吗", "几点开饭", "老人多少钱一顿"),
        [{"as": V2, "location": [34.8, 118.01, "家门口"]}],
        say(V, "我的预约", "我的代办", "我办的事到哪一步了"),
        say(NEW, "你是谁", "你是机器人吗", "吃了吗", "哈哈", "好"),
        say(V, "帮助"),
        say(PARTY, "帮助", "我的任务", "我手上的代办"),
        say(MED, "帮助", "我的调解"),
        say(REP, "帮助", "待处理的需求"),
        say(VOL, "帮助", "有什么活动可以报名"),
        say(V, "人工", "俺想问问危房改造的补贴到底能不能批", ),
        say(V2, "地里的麦子被邻居家的牛啃了", "算了"),
        say(V, "建房子要审批吗", "危房改造咋申请", "特困供养和医疗救助有啥区别"),
        say(V2, "河上那座桥裂了个大缝", "很急", "13622223333", "是"),
        say(V, "去县医院看病能报多少", "住院报销要啥材料", "异地住院咋报"),
        say(NEW, "俺家在东关", "我想找人帮忙办残疾证", "13511112222", "哪天都行", "对"),
        say(V, "停水了好几天了", "算了不说了"),
        say(V2, "网络老是断", "取消"),
        say(V, "丧葬补助咋领", "家属去办要带啥", "在哪个窗口"),
        say(V2, "退休了养老金咋领", "要带什么", "电话"),
        say(V, "谢谢", "好的", "嗯嗯", "中"),
        say(V, "路上有个大坑，骑车差点摔了", "一般", "13633334444", "对"),
        say(V2, "低保", "临时救助", "医保", "菜单", "9"),
        say(V, "俺儿子在外地打工，工钱一直不给", "跳过", "最近", "2", "13644445555"),
        say(MED, "确认", "改时间 4 明天下午"),
        say(V, "行，就那个时间"),
        say(SEC, "帮助", "我的任务"),
        say(V, "你们这能干啥", "0", "10", "阿巴阿巴"),
        say(V2, "俺爹瘫在床上好几年了，有啥补贴没", "谁能领", "一个月给多少"),
        say(V, "孩子考上大学了家里困难能申请啥", "要啥材料"),
        say(NEW, "俺是荀庄的", "这个月有啥活动", "食堂在哪"),
        say(V, "老房子漏雨快塌了", "能帮着修吗", "找谁"),
        say(V2, "种地有补贴吗", "去哪问"),
        say(V, "俺想给村里提个建议，路边种点树", "好"),
        say(V2, "明天的调解俺去不了了"),
        say(V, "党员能帮俺去镇上交个材料不", "13900002222", "周三", "好的"),
        say(PARTY, "不接 俺明天去县里开会"),
        say(V, "俺的代办咋样了"),
        [{"run": task[:2] + ["--title", "帮孤寡老人扫院子", "--at", "2026-12-12 14:00"] + task[2:]}],
        say(VOL2, "好我去"),
        say(VOL, "算我一个"),
        say(VOL2, "临时有事去不成了"),
        say(V2, "你好呀", "早上好", "辛苦了", "拜拜"),
        say(V, "办个残疾证要带啥材料", "需要本人去吗", "多久能拿到"),
        say(V2, "医保报销和参保是一回事吗", "报销咋报"),
        say(NEW, "我是志愿者", "我有邀请码", "算了"),
        say(V, "俺不想收推送了", "活动的", "村务的也不要了"),
        say(V2, "上回的事办得不咋地"),
        say(V, "俺家地被别人占了", "同村的老赵", "周五上午", "1", "13655556666"),
        say(MED, "我的调解", "确认"),
    ]


def session() -> dict:
    steps: list[dict] = []
    for scene in scenes():
        steps += scene
        steps.append({"wait": "15m"})  # a pause between matters, as in a real day
    return {"id": "bench-chat-actions", "now": "2026-12-07 09:00", "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", action="store_true", help="print every turn's role, text and action")
    args = parser.parse_args()
    from bot.converse.cli import make_worlds, read_conversations, transcript

    spec = session()
    specs = read_conversations(io.StringIO(json.dumps(spec, ensure_ascii=False) + "\n"))
    worlds = make_worlds(specs, "Asia/Shanghai")
    actions: Counter = Counter()
    by_role: dict[str, Counter] = {}
    menus: list[str] = []
    try:
        for line in transcript(worlds, specs[0]):
            if "as" not in line or line.get("as") is None:
                continue  # run / wait steps
            action = line.get("action") or "（无）"
            actions[action] += 1
            by_role.setdefault(line["as"], Counter())[action] += 1
            if action == "menu.show":
                menus.append(f"{line['as']}: {line.get('say')}")
            if args.turns:
                print(f"{line['as']:<10} {str(line.get('say'))[:30]:<32} {action}")
    finally:
        worlds.fake.close()
        worlds.cleanup()
    total = sum(actions.values())
    print(f"turns: {total}")
    for action, n in actions.most_common():
        print(f"  {action:<20} {n:>4}  {n / total:6.1%}")
    for key in ("menu.show", "clarify.ask"):
        print(f"share of {key}: {actions[key] / total:.1%}")
    print("roles: " + ", ".join(f"{role} {sum(c.values())}" for role, c in sorted(by_role.items())))
    print("ended in the menu: " + ("; ".join(menus) or "none"))


if __name__ == "__main__":
    main()
