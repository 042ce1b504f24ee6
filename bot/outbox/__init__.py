"""The outbox: every push is a row with a unique business key, sent by dispatchers that claim it.

    from bot.outbox import enqueue
    enqueue(session, "task:12:offer:<openid>", openid, "task", text, template_data=None, url=None)

- enqueue.py     insert-or-ignore a row (a chunk of rows, or one per user a SELECT finds) in the
                 caller's transaction
- store.py       claim due rows under a lease; record sent / retry / dead (fenced updates);
                 `record_template_delivery(session, msgid, status)` for TEMPLATESENDJOBFINISH
- policy.py      settings, 48-hour window, backoff with jitter, template data
- dispatcher.py  one round (`dispatch_once(db, client, limit)`) and the loop (`run_dispatcher`)
- delivery.py    one send: the channel, the call to WeChat, what happened (`deliver` → `Attempt`)
- pacing.py      sends per second, per dispatcher process and across all of them
- quota.py       the daily API quotas (45009): which API is used up, until midnight Beijing time
- urgent.py      an idle loop woken as soon as a fresh urgent row (danger alert) is due

`flask outbox dispatch` runs a dispatcher; the scheduler process runs one as well. Any number
may run at once: claims never overlap.
"""
from .delivery import deliver
from .dispatcher import RoundResult, dispatch_once, run_dispatcher
from .enqueue import Push, enqueue, enqueue_for_users, enqueue_many
from .policy import OutboxSettings, backoff_seconds, template_data
from .store import record_template_delivery

__all__ = ["enqueue", "enqueue_many", "enqueue_for_users", "Push", "dispatch_once", "run_dispatcher", "deliver",
           "RoundResult", "OutboxSettings", "backoff_seconds", "template_data", "record_template_delivery"]
