"""What the relay says: to the villager, to the staff in chat, in their pushes."""
from __future__ import annotations

from bot.models import Area, Conversation, User
from bot.usertext import neutral

LEVEL_WORDS = {"area": "片区", "township": "乡镇（街道）", "county": "县里"}
QUICK_REPLY = "直接回复这条消息即可答复，或回复“回复 {n} 内容”。"
CLIP = 300


def who(villager: User) -> str:
    """王秀英（代村，13812345678）: how staff see the sender."""
    name = neutral(villager.name) or "一位群众"
    facts = [villager.village.name if villager.village else "未登记村子"]
    if villager.phone:
        facts.append(villager.phone)
    return f"{name}（{'，'.join(facts)}）"


def staff_push(conversation: Conversation, words: str, escalated_from: str | None = None) -> str:
    head = f"【群众留言 {conversation.id}】"
    if escalated_from:
        head = f"【群众留言 {conversation.id} · {LEVEL_WORDS[escalated_from]}一个工作日没回复，转给您】"
    return f"{head}{who(conversation.villager)}：{neutral(words)[:CLIP]}\n" + QUICK_REPLY.format(n=conversation.id)


def kept_for_villager(area: Area | None, level: str, told: int) -> str:
    if not told:
        return "好的，您的话已经记下了。工作人员上班后会在这里回复您。"
    if level == "area" and area is not None:
        return f"好的，您的话已经转给{area.name}的工作人员了，他们会在这里回复您。"
    return "好的，您的话已经转给工作人员了，他们会在这里回复您。"


def village_found(area: Area, told: int) -> str:
    if told:
        return f"好的，记下了。您的话已经转给{area.name}的工作人员。"
    return f"好的，记下了您是{area.name}的。您的话已经记下，工作人员会在这里回复您。"


def answer_for_villager(words: str) -> str:
    return f"工作人员回复：{neutral(words)[:CLIP * 2]}\n还有话要说，一天内直接回复就行，过后请回复“人工”再留言。"


def answered_for_staff(conversation: Conversation, words: str) -> str:
    name = conversation.villager.name or "这位群众"
    return f"已回复{name}：{words[:60]}"


def several_open(conversations: list[Conversation]) -> str:
    lines = [f"您有{len(conversations)}条留言等回复，请写明回复哪一条："]
    for c in conversations[:9]:
        last = next((m.text for m in reversed(c.messages) if m.direction == "villager"), "")
        lines.append(f"{c.id} {who(c.villager)}：{last[:20]}")
    lines.append(f"比如：回复 {conversations[0].id} 明天上午我去看看")
    return "\n".join(lines)


NONE_OPEN = "现在没有等您回复的留言。回复某一条请写“回复 编号 内容”。"
NOT_YOURS = "这条留言不归您答复，或者编号不对。请看推送里的编号。"
NO_WORDS = "请在编号后面写上要回复的话，比如：回复 {n} 明天上午我去看看"
