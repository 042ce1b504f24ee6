"""What was last sent to everyone in the villager's area, for words that point at it without naming
it (不用给俺发这些了 / 头一个活动在哪 / 几点来水啊): a village-affairs notice of the area, or the month's
activity digest, within the last few days. The newest of the two wins.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.dispatch import Context
from bot.models import Area, Notice, OutboxMessage

LATELY = timedelta(days=3)
# The month's digest lists the month's activities: a reply to it a few days later (前几天推的那个
# 露天电影) still answers it, a week on at most.
DIGEST_LATELY = timedelta(days=7)


@dataclass(frozen=True)
class MassPush:
    kind: str  # "affairs" | "theme"
    label: str  # 通知“停水通知” / 本月活动
    at: datetime
    words: str = ""  # what it said (a notice's title and text, the digest's lines)


def _aware(at: datetime, like: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=like.tzinfo)


def latest_mass_push(ctx: Context, within: timedelta = LATELY) -> MassPush | None:
    """The newest notice or activity digest of the villager's area sent within `within`, or None."""
    village = ctx.user.village
    if village is None:
        return None
    since = ctx.now - within
    found: list[MassPush] = []
    notice = ctx.session.scalars(select(Notice).where(Notice.area_id == village.area_id, Notice.published_at >= since)
                                 .order_by(Notice.published_at.desc()).limit(1)).first()
    if notice is not None:
        found.append(MassPush("affairs", f"{notice.kind}“{notice.title}”", _aware(notice.published_at, ctx.now),
                              f"{notice.title} {notice.body}"))
    area = ctx.session.get(Area, village.area_id)
    if area is not None:
        digest_since = ctx.now - max(within, DIGEST_LATELY)
        digest = ctx.session.scalars(select(OutboxMessage).where(
            OutboxMessage.business_key.like(f"theme:%:digest:{area.code}:%"), OutboxMessage.created_at >= digest_since)
            .order_by(OutboxMessage.created_at.desc()).limit(1)).first()
        if digest is not None:
            found.append(MassPush("theme", "本月活动", _aware(digest.created_at, ctx.now),
                                  json.dumps(digest.payload, ensure_ascii=False)))
    return max(found, key=lambda p: p.at) if found else None
