"""What an item's state is in truth: who was actually told, and which of its pushes died.

A need whose whistle reached nobody is not "已吹哨"; one assigned to a representative whose push
died is not simply "已报到". The pushes about an item are found by their business key
(`need:<no>:…`, `errand:<no>:…`, `mediation:<booking no>:…`, see bot/admin/push_scope.py).

    pushes = item_pushes(s, "need", need.number)      # [ItemPush …], dead ones explained
    truth = need_truth(s, need, pushes)               # Truth("没人可通知", "bad", …)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.models import CLAIMABLE_STATES, Need, NeedEvent, OutboxMessage, PushResolution, User
from bot.needs.rules import NOBODY, REROUTED

from .figures import NEED_STATE_LABELS
from .push_words import Reason, explain

# The words a cadre uses: "已收集" is 待吹哨 to them.
NEED_WORDS = {**NEED_STATE_LABELS, "collected": "待吹哨"}
WHISTLE_PARTS = (":whistle", ":escalate")


@dataclass
class ItemPush:
    row: OutboxMessage
    name: str  # the receiver's name, never the openid
    reason: Reason | None  # dead pushes only
    resolved: bool = False

    @property
    def dead(self) -> bool:
        return self.row.status == "dead"


@dataclass
class Truth:
    words: str
    tone: str  # ok | open | bad (green / yellow / red light)
    detail: str = ""
    dead: list[ItemPush] = field(default_factory=list)  # unresolved dead pushes about the item


def item_pushes(session: Session, prefix: str, number) -> list[ItemPush]:
    """Every push about one item, oldest first, receivers by name, dead ones explained."""
    rows = list(session.scalars(select(OutboxMessage).where(
        OutboxMessage.business_key.like(f"{prefix}:{number}:%")).order_by(OutboxMessage.id)))
    return _wrap(session, rows)


def _wrap(session: Session, rows: list[OutboxMessage]) -> list[ItemPush]:
    if not rows:
        return []
    names = dict(session.execute(select(User.openid, User.name).where(
        User.openid.in_({r.openid for r in rows}))).all())
    resolved = set(session.scalars(select(PushResolution.outbox_id).where(
        PushResolution.outbox_id.in_([r.id for r in rows if r.status == "dead"]))))
    return [ItemPush(r, names.get(r.openid) or "（未留姓名）", explain(r.last_error) if r.status == "dead" else None,
                     r.id in resolved) for r in rows]


def _nobody_told(session: Session, need: Need) -> bool:
    """The need's last whistle round found nobody to tell (no person alerted since it was sent on)."""
    since = session.scalar(select(NeedEvent.id).where(NeedEvent.need_id == need.id, NeedEvent.kind == REROUTED)
                           .order_by(NeedEvent.id.desc()).limit(1)) or 0
    alerts = session.execute(select(NeedEvent.user_id, NeedEvent.note).where(
        NeedEvent.need_id == need.id, NeedEvent.kind.in_(("alerted", "escalated")), NeedEvent.id > since)).all()
    return bool(alerts) and all(user_id is None for user_id, _ in alerts) and any(
        NOBODY in (note or "") for _, note in alerts)


def need_truth(session: Session, need: Need, pushes: list[ItemPush] | None = None) -> Truth:
    """The need's state as a cadre must read it."""
    if pushes is None:
        pushes = item_pushes(session, "need", need.number)
    dead = [p for p in pushes if p.dead and not p.resolved]
    label = NEED_WORDS.get(need.state, need.state)
    if need.state == "closed":
        return Truth(label, "ok", dead=dead)
    if need.state == "collected":
        return Truth(label, "open", "等下一轮定时吹哨", dead=dead)
    if need.state in CLAIMABLE_STATES:
        if _nobody_told(session, need):
            return Truth("没人可通知", "bad", "这个片区没有管这件事的党代表，也没有片区书记可通知：请直接指派，或登记人员。",
                         dead=dead)
        whistles = [p for p in pushes if any(part in p.row.business_key for part in WHISTLE_PARTS)]
        sent = [p for p in whistles if p.row.status == "sent"]
        if sent:
            words = "已催办" if need.state == "escalated" else "已吹哨"
            return Truth(words, "open", f"{len(sent)}人收到：" + "、".join(p.name for p in sent[:5]), dead=dead)
        if whistles and all(p.dead for p in whistles):
            return Truth("吹哨没送到", "bad", "通知的人都没收到：" + "；".join(
                f"{p.name}（{p.reason.words if p.reason else ''}）" for p in whistles[:5]), dead=dead)
        return Truth("正在通知", "open", "推送还在排队，发出后才算吹哨", dead=dead)
    # Held: the representative was told by chat (claim) or by a push (assigned).
    if dead:
        return Truth(label + "，但有通知没送到", "bad", dead[0].reason.words if dead[0].reason else "", dead=dead)
    return Truth(label, "ok" if need.state == "in_progress" else "open", dead=dead)


def needs_truths(session: Session, needs: list[Need]) -> dict[int, Truth]:
    """need_truth for a page of needs, with one query for their pushes."""
    if not needs:
        return {}
    rows = list(session.scalars(select(OutboxMessage).where(or_(*[
        OutboxMessage.business_key.like(f"need:{n.number}:%") for n in needs])).order_by(OutboxMessage.id)))
    wrapped = _wrap(session, rows)
    by_need: dict[int, list[ItemPush]] = {}
    for push in wrapped:
        number = push.row.business_key.split(":")[1]
        if number.isdigit():
            by_need.setdefault(int(number), []).append(push)
    return {n.id: need_truth(session, n, by_need.get(n.number, [])) for n in needs}


def dead_on_item(pushes: list[ItemPush]) -> list[ItemPush]:
    return [p for p in pushes if p.dead and not p.resolved]
