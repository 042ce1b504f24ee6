"""WeChat's receipt for a template message (TEMPLATESENDJOBFINISH), kept on its outbox row."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import OutboxMessage


def record_template_delivery(session: Session, msgid: str, status: str) -> bool:
    """Store the event's Status ("success", "failed:user block", "failed: system failed") on the
    row sent with MsgID `msgid`; False when no row has that msgid (not one of ours)."""
    result = session.execute(update(OutboxMessage).where(OutboxMessage.wechat_msgid == str(msgid))
                             .values(delivery_status=status[:40])
                             .execution_options(synchronize_session=False)
                             .returning(OutboxMessage.id))
    return result.first() is not None
