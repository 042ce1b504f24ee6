"""What each step of a need tells whom, through the outbox, with business keys that make it exactly-once.

Keys: need:<no>:whistle:<openid>, need:<no>:escalate:<level>:<openid>, need:<no>:taken:<openid>,
need:<no>:claimed, need:<no>:progress:<event id>, need:<no>:closed:<event id>,
need:<no>:reopened:<event id>, need:<no>:satisfied:<event id>.
A person is whistled for a need at most once per round and a need is claimed at most once per
round, so each key names one business event. A need sent on to another group starts a new
round: its whistle, escalate, taken and claimed keys carry the round's tag after the kind
(need:<no>:whistle:r<event id>:<openid>, see rules.round_tag). A round that whistles an
unclaimed need again names itself after the round tag: need:<no>:whistle[:r<event id>]:t<minute>:<openid>
(see rounds.py). Steps that can repeat
(progress, closing after a reopening) carry the id of their history row, and so do the steps
only the admin page takes: need:<no>:assigned:<event id>:<openid> (a cadre hands it to a
representative), need:<no>:claimed:e<event id> (the villager told who has it now),
need:<no>:withdrawn:<event id>:<openid>, need:<no>:moved:<event id>:<openid> and
need:<no>:closed:<event id>:<openid> (the representative who held it is told it left them).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.models import Need, NeedEvent, RepGroup, User
from bot.outbox import enqueue
from bot.outbox.kinds import VALUE_LIMIT
from bot.usertext import neutral

from .gist import gist

KIND = "need"  # what the villager and the claiming representative hear
WHISTLE_KIND = "whistle"  # alerts to a group's representatives (its own template outside 48 h)
SUMMARY_CHARS = 30
URGENT_MARK = "【很急】"


def summary(need: Need, limit: int = SUMMARY_CHARS) -> str:
    """The need's words on one line, cut to `limit` characters."""
    line = " ".join(neutral(need.text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _key(need: Need, kind: str, *parts: str) -> str:
    """need:<no>:<kind>[:<part>…], leaving out empty parts (a first round has no tag)."""
    return ":".join(["need", str(need.number), kind, *[p for p in parts if p]])


def village_name(need: Need) -> str:
    return need.village.name if need.village else need.area.name


def _template(title: str, need: Need, state: str, remark: str) -> dict:
    """The template's fields (bot/outbox/kinds.py) for pushes outside the 48-hour window; the
    title is in the full text on the push's page, the remark (how to answer) is a field of its own.
    The need's words are its gist (gist.py): a field shows 20 characters, the problem must be in them."""
    head = f"{need.number}号 "
    return {"事项": head + gist(neutral(need.text), VALUE_LIMIT - len(head)), "地点": village_name(need), "状态": state, "回复": remark}


def _extras(need: Need) -> str:
    parts = []
    if need.photo_media_id:
        parts.append("有照片")
    if need.latitude is not None:
        parts.append("有位置")
    return f"（{'，'.join(parts)}，在管理页查看）" if parts else ""


def whistle_text(need: Need, group: RepGroup | None, again: bool = False) -> str:
    urgent = URGENT_MARK if need.urgency == "urgent" else ""
    to = f"（{group.name}）" if group is not None else ""
    head = "【再次吹哨】还没有人认领：" if again else "【吹哨】"
    return (f"{head}{urgent}{need.number}号群众需求{to}\n村：{village_name(need)}\n"
            f"事情：{summary(need, 60)}{_extras(need)}\n能办请回复1认领（也可以回复“报到 {need.number}”）。")


def contact_line(need: Need) -> str:
    """群众：代村 李大爷（电话 138…）: whom the representative should call."""
    villager = need.villager
    who = f"{village_name(need)} {neutral(villager.name)}" if villager.name else f"{village_name(need)}村民"
    return f"群众：{who}" + (f"（电话 {villager.phone}）" if villager.phone else "（没有手机，请上门联系）")


def whistle(session: Session, need: Need, rep: User, group: RepGroup | None, tag: str = "",
            again: bool = False) -> bool:
    """The whistle to one representative; `again`: a round repeats it (rounds.py), the tag names the round."""
    remark = f"回复1认领（或“报到 {need.number}”）"
    title = ("群众需求再次吹哨" if again else "群众需求吹哨") + ("（很急）" if need.urgency == "urgent" else "")
    return enqueue(session, _key(need, "whistle", tag, rep.openid), rep.openid, WHISTLE_KIND,
                   whistle_text(need, group, again), _template(title, need, "仍待认领" if again else "待认领", remark))


def escalated(session: Session, need: Need, person: User, level: int, group: RepGroup | None,
              can_claim: bool, tag: str = "") -> bool:
    who = group.name if group is not None else "党代表"
    ask = (f"请安排组里的党代表认领，或回复“报到 {need.number}”自己接下。" if can_claim
           else f"请联系{who}安排党代表认领。")
    text = (f"【催办】{need.number}号群众需求还没有人认领。\n村：{village_name(need)}\n"
            f"事情：{summary(need, 60)}\n{ask}")
    return enqueue(session, _key(need, "escalate", tag, str(level), person.openid), person.openid, WHISTLE_KIND,
                   text, _template("群众需求没人认领，请安排", need, "待认领", ask))


def taken(session: Session, need: Need, other: User, claimer: User, tag: str = "") -> bool:
    by = claimer.name or "别的党代表"
    text = f"{need.number}号群众需求（{summary(need)}）已经由{by}认领了，不用再报到，谢谢！"
    return enqueue(session, _key(need, "taken", tag, other.openid), other.openid, KIND, text,
                   _template("需求已有人认领", need, "已认领", f"{by}已认领"))


def claimed(session: Session, need: Need, group: RepGroup | None, tag: str = "") -> bool:
    rep = need.claimer
    who = (group.name if group else "") + (f"的党代表{rep.name}" if rep and rep.name else "的党代表")
    text = f"您反映的{need.number}号问题（{summary(need)}）已经有人接下了：{who}。"
    if rep is not None and rep.phone:
        text += f"\n电话：{rep.phone}"
    text += "\n有进展会告诉您。"
    return enqueue(session, _key(need, "claimed", tag), need.villager.openid, KIND, text,
                   _template("您反映的问题有人接了", need, "已认领", who))


def given_back(session: Session, need: Need, event: NeedEvent, to_others: bool = True) -> bool:
    """The villager: the representative who had it let it go; it waits for another one (the group's
    other representatives, or, with none, whom the group's leader or the area's staff send)."""
    who = "活动组的其他党代表" if to_others else "片区，请他们另外安排人"
    text = (f"您反映的{need.number}号问题（{summary(need)}），原来接手的党代表这阵子顾不上，"
            f"已经重新交给{who}，有人接下会马上告诉您。")
    return enqueue(session, f"need:{need.number}:given_back:{event.id}", need.villager.openid, KIND, text,
                   _template("您反映的问题重新等人认领", need, "待认领", "有人接下会告诉您"))


def progress(session: Session, need: Need, event: NeedEvent) -> bool:
    text = f"您反映的{need.number}号问题（{summary(need)}）有新进展：{neutral(event.note)}"
    return enqueue(session, f"need:{need.number}:progress:{event.id}", need.villager.openid, KIND, text,
                   _template("您反映的问题有新进展", need, "办理中", event.note[:100]))


def closed(session: Session, need: Need, event: NeedEvent, note: str | None = None,
           by: str = "党代表") -> bool:
    """The villager: it is done (in the words of `by`), and 满意 or 不满意?"""
    note = event.note if note is None else note
    text = f"您反映的{need.number}号问题（{summary(need)}）已经办好了。"
    if note:
        text += f"\n{by}说：{note}"
    text += "\n您满意吗？请回复“满意”或“不满意”。"
    return enqueue(session, f"need:{need.number}:closed:{event.id}", need.villager.openid, KIND, text,
                   _template("您反映的问题办好了", need, "已办结", "满意请回复“满意”，不满意请回复“不满意”"))


def reopened(session: Session, need: Need, event: NeedEvent) -> bool:
    rep = need.claimer
    if rep is None:
        return False
    why = f"\n群众说：{neutral(event.note)}" if event.note else ""
    text = (f"{need.number}号群众需求（{summary(need)}），群众回复不满意，已重新打开。{why}\n"
            f"请继续跟进：回复“进展 {need.number} 内容”，办好后回复“办结 {need.number} 结果”。")
    return enqueue(session, f"need:{need.number}:reopened:{event.id}", rep.openid, KIND, text,
                   _template("群众不满意，需求重新打开", need, "重新办理", "请继续跟进"))


def satisfied(session: Session, need: Need, event: NeedEvent) -> bool:
    rep = need.claimer
    if rep is None:
        return False
    text = f"{need.number}号群众需求（{summary(need)}），群众回复满意。辛苦了！"
    return enqueue(session, f"need:{need.number}:satisfied:{event.id}", rep.openid, KIND, text,
                   _template("群众满意", need, "已办结", "辛苦了"))


# --- steps only the admin page takes (bot.needs.staff) ---------------------------------------

def assigned(session: Session, need: Need, rep: User, event: NeedEvent) -> bool:
    """The representative a cadre handed the need to: what it is, whom to call, how to answer."""
    urgent = URGENT_MARK if need.urgency == "urgent" else ""
    text = (f"【片区指派】{urgent}{need.number}号群众需求交给您办了。\n事情：{summary(need, 60)}{_extras(need)}\n"
            f"{contact_line(need)}\n办理中回复“进展 {need.number} 内容”，办好后回复“办结 {need.number} 结果”。")
    return enqueue(session, _key(need, "assigned", str(event.id), rep.openid), rep.openid, KIND, text,
                   _template("片区请您办理群众需求", need, "已指派给您", f"办好后回复“办结 {need.number} 结果”"))


def _no_longer(session: Session, need: Need, holder: User, event: NeedEvent, kind: str, why: str,
               title: str) -> bool:
    text = f"{need.number}号群众需求（{summary(need)}）{why}，您不用再办了，谢谢！"
    return enqueue(session, _key(need, kind, str(event.id), holder.openid), holder.openid, KIND, text,
                   _template(title, need, "不用再办", why))


def withdrawn(session: Session, need: Need, holder: User, event: NeedEvent, to: User) -> bool:
    """The representative who held it: a cadre handed it to someone else."""
    return _no_longer(session, need, holder, event, "withdrawn", f"片区已改交给{to.name or '别的党代表'}办理",
                      "需求已改派")


def moved(session: Session, need: Need, holder: User, event: NeedEvent, group: RepGroup) -> bool:
    """The representative who held it: a cadre sent it to another group."""
    return _no_longer(session, need, holder, event, "moved", f"片区已转给{group.name}办理", "需求已转组")


def closed_for_holder(session: Session, need: Need, holder: User, event: NeedEvent) -> bool:
    """The representative who held it: a cadre closed it."""
    return _no_longer(session, need, holder, event, "closed", "片区已经办结", "需求已办结")
