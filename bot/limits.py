"""Per-villager limits (issue 12, finding 3): what one openid may ask of the bot and of the staff.

- Messages: at most USER_MESSAGES_PER_MINUTE per openid, counted where every worker sees it
  (Redis when configured, else the database); past it the bot answers TOO_FAST and handles nothing.
- Needs: USER_NEEDS_PER_DAY a day and USER_OPEN_NEEDS open at once (polite refusal);
  USER_URGENT_NEEDS_PER_DAY urgent ones a day: past it a need is taken as ordinary (whistled at
  the regular rounds, not at once) and the villager is told whom to call.
- Errands and mediation bookings: USER_ERRANDS_PER_DAY and USER_BOOKINGS_PER_DAY.
- Staff pushes: every path by which a villager makes staff phones buzz is capped above; 人工
  forwards by USER_STAFF_FORWARDS_PER_DAY.
Days are local (TZ_NAME). The database counters share the login throttle's table
(admin_login_throttle, keys "rate:…"): one row per openid and counter, reset by its window;
but the message counter is a row of shared_values ("rate:msg:<openid>", its window's end in
`expires_at`), counted by the same statement that writes the replay guard's entry of the
message's signed query (`guard_and_count`: one statement for both on every message).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Integer, Text, and_, bindparam, case, cast, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .kept_sql import KeptSql
from .models import AdminLoginThrottle, Booking, Errand, Need, SharedValue, User
from .sqlutil import prepared
from .wechat import replay

TOO_FAST = "您发得太快了，请歇一会儿再发，我一条一条给您办。"
OPEN_NEED_STATES = ("collected", "alerted", "claimed", "in_progress", "reopened", "escalated")


def needs_capped_text(cap: int) -> str:
    return f"您今天已经反映了{cap}件事，党代表正在处理。明天还可以再反映；着急的话请回复“人工”。"


def open_needs_capped_text(cap: int) -> str:
    return f"您还有{cap}件事没办完，先等等结果吧。回复“我的记录”可以看进度。"


def errands_capped_text(cap: int) -> str:
    return f"您今天已经提了{cap}件代办，党员正在办。明天还可以再提。"


def bookings_capped_text(cap: int) -> str:
    return f"您今天已经预约了{cap}次调解，明天还可以再约。有急事请打调解室电话。"


def forwards_capped_text(cap: int) -> str:
    return f"您今天已经给工作人员留了{cap}次言，他们会联系您。急事请直接打片区电话。"


URGENT_CAPPED_NOTE = "（您今天很急的事已经报了不少，这件按一般的事交给党代表。真有危险请马上打电话：110、119、120。）"


def _setting(name: str) -> int:
    return int(current_app.config[name])


def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    local = now.astimezone(ZoneInfo(current_app.config["TZ_NAME"]))
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def count_in_window(session: Session, key: str, now: datetime, window: timedelta) -> int:
    """Add one to the database counter `key` (restarted after `window`); the count so far."""
    # One upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING), not insert-or-ignore then update:
    # every message from the webhook counts here when there is no Redis.
    statement = prepared(session, "limits.count_in_window", _counter_upsert)
    return session.execute(statement, {"counter_key": key, "now": now, "window_start": now - window}).scalar_one()


def _counter_upsert(insert):
    """The counter's upsert with its values as parameters (built once per dialect)."""
    table = AdminLoginThrottle.__table__
    at_type = table.c.window_started_at.type
    now = bindparam("now", type_=at_type)
    stale = table.c.window_started_at <= bindparam("window_start", type_=at_type)
    statement = insert(table).values(key=bindparam("counter_key"), attempts=1, window_started_at=now)
    return statement.on_conflict_do_update(
        index_elements=["key"],
        set_={"attempts": case((stale, 1), else_=table.c.attempts + 1),
              "window_started_at": case((stale, now), else_=table.c.window_started_at)},
    ).returning(table.c.attempts)


# The counter's upsert run on the DBAPI cursor (bot/kept_sql.py): the staff forwards' counts.
_COUNT = KeptSql(_counter_upsert, ("counter_key", "now", "window_start"))

MESSAGE_WINDOW = timedelta(minutes=1)
_SHARED = SharedValue.__table__


def _message_count(insert, with_guard: bool):
    """The sender's message counter in shared_values (a count as text, its window's end in
    `expires_at`), with the replay guard's entry of the signed query as a second row: an entry
    or a window past its end is taken anew (bot/wechat/replay.py keeps the same rule); a live
    entry stays as it is, a live counter goes up by one. RETURNING each row's key and value."""
    at_type = _SHARED.c.expires_at.type
    rows = [{"key": bindparam("counter_key"), "value": "1", "expires_at": bindparam("window_end", type_=at_type)}]
    if with_guard:
        rows.insert(0, {"key": bindparam("guard_key"), "value": bindparam("digest"),
                        "expires_at": bindparam("keep_until", type_=at_type)})
    statement = insert(_SHARED).values(rows)
    ended = and_(_SHARED.c.expires_at.is_not(None), _SHARED.c.expires_at <= bindparam("now", type_=at_type))
    counted = cast(cast(_SHARED.c.value, Integer) + 1, Text)
    return statement.on_conflict_do_update(index_elements=["key"], set_={
        "value": case((ended, statement.excluded.value), (_SHARED.c.key == bindparam("counter_key"), counted),
                      else_=_SHARED.c.value),
        "expires_at": case((ended, statement.excluded.expires_at), else_=_SHARED.c.expires_at),
    }).returning(_SHARED.c.key, _SHARED.c.value)


# On the DBAPI cursor (bot/kept_sql.py): every message runs the first.
_GUARD_AND_COUNT = KeptSql(lambda insert: _message_count(insert, True),
                           ("guard_key", "digest", "keep_until", "counter_key", "window_end", "now"))
_MESSAGE_COUNT = KeptSql(lambda insert: _message_count(insert, False), ("counter_key", "window_end", "now"))
_UNCOUNT = (update(_SHARED).where(_SHARED.c.key == bindparam("counter_key"))
            .values(value=cast(cast(_SHARED.c.value, Integer) - 1, Text)))


def _counter_key(openid: str) -> str:
    return f"rate:msg:{openid[:80]}"


def guard_and_count(connection: Connection, guard_key: str, digest: str, keep_until: datetime, openid: str,
                    now: datetime) -> tuple[replay.Seen, int] | None:
    """The replay guard (bot/wechat/replay.py) and `openid`'s message count in one statement, in
    the transaction begun on `connection`; None when messages are not limited (the caller checks
    the guard alone). A forged body on a seen query is refused: its count is taken back, so a
    forgery never spends a villager's rate; a redelivery (same body) counts as any delivery."""
    if _setting("USER_MESSAGES_PER_MINUTE") <= 0:
        return None
    counter_key = _counter_key(openid)
    rows = dict(_GUARD_AND_COUNT.rows(connection, {
        "guard_key": guard_key, "digest": digest, "keep_until": keep_until, "counter_key": counter_key,
        "window_end": now + MESSAGE_WINDOW, "now": now}))
    seen = replay.seen_as(rows[guard_key], digest)
    if seen is replay.Seen.OTHER_BODY:
        connection.execute(_UNCOUNT, {"counter_key": counter_key})
    return seen, int(rows[counter_key])


REDIS_COUNTER_SECONDS = 120  # a minute's counter outlives its minute


def redis_counter(openid: str, now: datetime) -> str | None:
    """The Redis key counting `openid`'s messages this minute; None when messages are not limited."""
    if _setting("USER_MESSAGES_PER_MINUTE") <= 0:
        return None
    return f"pianqu:rate:msg:{openid}:{int(now.timestamp()) // 60}"


def within_rate(count: int) -> bool:
    """A message that made its minute's count `count` is allowed (USER_MESSAGES_PER_MINUTE)."""
    cap = _setting("USER_MESSAGES_PER_MINUTE")
    return cap <= 0 or count <= cap


def message_allowed(connection: Connection | None, redis_client, openid: str, now: datetime) -> bool:
    """One more message from `openid`: within USER_MESSAGES_PER_MINUTE? Shared by all workers.
    Without Redis the count is an upsert of shared_values, in the transaction begun on
    `connection` (the webhook's claim: there `guard_and_count` counts along with the guard)."""
    cap = _setting("USER_MESSAGES_PER_MINUTE")
    if cap <= 0:
        return True
    if redis_client is not None:
        key = redis_counter(openid, now)
        with redis_client.pipeline() as pipe:
            count, _ = pipe.incr(key).expire(key, REDIS_COUNTER_SECONDS).execute()
    else:
        assert connection is not None, "the database counts when there is no Redis"
        row = _MESSAGE_COUNT.first(connection, {"counter_key": _counter_key(openid), "now": now,
                                                "window_end": now + MESSAGE_WINDOW})
        count = int(row[1])
    return count <= cap


def _count_today(session: Session, model, user: User, now: datetime, *where) -> int:
    start, end = _day_bounds(now)
    return session.scalar(select(func.count()).select_from(model).where(
        model.villager_id == user.id, model.created_at >= start, model.created_at < end, *where)) or 0


def need_cap(session: Session, user: User, now: datetime) -> str | None:
    """The polite refusal when `user` may not report another need now; None when they may."""
    per_day, open_cap = _setting("USER_NEEDS_PER_DAY"), _setting("USER_OPEN_NEEDS")
    if _count_today(session, Need, user, now) >= per_day:
        return needs_capped_text(per_day)
    open_now = session.scalar(select(func.count()).select_from(Need).where(
        Need.villager_id == user.id, Need.state.in_(OPEN_NEED_STATES))) or 0
    return open_needs_capped_text(open_cap) if open_now >= open_cap else None


def urgency_allowed(session: Session, user: User, urgency: str, now: datetime) -> str:
    """`urgency`, or "normal" once the day's urgent needs are used up (no more instant whistles)."""
    if urgency != "urgent":
        return urgency
    used = _count_today(session, Need, user, now, Need.urgency == "urgent")
    return "urgent" if used < _setting("USER_URGENT_NEEDS_PER_DAY") else "normal"


def errand_cap(session: Session, user: User, now: datetime) -> str | None:
    cap = _setting("USER_ERRANDS_PER_DAY")
    return errands_capped_text(cap) if _count_today(session, Errand, user, now) >= cap else None


def booking_cap(session: Session, user: User, now: datetime) -> str | None:
    cap = _setting("USER_BOOKINGS_PER_DAY")
    return bookings_capped_text(cap) if _count_today(session, Booking, user, now) >= cap else None


def forward_cap(session: Session, openid: str, now: datetime) -> str | None:
    """Counts this forward; the polite refusal once the day's forwards to staff are used up."""
    cap = _setting("USER_STAFF_FORWARDS_PER_DAY")
    day = _day_bounds(now)[0].date().isoformat()
    count = count_in_window(session, f"rate:fwd:{openid[:70]}:{day}", now, timedelta(days=1))
    return forwards_capped_text(cap) if count > cap else None
