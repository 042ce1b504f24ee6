"""Broadcasts by mass send (群发): one outbox row per chunk of ≤ 10,000 openids, and the budget.

    broadcast(session, "notice:12", "notice", openids, text, fields, now, per_month=4)

WeChat delivers at most four mass messages a calendar month to each follower; more fail for
that follower. So before a broadcast is queued its receivers' budget is checked
(`MassBudget`, Beijing months): if some have none left, `BudgetExceeded` names how many and
nothing is queued; else each receiver's count goes up by one, in the caller's transaction.

Rows: key `<prefix>:mass:<n>`, kind MASS_KIND, openid MASS_OPENID, payload {"text",
"openids", "for": kind, "template": the kind's fields, for pages and boards}; the dispatcher sends each by `message/mass/send` with the key as
`clientmsgid`, so a chunk resent after a crash is refused by WeChat (45065) and not
delivered twice. `message/mass/send` needs at least two openids: a lone receiver gets a
direct push of the kind instead (a customer-service text or template, not counted).
A broadcast queued again (the same prefix) writes nothing and spends no budget.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import MassBudget, OutboxMessage
from ..sqlutil import insert_many_or_ignore
from ..wechat.errors import WeChatApiError
from .enqueue import Push, batched, enqueue, enqueue_many
from .kinds import client_msg_id
from .quota import BEIJING

MASS_KIND = "mass"
MASS_OPENID = "*"
CHUNK = 10_000
DEFAULT_PER_MONTH = 4


class BudgetExceeded(Exception):
    """Some receivers have had their four mass messages this month."""

    def __init__(self, over: int, per_month: int):
        super().__init__(f"{over} 人本月已收满{per_month}条群发，不能再发")
        self.over = over
        self.per_month = per_month


def month_of(now: datetime) -> str:
    local = now.astimezone(BEIJING)
    return f"{local.year:04d}-{local.month:02d}"


def used_counts(session: Session, openids: list[str], month: str) -> dict[str, int]:
    used: dict[str, int] = {}
    for chunk in batched(openids, 1000):
        used.update(session.execute(select(MassBudget.openid, MassBudget.used).where(
            MassBudget.month == month, MassBudget.openid.in_(chunk))).all())
    return used


def over_budget(session: Session, openids: list[str], month: str, per_month: int) -> int:
    """How many of `openids` have no mass message left in `month`."""
    return sum(1 for n in used_counts(session, openids, month).values() if n >= per_month)


def left_this_month(session: Session, now: datetime, per_month: int = DEFAULT_PER_MONTH) -> int:
    """Mass messages every follower can still receive this month (the fullest one's left)."""
    most = session.scalar(select(func.max(MassBudget.used)).where(MassBudget.month == month_of(now)))
    return max(0, per_month - (most or 0))


def _spend(session: Session, openids: list[str], month: str) -> None:
    for chunk in batched(openids, 1000):
        insert_many_or_ignore(session, MassBudget, [{"openid": o, "month": month, "used": 0} for o in chunk],
                              ["openid", "month"])
        session.execute(update(MassBudget).where(MassBudget.month == month, MassBudget.openid.in_(chunk))
                        .values(used=MassBudget.used + 1).execution_options(synchronize_session=False))


def already_queued(session: Session, prefix: str) -> bool:
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.business_key.in_([f"{prefix}:mass:0", f"{prefix}:one"]))) > 0


def broadcast(session: Session, prefix: str, kind: str, openids: Iterable[str], text: str,
              fields: dict | None, now: datetime, per_month: int = DEFAULT_PER_MONTH,
              full: str | None = None, extra: dict | None = None) -> int:
    """Queue one broadcast to `openids`; returns how many people it reaches (0 when queued before).
    `full`: the whole text for the detail page when `text` is the short push.

    Raises BudgetExceeded (nothing queued) when some receivers have no mass message left.
    """
    receivers = list(dict.fromkeys(openids))
    if not receivers or already_queued(session, prefix):
        return 0
    if len(receivers) == 1:
        if not enqueue(session, f"{prefix}:one", receivers[0], kind, text, fields):
            return 0
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.business_key == f"{prefix}:one")).one()
        row.payload = {**row.payload, **({"full": full} if full else {}), **(extra or {})}
        return 1
    month = month_of(now)
    if (over := over_budget(session, receivers, month, per_month)):
        raise BudgetExceeded(over, per_month)
    _spend(session, receivers, month)
    chunks = list(batched(receivers, CHUNK))
    if len(chunks) > 1 and len(chunks[-1]) == 1:  # WeChat takes lists of two or more
        chunks[-1].insert(0, chunks[-2].pop())
    enqueue_many(session, [Push(f"{prefix}:mass:{n}", MASS_OPENID, MASS_KIND, text, None, None)
                           for n in range(len(chunks))])
    for n, chunk in enumerate(chunks):
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.business_key == f"{prefix}:mass:{n}")).one()
        row.payload = {"text": text, "openids": chunk, "for": kind, "template": fields or {},
                       **({"full": full} if full else {}), **(extra or {})}
    session.flush()
    return len(receivers)


def receivers(session: Session, prefix: str) -> list[str]:
    """The openids a broadcast reaches (its chunks' lists, or the lone direct push's)."""
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like(f"{prefix}:%")))
    return [o for r in rows for o in ((r.payload or {}).get("openids", []) if r.kind == MASS_KIND else [r.openid])]


def rows_of(session: Session, prefix: str) -> int:
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.business_key.like(f"{prefix}:%"))) or 0


def receivers_of(session: Session, prefix: str) -> int:
    return len(receivers(session, prefix))


def send_chunk(client: Any, message: Any, link: str | None) -> tuple[str, str | None, str | None]:
    """Send one claimed chunk row: (status sent|retry|dead, WeChat's msg_id, reason). The key is
    the clientmsgid, so a resend is refused (45065, counted as sent); `link`: its page."""
    payload = message.payload or {}
    text = str(payload.get("text", "")) + (f"\n全文：{link}" if link else "")
    try:
        msg_id = client.send_mass_text(text, client_msg_id(message.business_key),
                                       openids=payload.get("openids"), tag_id=payload.get("tag_id"))
    except WeChatApiError as exc:
        return ("retry" if exc.transient else "dead"), None, exc.describe()
    return "sent", msg_id[:40], None
