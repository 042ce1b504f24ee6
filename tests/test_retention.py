"""Issue 12, finding 4: villagers' message texts are kept INBOUND_RETENTION_DAYS (180), then purged
by the scheduler's daily job; records of services (needs, errands, bookings) stay."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.models import InboundMessage
from scheduler.jobs import JOBS

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=timezone.utc)


def _inbound(db, openid: str, days_ago: float) -> None:
    with db.session() as s:
        s.add(InboundMessage(dedupe_key=f"msg:{openid}:1", openid=openid, msg_type="text",
                             content="反映一下：路灯坏了，我家住在村东头", reply="收到", status="replied",
                             received_at=NOW - timedelta(days=days_ago)))


def test_the_daily_job_purges_message_texts_past_the_retention(app, db):
    days = app.config["INBOUND_RETENTION_DAYS"]
    assert days == 180
    _inbound(db, "old", days + 1)
    _inbound(db, "young", days - 1)
    job = next(j for j in JOBS if j.id == "inbound-retention")
    assert job.trigger.kind == "cron"
    with app.app_context(), db.session() as s:
        assert job.func(s, NOW) == 1
    with db.session() as s:
        assert set(s.scalars(select(InboundMessage.openid))) == {"young"}


def test_retention_is_configurable(app, db):
    app.config["INBOUND_RETENTION_DAYS"] = 30
    _inbound(db, "month", 31)
    from bot.retention import purge_inbound
    with app.app_context(), db.session() as s:
        assert purge_inbound(s, NOW) == 1
