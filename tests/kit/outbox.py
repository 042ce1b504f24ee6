"""The outbox in tests: queue a push for a user in or out of the 48-hour window, read the rows.

    queue_push(db, "u1", in_window=False)      # a user last heard 60 hours ago, and a task push
    outbox_row(db, "k-1")                      # the OutboxMessage with that business key
    outbox_rows(s, openid="v1", kind="task")   # rows in id order, in your session
    outbox_by_key(db, "vol:%")                 # rows whose business key is like the pattern
    pushes(db, "sec1")                         # the texts queued for an openid
    keys_from(db, "need:1:")                   # business keys with that prefix, sorted
    deliver(app)                               # send all that is queued, through the fake API
"""
from __future__ import annotations

from sqlalchemy import select

from bot.models import OutboxMessage
from bot.outbox import dispatch_once, enqueue
from bot.wechat.client import get_client
from tests.kit.factories import add_follower

# Template ids and settings of the dispatcher tests (short timeout, few attempts, short backoff).
TEMPLATES = {"task": "tpl-task", "reminder": "tpl-reminder"}
DISPATCH_SETTINGS = {"TEMPLATE_IDS": TEMPLATES, "WECHAT_TIMEOUT_SECONDS": 0.5, "OUTBOX_MAX_ATTEMPTS": 4,
                     "OUTBOX_BACKOFF_BASE_SECONDS": 10, "OUTBOX_BACKOFF_CAP_SECONDS": 60}
FIELDS = {"事项": "扫雪", "时间": "明天上午9点"}


def queue_push(db, openid: str, *, in_window: bool | None, kind: str = "task",
               text: str = "【志愿活动】扫雪\n明天上午9点\n请回复1报名", template: dict | None = None,
               url: str | None = None, subscribed: bool = True, key: str = "k-1") -> str:
    """A push for `openid` (a user in or out of the window is added first unless `in_window` is
    None); returns its business key."""
    template = FIELDS if template is None else template
    with db.session() as s:
        if in_window is not None:
            add_follower(s, openid, in_window=in_window, subscribed=subscribed)
        enqueue(s, key, openid, kind, text, template, url)
    return key


def outbox_row(db, key: str) -> OutboxMessage:
    with db.session() as s:
        return s.scalars(select(OutboxMessage).where(OutboxMessage.business_key == key)).one()


def outbox_rows(session, openid: str | None = None, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if openid is not None:
        query = query.where(OutboxMessage.openid == openid)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(session.scalars(query))


def outbox_by_key(db, like: str = "%") -> list[OutboxMessage]:
    with db.session() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like(like))
                              .order_by(OutboxMessage.id)))


def pushes(db, openid: str) -> list[str]:
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.openid == openid).order_by(OutboxMessage.id))
        return [r.payload["text"] for r in rows]


def clear_outbox(db) -> None:
    with db.session() as s:
        s.query(OutboxMessage).delete()


def keys_from(db, prefix: str) -> list[str]:
    """The business keys starting with `prefix`, sorted."""
    with db.session() as s:
        return sorted(s.scalars(select(OutboxMessage.business_key)
                                .where(OutboxMessage.business_key.startswith(prefix))))


def deliver(app) -> None:
    """Send everything queued through the app's WeChat client (the fake API), round after round."""
    with app.app_context():
        while dispatch_once(app.extensions["db"], get_client()).claimed:
            pass
